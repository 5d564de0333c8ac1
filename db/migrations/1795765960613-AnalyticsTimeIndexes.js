// Hand-written (what `npm run migration:generate` wrote for these schema changes, made safe during
// a catch-up): the indexes the API's analytics read by time (docs/api.md, Analytics).
// - an index on the time of reward_claim, stake_action, contribution, datanet, model, challenge
//   (protocolStats.last24Hours reads each as one range of the last 24 hours);
// - on inference_attribution, (contributor, timestamp) replaces (contributor): it serves every query
//   by contributor, and the split of a contributor's influence by model reads one range of it.
// inference_attribution is a table whose secondary indexes a catch-up defers: applied during a
// catch-up, the replaced index's record goes and the new one is recorded instead of built
// (deferrableIndexes.cjs).
const { ident, replaceDeferrableIndex } = require('./deferrableIndexes.cjs')

const ATTRIBUTION_TABLE = 'inference_attribution'
/** (contributor), replaced */
const CONTRIBUTOR = 'IDX_6cf8a4e126a8f3a154a054aa42'
/** (contributor, timestamp) */
const CONTRIBUTOR_TIME = 'IDX_568c1633898e39bf4a5d9fb51a'

const TIME_INDEXES = [
    ['IDX_cccee52c5a2e31ac4373c4c014', 'stake_action', 'timestamp'],
    ['IDX_87474aab6cfca68bc53b209c9c', 'contribution', 'submitted_at'],
    ['IDX_55dce8670c591374463edaa809', 'datanet', 'created_at'],
    ['IDX_321222bc2cc44e84c7b24746e1', 'model', 'created_at'],
    ['IDX_b8f25342b831907de8acde8c52', 'challenge', 'opened_at'],
    ['IDX_5199af44123014a81e653dae2f', 'reward_claim', 'timestamp'],
]

module.exports = class AnalyticsTimeIndexes1795765960613 {
    name = 'AnalyticsTimeIndexes1795765960613'

    async up(db) {
        await replaceDeferrableIndex(db, ATTRIBUTION_TABLE, CONTRIBUTOR, CONTRIBUTOR_TIME, ['contributor', 'timestamp'])
        for (const [name, table, column] of TIME_INDEXES) {
            await db.query(`CREATE INDEX ${ident(name)} ON ${ident(table)} (${ident(column)})`)
        }
    }

    async down(db) {
        for (const [name] of TIME_INDEXES) await db.query(`DROP INDEX ${ident(name)}`)
        await replaceDeferrableIndex(db, ATTRIBUTION_TABLE, CONTRIBUTOR_TIME, CONTRIBUTOR, ['contributor'])
    }
}

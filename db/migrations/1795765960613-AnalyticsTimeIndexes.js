// Hand-written (what `npm run migration:generate` wrote for these schema changes, made safe during
// a catch-up): the indexes the API's analytics read by time (docs/api.md, Analytics).
// - an index on the time of reward_claim, stake_action, contribution, datanet, model, challenge
//   (protocolStats.last24Hours reads each as one range of the last 24 hours);
// - on inference_attribution, (contributor, timestamp) replaces (contributor): it serves every query
//   by contributor, and the split of a contributor's influence by model reads one range of it.
// inference_attribution is a table whose secondary indexes a catch-up defers (dropped, recorded in
// `<state schema>.deferred_index`, built when the catch-up ends: indexer/batch/deferredIndexes.ts).
// Applied during such a catch-up, the replaced index is dropped if it exists and its record deleted
// (a record of an index the schema no longer declares would stop the build), and the new one is
// recorded instead of built, so that the build at the catch-up's end makes it with the others.
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

/** The processor's state schema, as db/migrations are applied for it (indexer/status.ts's default). */
const stateSchema = () => process.env.PROCESSOR_STATE_SCHEMA || 'squid_processor'

const ident = (name) => `"${String(name).replace(/"/g, '""')}"`

/**
 * The deferral records' table (quoted) and whether the catch-up defers the attribution table's
 * indexes now (it has records for it); no table: nothing is deferred.
 */
async function deferral(db) {
    const table = `${ident(stateSchema())}.deferred_index`
    const [{ exists }] = await db.query('SELECT to_regclass($1) IS NOT NULL AS exists', [table])
    if (!exists) return { table: undefined, deferring: false }
    const [{ deferring }] = await db.query(`SELECT EXISTS (SELECT 1 FROM ${table} WHERE table_name = $1) AS deferring`, [ATTRIBUTION_TABLE])
    return { table, deferring }
}

/** Builds the attribution index `name` on `columns`, or records it for the build if the catch-up defers; drops `replaced` and its record. */
async function replaceAttributionIndex(db, replaced, name, columns) {
    const { table, deferring } = await deferral(db)
    await db.query(`DROP INDEX IF EXISTS ${ident(replaced)}`)
    if (table) await db.query(`DELETE FROM ${table} WHERE name = $1`, [replaced])
    if (deferring) {
        // the definition as pg_indexes prints it (what dropIndexes records)
        await db.query(
            `INSERT INTO ${table} (name, table_name, definition)
             SELECT $1, $2, format('CREATE INDEX %I ON %I.%I USING btree (%s)', $1::text, current_schema(), $2::text,
                                   (SELECT string_agg(quote_ident(c), ', ' ORDER BY n) FROM unnest($3::text[]) WITH ORDINALITY AS t(c, n)))
             ON CONFLICT (name) DO NOTHING`,
            [name, ATTRIBUTION_TABLE, columns],
        )
    } else {
        await db.query(`CREATE INDEX IF NOT EXISTS ${ident(name)} ON ${ident(ATTRIBUTION_TABLE)} (${columns.map(ident).join(', ')})`)
    }
}

module.exports = class AnalyticsTimeIndexes1795765960613 {
    name = 'AnalyticsTimeIndexes1795765960613'

    async up(db) {
        await replaceAttributionIndex(db, CONTRIBUTOR, CONTRIBUTOR_TIME, ['contributor', 'timestamp'])
        for (const [name, table, column] of TIME_INDEXES) {
            await db.query(`CREATE INDEX ${ident(name)} ON ${ident(table)} (${ident(column)})`)
        }
    }

    async down(db) {
        for (const [name] of TIME_INDEXES) await db.query(`DROP INDEX ${ident(name)}`)
        await replaceAttributionIndex(db, CONTRIBUTOR_TIME, CONTRIBUTOR, ['contributor'])
    }
}

// Hand-written (not generated): what the API's squidStatus needs beyond the processor's `status`
// table (docs/api.md, "squidStatus"; docs/security.md, "The read-only role").
//
// - `chain_head` in the processor's state schema: one row (id 0), the chain head the indexer last
//   saw and when, written in each batch's transaction (indexer/batchNotify.ts). It lives beside
//   `status` because it is the processor's state, not indexed data (database comparisons of the
//   public schema must not see it).
// - the read-only role may SELECT `hot_block` (height and hash of the unfinalized blocks whose rows
//   are served) and `chain_head`; `hot_change_log` (the undo log) stays closed.
// The state schema and its tables exist already (migration ReaderRole creates them).
const ROLE = 'openledger_reader'

const stateSchema = () => process.env.PROCESSOR_STATE_SCHEMA || 'squid_processor'
const ident = (name) => `"${String(name).replace(/"/g, '""')}"`

module.exports = class LiveStatus1795800000000 {
    name = 'LiveStatus1795800000000'

    async up(db) {
        const schema = ident(stateSchema())
        await db.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
        await db.query(`CREATE TABLE IF NOT EXISTS ${schema}.hot_block (height int4 primary key, hash text not null)`)
        await db.query(`CREATE TABLE IF NOT EXISTS ${schema}.chain_head (id int4 primary key, height int4 not null, seen_at timestamptz not null)`)
        const [{ exists }] = await db.query('SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists', [ROLE])
        if (!exists) {
            console.warn(`migration LiveStatus: ${ROLE} does not exist; an administrator grants it SELECT on ${schema}.hot_block and ${schema}.chain_head (docs/security.md)`)
            return
        }
        await db.query(`GRANT SELECT ON ${schema}.hot_block, ${schema}.chain_head TO ${ROLE}`)
    }

    async down(db) {
        const schema = ident(stateSchema())
        const [{ exists }] = await db.query('SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists', [ROLE])
        if (exists) await db.query(`REVOKE SELECT ON ${schema}.hot_block FROM ${ROLE}`)
        await db.query(`DROP TABLE IF EXISTS ${schema}.chain_head`)
    }
}

// Hand-written; not a migration (TypeORM loads `*.js` here): what the hand-written migrations that
// change an index of a table whose secondary indexes a catch-up defers share.
// A catch-up drops those indexes and records their definitions in `<state schema>.deferred_index`
// (indexer/batch/deferredIndexes.ts), and builds them when it ends. A migration applied during such
// a catch-up must keep the records true: an index it drops loses its record too (a record of an
// index the schema no longer declares would stop the build), and an index it adds to a deferring
// table is recorded instead of built, so that the build at the catch-up's end makes it with the others.

/** The processor's state schema, as db/migrations are applied for it (indexer/status.ts's default). */
const stateSchema = () => process.env.PROCESSOR_STATE_SCHEMA || 'squid_processor'

const ident = (name) => `"${String(name).replace(/"/g, '""')}"`

/** The deferral records' table (quoted), or undefined when there is none (no catch-up ever deferred). */
async function recordsTable(db) {
    const records = `${ident(stateSchema())}.deferred_index`
    const [{ exists }] = await db.query('SELECT to_regclass($1) IS NOT NULL AS exists', [records])
    return exists ? records : undefined
}

/** Drops the index `name` if it exists, and its deferral record if there is one. */
async function dropDeferrableIndex(db, name) {
    const records = await recordsTable(db)
    await db.query(`DROP INDEX IF EXISTS ${ident(name)}`)
    if (records) await db.query(`DELETE FROM ${records} WHERE name = $1`, [name])
}

/** Whether a catch-up defers `table`'s indexes now: it has records for it. */
async function deferring(db, records, table) {
    if (records === undefined) return false
    const [row] = await db.query(`SELECT EXISTS (SELECT 1 FROM ${records} WHERE table_name = $1) AS deferring`, [table])
    return row.deferring
}

/** Records the index for the catch-up's build (the definition as pg_indexes prints it, what the catch-up records), or builds it now. */
async function addIndex(db, records, deferred, table, name, columns) {
    if (deferred) {
        await db.query(
            `INSERT INTO ${records} (name, table_name, definition)
             SELECT $1, $2, format('CREATE INDEX %I ON %I.%I USING btree (%s)', $1::text, current_schema(), $2::text,
                                   (SELECT string_agg(quote_ident(c), ', ' ORDER BY n) FROM unnest($3::text[]) WITH ORDINALITY AS t(c, n)))
             ON CONFLICT (name) DO NOTHING`,
            [name, table, columns],
        )
    } else {
        await db.query(`CREATE INDEX IF NOT EXISTS ${ident(name)} ON ${ident(table)} (${columns.map(ident).join(', ')})`)
    }
}

/** Builds the index `name` on `table` (`columns`), or records it for the build if a catch-up defers the table. */
async function createDeferrableIndex(db, table, name, columns) {
    const records = await recordsTable(db)
    await addIndex(db, records, await deferring(db, records, table), table, name, columns)
}

/**
 * Replaces the index `replaced` of `table` by `name` on `columns`: whether the catch-up defers the
 * table is decided before the replaced index's record goes (it may be the table's only record).
 */
async function replaceDeferrableIndex(db, table, replaced, name, columns) {
    const records = await recordsTable(db)
    const deferred = await deferring(db, records, table)
    await db.query(`DROP INDEX IF EXISTS ${ident(replaced)}`)
    if (records) await db.query(`DELETE FROM ${records} WHERE name = $1`, [replaced])
    await addIndex(db, records, deferred, table, name, columns)
}

module.exports = { ident, dropDeferrableIndex, createDeferrableIndex, replaceDeferrableIndex }

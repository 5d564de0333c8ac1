// Hand-written (what `npm run migration:generate` wrote for these schema changes, made safe during
// a catch-up, and the reader role's planner cost): the indexes the API's newest-first pages read.
// A page sorted by block is ordered (block_number, id), the id tie-break in the block's direction
// (docs/api.md, Ordering), so one index scan, forward or backward, yields a page without a sort:
// - on inference, (block_number, id) replaces (block_number) ("the latest inferences": the newest
//   block's ~660 rows were sorted for every page);
// - on inference_attribution, (contributor, block_number, id): a contributor's latest attributions
//   read only that contributor's rows, from its cursor on.
// Both are tables whose secondary indexes a catch-up defers (deferrableIndexes.cjs).
// And `random_page_cost = 1.1` for the read-only role `openledger_reader` (its logins copy it:
// db/readerRole.ts): the default 4 prices a page read as a disk seek, so the planner walked the
// newest blocks of every contributor and sorted rather than read one contributor's index range;
// the API's data is served from memory or SSD, where 1.1 is the usual setting.
const { ident, dropDeferrableIndex, createDeferrableIndex, replaceDeferrableIndex } = require('./deferrableIndexes.cjs')

/** inference (block_number), replaced */
const INFERENCE_BLOCK = 'IDX_47dc3a2fbbad206d45fb3d45fa'
/** inference (block_number, id) */
const INFERENCE_BLOCK_ID = 'IDX_0b19c89ea590802ecd1c195cf9'
/** inference_attribution (contributor, block_number, id) */
const CONTRIBUTOR_BLOCK_ID = 'IDX_d3c4b6f3c97b18e417ebba9d2d'

const ROLE = 'openledger_reader'
const RANDOM_PAGE_COST = '1.1'

/**
 * Sets (or resets) the role's random_page_cost when the role exists, in a savepoint: a user that may
 * not alter the role (Postgres 16+ asks for ADMIN on it, beyond CREATEROLE) leaves it to an
 * administrator with a warning, and the migrations' transaction goes on.
 */
async function setPageCost(db, value) {
    const [{ exists }] = await db.query('SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists', [ROLE])
    const sql = value === undefined ? `ALTER ROLE ${ident(ROLE)} RESET random_page_cost` : `ALTER ROLE ${ident(ROLE)} SET random_page_cost = ${value}`
    if (!exists) {
        console.warn(`migration BlockOrderIndexes: ${ROLE} does not exist; its random_page_cost is left to an administrator (docs/security.md)`)
        return
    }
    await db.query('SAVEPOINT page_cost')
    try {
        await db.query(sql)
        await db.query('RELEASE SAVEPOINT page_cost')
    } catch (err) {
        await db.query('ROLLBACK TO SAVEPOINT page_cost')
        console.warn(`migration BlockOrderIndexes: ${sql} refused (${err.message}); an administrator runs it (docs/security.md)`)
    }
}

module.exports = class BlockOrderIndexes1795820000000 {
    name = 'BlockOrderIndexes1795820000000'

    async up(db) {
        await replaceDeferrableIndex(db, 'inference', INFERENCE_BLOCK, INFERENCE_BLOCK_ID, ['block_number', 'id'])
        await createDeferrableIndex(db, 'inference_attribution', CONTRIBUTOR_BLOCK_ID, ['contributor', 'block_number', 'id'])
        await setPageCost(db, RANDOM_PAGE_COST)
    }

    async down(db) {
        await setPageCost(db, undefined)
        await dropDeferrableIndex(db, CONTRIBUTOR_BLOCK_ID)
        await replaceDeferrableIndex(db, 'inference', INFERENCE_BLOCK_ID, INFERENCE_BLOCK, ['block_number'])
    }
}

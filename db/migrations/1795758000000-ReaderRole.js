// Hand-written (not generated): the read-only role the API and Grafana use. See docs/security.md.
//
// `openledger_reader` is a NOLOGIN group role: logins are its members (db/readerRole.ts,
// `npm run db:reader-login`). It may SELECT every table of `public` (those that exist now, and by
// default privileges those the migrations' user creates later), and of the processor's state
// schema the `status` table only (not hot_block or hot_change_log). Its statement_timeout is the
// one its logins get (Postgres applies a role's settings to the role that logs in, not to members).
// Roles are cluster-wide: the role may exist already (another database, an earlier run).
// A user that can create roles is needed; on a server where the migrations' user cannot (a managed
// Postgres), the role is left to an administrator and this migration only says so.
const ROLE = 'openledger_reader'
const STATEMENT_TIMEOUT = '30s'

/** The processor's state schema, as db/migrations are applied for it (indexer/status.ts's default). */
const stateSchema = () => process.env.PROCESSOR_STATE_SCHEMA || 'squid_processor'

const ident = (name) => `"${String(name).replace(/"/g, '""')}"`

/** Runs `sql` in a savepoint; false (and the transaction intact) when Postgres refuses it. */
async function tryQuery(db, sql) {
    await db.query('SAVEPOINT reader_role')
    try {
        await db.query(sql)
        await db.query('RELEASE SAVEPOINT reader_role')
        return true
    } catch (err) {
        await db.query('ROLLBACK TO SAVEPOINT reader_role')
        console.warn(`migration ReaderRole: ${sql.split(' ').slice(0, 4).join(' ')} … refused: ${err.message}`)
        return false
    }
}

module.exports = class ReaderRole1795758000000 {
    name = 'ReaderRole1795758000000'

    async up(db) {
        const [{ exists, can }] = await db.query(
            `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists,
                    (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) AS can`,
            [ROLE],
        )
        if (!exists) {
            if (!can) {
                console.warn(`migration ReaderRole: ${ROLE} does not exist and this user cannot create roles; an administrator creates it (docs/security.md)`)
                return
            }
            // roles are cluster-wide: the migrations of another database may create it at the same
            // moment (42710 duplicate_object, or 23505 on pg_authid); then it exists, as wanted
            await db.query('SAVEPOINT reader_role_create')
            try {
                await db.query(`CREATE ROLE ${ROLE} NOLOGIN`)
                await db.query('RELEASE SAVEPOINT reader_role_create')
            } catch (err) {
                if (err.code !== '42710' && err.code !== '23505') throw err
                await db.query('ROLLBACK TO SAVEPOINT reader_role_create')
            }
        }
        if (can) await tryQuery(db, `ALTER ROLE ${ROLE} SET statement_timeout = '${STATEMENT_TIMEOUT}'`)
        const [{ database }] = await db.query('SELECT current_database() AS database')
        await db.query(`GRANT CONNECT ON DATABASE ${ident(database)} TO ${ROLE}`)
        await db.query(`GRANT USAGE ON SCHEMA public TO ${ROLE}`)
        await db.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${ROLE}`)
        await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO ${ROLE}`)
        // The processor creates its state schema after the migrations, with these very statements
        // (@subsquid/typeorm-store 1.5.1's; IF NOT EXISTS: it finds them done): made here, all of
        // it (a status table without the hot-block tables would be a state no processor leaves),
        // so that the status table can be granted.
        const schema = ident(stateSchema())
        await db.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
        await db.query(`CREATE TABLE IF NOT EXISTS ${schema}.status (id int4 primary key, height int4 not null, hash text DEFAULT '0x', nonce int4 DEFAULT 0)`)
        await db.query(`CREATE TABLE IF NOT EXISTS ${schema}.hot_block (height int4 primary key, hash text not null)`)
        await db.query(`CREATE TABLE IF NOT EXISTS ${schema}.hot_change_log (block_height int4 not null references ${schema}.hot_block on delete cascade, index int4 not null, change jsonb not null, PRIMARY KEY (block_height, index))`)
        await db.query(`GRANT USAGE ON SCHEMA ${schema} TO ${ROLE}`)
        await db.query(`GRANT SELECT ON ${schema}.status TO ${ROLE}`)
    }

    async down(db) {
        const [{ exists }] = await db.query('SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists', [ROLE])
        if (!exists) return
        const schema = stateSchema()
        const [{ status, hasSchema }] = await db.query(
            `SELECT to_regclass($1) IS NOT NULL AS status, EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $2) AS "hasSchema"`,
            [`${ident(schema)}.status`, schema],
        )
        if (status) await db.query(`REVOKE SELECT ON ${ident(schema)}.status FROM ${ROLE}`)
        if (hasSchema) await db.query(`REVOKE USAGE ON SCHEMA ${ident(schema)} FROM ${ROLE}`)
        await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT ON TABLES FROM ${ROLE}`)
        await db.query(`REVOKE SELECT ON ALL TABLES IN SCHEMA public FROM ${ROLE}`)
        await db.query(`REVOKE USAGE ON SCHEMA public FROM ${ROLE}`)
        const [{ database }] = await db.query('SELECT current_database() AS database')
        await db.query(`REVOKE CONNECT ON DATABASE ${ident(database)} FROM ${ROLE}`)
        // dropped only when no other database still grants it something (roles are cluster-wide)
        const [{ elsewhere }] = await db.query(
            `SELECT EXISTS (
                SELECT 1 FROM pg_shdepend d
                WHERE d.refclassid = 'pg_authid'::regclass AND d.refobjid = (SELECT oid FROM pg_roles WHERE rolname = $1)
                  AND d.dbid <> (SELECT oid FROM pg_database WHERE datname = current_database())
            ) AS elsewhere`,
            [ROLE],
        )
        if (!elsewhere) await tryQuery(db, `DROP ROLE ${ROLE}`)
    }
}

// Logins of the read-only role (`openledger_reader`, made by the migration ReaderRole; see
// docs/security.md): a login is a member of the role and gets the role's settings (statement_timeout,
// random_page_cost): Postgres applies a role's settings only to the role that logs in, so each login
// carries a copy, made again whenever the login is created or updated.
import { withClient, type DbSettings } from './postgres.ts';

export const READER_ROLE = 'openledger_reader';

/**
 * Creates (or updates) the login `name` with `password` as a member of the read-only role, with the
 * role's settings and no others (a setting the role no longer has goes). `admin` must be able to create roles (the embedded server's superuser is).
 * Returns settings to connect as the login.
 */
export async function createReaderLogin(admin: DbSettings, name: string, password: string): Promise<DbSettings> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`reader login: expected a lowercase name of letters, digits and _, got ${JSON.stringify(name)}`);
  if (password.length < 16) throw new Error('reader login: expected a password of 16 characters or more');
  await withClient(admin, async (c) => {
    const role = await c.query<{ settings: string[] | null }>(
      `SELECT (SELECT setconfig FROM pg_db_role_setting WHERE setrole = r.oid AND setdatabase = 0) AS settings
       FROM pg_roles r WHERE rolname = $1`,
      [READER_ROLE],
    );
    if (role.rowCount === 0) throw new Error(`reader login: the role ${READER_ROLE} does not exist; apply the migrations first (npm run migration:apply)`);
    const login = c.escapeIdentifier(name);
    const exists = (await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).rowCount !== 0;
    await c.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${login} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${c.escapeLiteral(password)}`);
    await c.query(`GRANT ${READER_ROLE} TO ${login}`);
    await c.query(`ALTER ROLE ${login} RESET ALL`);
    for (const setting of role.rows[0]!.settings ?? []) {
      const [key, ...value] = setting.split('=');
      await c.query(`ALTER ROLE ${login} SET ${c.escapeIdentifier(key!)} = ${c.escapeLiteral(value.join('='))}`);
    }
  });
  return { ...admin, user: name, password };
}

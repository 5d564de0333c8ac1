// `npm run db:reader-login -- <name>`: a login for the read-only role (the API, Grafana), on
// DATABASE_URL (whose user must be able to create roles) or the embedded Postgres. Its password is
// READER_PASSWORD when set, else random; it is written to `<runtime>/postgres/<name>.password`
// (mode 0600) and never printed. See docs/security.md.
import { join } from 'node:path';
import { newPassword, writePasswordFile } from '../db/embeddedCluster.ts';
import { resolveDatabase } from '../db/postgres.ts';
import { createReaderLogin, READER_ROLE } from '../db/readerRole.ts';
import { runtimeDir } from '../lib/runtime.ts';

async function main(argv: string[]): Promise<void> {
  const name = argv[0];
  if (!name) throw new Error('usage: npm run db:reader-login -- <name>   (READER_PASSWORD=… to choose the password)');
  const password = process.env.READER_PASSWORD || newPassword();
  const pg = await resolveDatabase();
  try {
    const login = await createReaderLogin(pg.settings, name, password);
    const file = join(runtimeDir('postgres'), `${name}.password`);
    writePasswordFile(file, password);
    console.log(`login ${name} (member of ${READER_ROLE}) on ${login.host}:${login.port}/${login.database}; password in ${file}`);
  } finally {
    await pg.stop();
  }
}

main(process.argv.slice(2)).catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});

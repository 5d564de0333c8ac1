// `npm run migration:generate`: squid-typeorm-migration writes the next migration to db/migrations.
// The tool follows squid's CommonJS layout (it `require`s lib/model); it runs here in a scratch
// project whose lib/model re-exports our ESM model through tsx, whose db/migrations is a link to
// ours, against a throw-away embedded Postgres on which the existing migrations are applied first.
// `npm run migration:check` fails when the model has changes no migration covers.
// `npm run migration:apply` applies pending migrations to DATABASE_URL (else the embedded Postgres);
// the processor also applies them when it starts.
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyMigrations, MIGRATIONS_DIR, pendingSchemaChanges } from '../db/dataSource.ts';
import { dbEnv, resolveDatabase, startEmbeddedPostgres, type DbSettings } from '../db/postgres.ts';
import { ROOT, withScratch } from './generated.ts';

/** Runs squid-typeorm-migration `generate` against `s`; false when the model has no changes. */
function generate(s: DbSettings, name: string): boolean {
  return withScratch((dir) => {
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    mkdirSync(join(dir, 'lib', 'model'), { recursive: true });
    const model = join(ROOT, 'db', 'model', 'generated', 'index.ts');
    writeFileSync(join(dir, 'lib', 'model', 'index.ts'), `export * from ${JSON.stringify(model)};\n`);
    mkdirSync(join(dir, 'db'));
    symlinkSync(MIGRATIONS_DIR, join(dir, 'db', 'migrations'), 'dir');
    const tool = join(ROOT, 'node_modules', '@subsquid', 'typeorm-migration', 'lib', 'generate.js');
    const res = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), tool, '--name', name], {
      cwd: dir,
      env: { ...process.env, ...dbEnv(s), DB_URL: '', TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json') },
      encoding: 'utf8',
    });
    if (res.status === 0) {
      process.stdout.write(res.stdout);
      return true;
    }
    if (/No changes in database schema/.test(res.stderr)) return false;
    throw new Error(`squid-typeorm-migration generate failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
  });
}

/** The SQL the model still needs after all migrations are applied to an empty database. */
export async function uncoveredChanges(): Promise<string[]> {
  const pg = await startEmbeddedPostgres({ fast: true });
  try {
    await applyMigrations(pg.settings);
    return await pendingSchemaChanges(pg.settings);
  } finally {
    await pg.stop();
  }
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'check') {
    const missing = await uncoveredChanges();
    if (missing.length > 0) {
      console.error(`migrations: ${missing.length} schema changes not covered; run \`npm run migration:generate\`:`);
      for (const q of missing) console.error(`  ${q}`);
      process.exit(1);
    }
    console.log('migrations: db/migrations cover the model');
    return;
  }
  if (argv[0] === 'apply') {
    const pg = await resolveDatabase();
    try {
      console.log(`migrations: applied ${JSON.stringify(await applyMigrations(pg.settings))}`);
    } finally {
      await pg.stop();
    }
    return;
  }
  if (argv[0] !== 'generate') throw new Error('usage: tsx scripts/migrations.ts generate [--name Name] | check | apply');
  const nameAt = argv.indexOf('--name');
  const name = nameAt >= 0 ? (argv[nameAt + 1] ?? 'Data') : 'Data';
  const pg = await startEmbeddedPostgres({ fast: true });
  try {
    await applyMigrations(pg.settings);
    const wrote = generate(pg.settings, name);
    console.log(wrote ? 'migrations: wrote a new migration to db/migrations' : 'migrations: the model has no changes');
  } finally {
    await pg.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

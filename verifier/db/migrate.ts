// The verifier's own migrations: plain SQL files in verifier/db/migrations, applied in name order,
// each once, in one transaction with its row in `verifier.migrations`. An advisory lock lets several
// verifier processes start together. The read-only role (`openledger_reader`) may SELECT every table
// of the schema, so the API can show verdicts, and the views the migrations make in `public` for the
// dashboards (`analytics_verdicts_daily`).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

export const VERIFIER_SCHEMA = 'verifier';
const DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
/** pg_advisory_lock key of the migration step ("verifier" in ASCII). */
const LOCK = 0x7665726966696572n;

/** Views the migrations make in `public` (the dashboards read them as the read-only role). */
export const PUBLIC_VIEWS = ['analytics_verdicts_daily'] as const;

export function migrationFiles(): string[] {
  return readdirSync(DIR).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
}

/** Applies the migrations not applied yet; returns the names it applied. */
export async function migrateVerifier(client: pg.Client | pg.PoolClient): Promise<string[]> {
  const applied: string[] = [];
  await client.query('SELECT pg_advisory_lock($1)', [LOCK.toString()]);
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${VERIFIER_SCHEMA}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${VERIFIER_SCHEMA}.migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ name: string }>(`SELECT name FROM ${VERIFIER_SCHEMA}.migrations`)).rows.map((r) => r.name));
    for (const file of migrationFiles()) {
      if (done.has(file)) continue;
      await client.query('BEGIN');
      try {
        await client.query(readFileSync(join(DIR, file), 'utf8'));
        await client.query(`INSERT INTO ${VERIFIER_SCHEMA}.migrations (name) VALUES ($1)`, [file]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`verifier migration ${file} failed: ${(e as Error).message}`);
      }
      applied.push(file);
    }
    await grantReader(client);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK.toString()]);
  }
  return applied;
}

/**
 * SELECT on the schema's tables and on the public views for the read-only role, when it exists (the
 * indexer's migrations make it). The ReaderRole migration's default privileges cover the views only
 * when the verifier migrates as the user that ran it: grant them explicitly.
 */
async function grantReader(client: pg.Client | pg.PoolClient): Promise<void> {
  const role = await client.query(`SELECT 1 FROM pg_roles WHERE rolname = 'openledger_reader'`);
  if (role.rowCount === 0) return;
  await client.query(`GRANT USAGE ON SCHEMA ${VERIFIER_SCHEMA} TO openledger_reader`);
  await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${VERIFIER_SCHEMA} TO openledger_reader`);
  for (const view of PUBLIC_VIEWS) await client.query(`GRANT SELECT ON public.${view} TO openledger_reader`);
}

// Start blocks found on chain, remembered per (chain id, address) in the processor's state schema
// (`<state schema>.contract_start`), so a restart does not search again. The key is the chain id the
// RPC answered with, so a value found on another chain, or for another address, is never reused.
import type pg from 'pg';

export const START_TABLE = 'contract_start';

export interface RememberedStart {
  chainId: number;
  address: string;
  startBlock: number;
}

async function ensureTable(client: pg.ClientBase, schema: string): Promise<void> {
  await client.query(
    `CREATE SCHEMA IF NOT EXISTS ${schema}; CREATE TABLE IF NOT EXISTS ${schema}.${START_TABLE} ` +
      '(chain_id bigint NOT NULL, address text NOT NULL, start_block bigint NOT NULL, found_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (chain_id, address))',
  );
}

/** The remembered start of `address` on `chainId`, if any. */
export async function rememberedStart(client: pg.ClientBase, stateSchema: string, chainId: number, address: string): Promise<number | undefined> {
  const schema = client.escapeIdentifier(stateSchema);
  const found = await client.query('SELECT to_regclass($1) IS NOT NULL AS ok', [`${schema}.${START_TABLE}`]);
  if (!(found.rows[0] as { ok: boolean }).ok) return undefined;
  const res = await client.query<{ start_block: string }>(
    `SELECT start_block FROM ${schema}.${START_TABLE} WHERE chain_id = $1 AND address = $2`,
    [chainId, address.toLowerCase()],
  );
  return res.rows[0] ? Number(res.rows[0].start_block) : undefined;
}

export async function rememberStart(client: pg.ClientBase, stateSchema: string, start: RememberedStart): Promise<void> {
  const schema = client.escapeIdentifier(stateSchema);
  await ensureTable(client, schema);
  await client.query(
    `INSERT INTO ${schema}.${START_TABLE} (chain_id, address, start_block) VALUES ($1, $2, $3) ` +
      'ON CONFLICT (chain_id, address) DO UPDATE SET start_block = EXCLUDED.start_block, found_at = now()',
    [start.chainId, start.address.toLowerCase(), start.startBlock],
  );
}

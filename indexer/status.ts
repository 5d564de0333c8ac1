// Where the processor is: the highest block whose rows are committed (the top hot block, else the
// finalized status height) and its hash, from the processor's state schema.
import type pg from 'pg';

export interface IndexedHead {
  height: number;
  hash: string;
}

/** The schema of the processor's status and hot-block tables unless PROCESSOR_STATE_SCHEMA says otherwise. */
export const DEFAULT_STATE_SCHEMA = 'squid_processor';

/** The indexed head, or undefined before the processor's first commit (no status table or height -1). */
export async function indexedHead(client: pg.ClientBase, stateSchema = DEFAULT_STATE_SCHEMA): Promise<IndexedHead | undefined> {
  const exists = await client.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [stateSchema, 'status']);
  if (exists.rowCount === 0) return undefined;
  const schema = client.escapeIdentifier(stateSchema);
  const res = await client.query<{ height: number; hash: string }>(
    `SELECT height, hash FROM ${schema}.hot_block UNION ALL SELECT height, hash FROM ${schema}.status WHERE id = 0 ORDER BY height DESC LIMIT 1`,
  );
  const top = res.rows[0];
  return top && top.height >= 0 ? { height: Number(top.height), hash: top.hash } : undefined;
}

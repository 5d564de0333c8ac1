// What the processor's hot-block state must look like after any run, read straight from the
// database (squid's `<state schema>.status`, `hot_block`, `hot_change_log`): the hot blocks follow
// the finalized height without a gap and are the chain's blocks; every undo-log row belongs to a
// hot block (the cascade from hot_block deleted the rest); every row a hot block's log wrote has its
// undo entry in that block, and every entry points at a row that exists.
import { withClient, type DbSettings } from '../../db/postgres.ts';
import { DEFAULT_STATE_SCHEMA } from '../../indexer/status.ts';

export interface UndoLogOptions {
  stateSchema?: string;
  /** the chain's hash of a block (e.g. from anvil): each hot block must be the chain's */
  hashAt?: (height: number) => Promise<string>;
}

interface Change {
  kind: 'insert' | 'update' | 'delete';
  table: string;
  id: string;
}

/** What is wrong with the hot blocks and their undo log, as sentences; empty when all holds. */
export async function undoLogProblems(db: DbSettings, options: UndoLogOptions = {}): Promise<string[]> {
  return withClient(db, async (c) => {
    const schema = c.escapeIdentifier(options.stateSchema ?? DEFAULT_STATE_SCHEMA);
    const problems: string[] = [];
    const [status] = (await c.query<{ height: number }>(`SELECT height FROM ${schema}.status WHERE id = 0`)).rows;
    if (!status) return ['no status row'];
    const blocks = (await c.query<{ height: number; hash: string }>(`SELECT height, hash FROM ${schema}.hot_block ORDER BY height`)).rows;
    blocks.forEach((b, i) => {
      if (b.height !== status.height + 1 + i) problems.push(`hot block ${b.height} at position ${i}: expected height ${status.height + 1 + i} (the finalized height ${status.height} plus ${i + 1})`);
    });
    if (options.hashAt) {
      for (const b of blocks) {
        const chain = await options.hashAt(b.height);
        if (chain !== b.hash) problems.push(`hot block ${b.height} is ${b.hash}, the chain's is ${chain}`);
      }
    }
    const orphans = await c.query<{ height: number; n: number }>(
      `SELECT block_height AS height, count(*)::int AS n FROM ${schema}.hot_change_log l
       WHERE NOT EXISTS (SELECT 1 FROM ${schema}.hot_block b WHERE b.height = l.block_height) GROUP BY 1 ORDER BY 1`,
    );
    for (const o of orphans.rows) problems.push(`${o.n} undo-log rows of block ${o.height}, which is not a hot block`);

    const heights = blocks.map((b) => b.height);
    const entries = (await c.query<{ height: number; change: Change }>(
      `SELECT block_height AS height, change FROM ${schema}.hot_change_log WHERE block_height = ANY($1::int[]) ORDER BY block_height, index`,
      [heights],
    )).rows;
    const logged = new Set(entries.filter((e) => e.change.kind !== 'delete').map((e) => `${e.height} ${e.change.table} ${e.change.id}`));
    // every entry that inserted or updated a row points at a row that exists
    const byTable = new Map<string, Set<string>>();
    for (const e of entries) {
      if (e.change.kind === 'delete') continue;
      const ids = byTable.get(e.change.table) ?? new Set<string>();
      ids.add(e.change.id);
      byTable.set(e.change.table, ids);
    }
    for (const [table, ids] of byTable) {
      const found = await c.query<{ id: string }>(`SELECT id FROM ${c.escapeIdentifier(table)} WHERE id = ANY($1::text[])`, [[...ids]]);
      const present = new Set(found.rows.map((r) => r.id));
      for (const id of ids) if (!present.has(id)) problems.push(`the undo log records ${table} ${id}, which does not exist`);
    }
    // every row a hot block's log wrote (tables with block_number; not views, e.g. the analytics views) has its entry in that block
    const tables = await c.query<{ table_name: string }>(
      `SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
       WHERE c.table_schema = 'public' AND c.column_name = 'block_number' AND t.table_type = 'BASE TABLE' ORDER BY 1`,
    );
    for (const { table_name: table } of tables.rows) {
      const rows = await c.query<{ id: string; height: number }>(
        `SELECT id, block_number AS height FROM ${c.escapeIdentifier(table)} WHERE block_number = ANY($1::int[])`,
        [heights],
      );
      for (const r of rows.rows) {
        if (!logged.has(`${r.height} ${table} ${r.id}`)) problems.push(`${table} ${r.id} of hot block ${r.height} has no undo entry in that block`);
      }
    }
    return problems;
  });
}

// Catch-up writes without per-row foreign-key checks. Postgres checks each foreign key of each
// inserted row with a trigger (a lookup and a row lock on the parent): on the attribution tables that
// is about two thirds of the time COPY takes. A large batch of finalized blocks therefore runs with
// `session_replication_role = replica` for its transaction (SET LOCAL), which skips those triggers
// the way pg_restore --disable-triggers does; the constraints stay, the indexer writes parents before
// children (WRITE_ORDER), and hot blocks (at the head, undoable) keep every check.
// It needs a superuser (as the embedded Postgres's role is); otherwise writes stay checked.
// Triggers that must fire during catch-up too (e.g. NOTIFY for subscriptions) must be ENABLE ALWAYS.
import type { DataSource } from 'typeorm';
import type { StoreAccess } from './storeAccess.ts';

/** Rows a finalized batch writes from which its foreign-key checks are skipped (BULK_LOAD_ROWS). */
export function bulkLoadThreshold(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.BULK_LOAD_ROWS;
  if (raw === undefined || raw === '') return 5_000;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`BULK_LOAD_ROWS: expected a non-negative integer, got ${raw}`);
  return n === 0 ? Number.POSITIVE_INFINITY : n;
}

const allowed = new WeakMap<DataSource, Promise<boolean>>();

function mayReplicate(db: StoreAccess): Promise<boolean> {
  const con = db.em.connection;
  let answer = allowed.get(con);
  if (!answer) {
    answer = db.em
      .query(`SELECT current_setting('is_superuser') = 'on' AS ok`)
      .then((rows: { ok: boolean }[]) => rows[0]?.ok === true);
    allowed.set(con, answer);
  }
  return answer;
}

/** Whether a batch writing `rows` is a bulk load: finalized blocks only (no undo log) and at least `threshold` rows. */
export function isBulkLoad(db: StoreAccess, rows: number, threshold = bulkLoadThreshold()): boolean {
  return !db.tracker && rows >= threshold;
}

/**
 * Skips foreign-key (and other non-ALWAYS) triggers for the rest of this transaction when it is a
 * bulk load (`bulkLoad`, from isBulkLoad) and the role may. Resolves with the `SET LOCAL` statement,
 * queued but not awaited (the connection runs statements in order, so it is in force for every
 * write queued after it, and the batch saves a round trip), or with undefined when the checks stay.
 */
export async function enterBulkLoad(db: StoreAccess, bulkLoad: boolean): Promise<{ set: Promise<unknown> } | undefined> {
  if (!bulkLoad || !(await mayReplicate(db))) return undefined;
  return { set: db.em.query('SET LOCAL session_replication_role = replica') };
}

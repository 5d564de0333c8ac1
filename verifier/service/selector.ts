// Which records to verify (docs/attribution.md, Sampling): whether a record waits (its seed block
// not mined, or not final at the configured depth) or is decided, and how, is the engine's
// `samplingStatus`, so the service and the spec cannot drift. Records are decided in id order, and
// the cursor only moves past a record once it is decided, so a restart (or a second process, after
// the lock) goes on where the last one stopped. Every record of an attributor with a DISPUTE verdict
// here, or slashed on chain, is selected too.
import type pg from 'pg';
import type { Hex } from 'viem';
import { inTransaction } from '../db/transaction.ts';
import { samplingStatus, seedBlockFor, type SamplingStatus } from './engine.ts';
import { flaggedAttributors, recordsAfter, unselectedOf } from './records.ts';

/** pg_advisory_xact_lock key of a selection pass. */
const SELECT_LOCK = 0x76657269666965n + 2n;

export interface SelectionConfig {
  ratePpm: number;
  seedDelay: number;
  /** The finality depth in blocks given to `samplingStatus`. */
  finalityDepth: number;
  /** Records decided per pass at most. */
  batch?: number;
}

export interface ChainView {
  head(): Promise<bigint>;
  blockHash(n: bigint): Promise<Hex>;
}

export interface SelectionResult {
  decided: number;
  sampled: bigint[];
  byAttributor: bigint[];
  /** The first record whose seed block is not final yet (undefined when none waits). */
  waitingFor?: bigint;
  /** Why it waits (the engine's reason: 'seed block not mined' or 'seed block not final'). */
  waitReason?: WaitReason;
}

type WaitReason = Extract<SamplingStatus, { state: 'wait' }>['reason'];

export interface Decision {
  inferenceId: bigint;
  blockNumber: number;
  seedBlock: bigint;
  seedHash: Hex;
  sampled: boolean;
}

/**
 * Decides records in the order given, by the engine's `samplingStatus` at chain head `head` and
 * depth `cfg.finalityDepth`, up to the first that must wait (it and the records after it wait).
 * Reproducible from block hashes alone.
 */
export async function decideSamples(
  records: readonly { inferenceId: bigint; blockNumber: number }[],
  chain: ChainView,
  cfg: SelectionConfig,
  head: bigint,
): Promise<{ decided: Decision[]; waitingFor?: bigint; waitReason?: WaitReason }> {
  const decided: Decision[] = [];
  const hashes = new Map<bigint, Hex>();
  for (const r of records) {
    const seedBlock = seedBlockFor(BigInt(r.blockNumber), cfg.seedDelay);
    // A hash exists only for a mined block; the engine says whether it is final enough to use.
    let seedHash = hashes.get(seedBlock);
    if (!seedHash && seedBlock <= head) hashes.set(seedBlock, (seedHash = await chain.blockHash(seedBlock)));
    const status = samplingStatus({
      recordBlock: BigInt(r.blockNumber), inferenceId: r.inferenceId, ratePpm: cfg.ratePpm, head, finality: cfg.finalityDepth, seedBlockHash: seedHash, delay: cfg.seedDelay,
    });
    if (status.state === 'wait') return { decided, waitingFor: r.inferenceId, waitReason: status.reason };
    decided.push({ ...r, seedBlock: status.seedBlock, seedHash: seedHash!, sampled: status.sampled });
  }
  return { decided };
}

export async function selectionPass(pool: pg.Pool, chain: ChainView, cfg: SelectionConfig): Promise<SelectionResult> {
  const out: SelectionResult = { decided: 0, sampled: [], byAttributor: [] };
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [SELECT_LOCK.toString()]);
    const cur = await client.query(`SELECT last_inference_id FROM verifier.cursor WHERE id = 'main'`);
    let cursor = cur.rowCount ? BigInt(cur.rows[0].last_inference_id) : 0n;
    const plan = await decideSamples(await recordsAfter(client, cursor, cfg.batch ?? 500), chain, cfg, await chain.head());
    out.waitingFor = plan.waitingFor;
    out.waitReason = plan.waitReason;
    for (const d of plan.decided) {
      if (d.sampled) {
        const ins = await client.query(
          `INSERT INTO verifier.selection (inference_id, record_block, seed_block, seed_hash, reason, rate_ppm) VALUES ($1, $2, $3, $4, 'sampled', $5)
           ON CONFLICT DO NOTHING`,
          [d.inferenceId.toString(), d.blockNumber, Number(d.seedBlock), d.seedHash, cfg.ratePpm],
        );
        if (ins.rowCount) out.sampled.push(d.inferenceId);
      }
      cursor = d.inferenceId;
      out.decided++;
    }
    for (const r of await unselectedOf(client, await flaggedAttributors(client), cursor)) {
      await client.query(
        `INSERT INTO verifier.selection (inference_id, record_block, seed_block, reason, rate_ppm) VALUES ($1, $2, $3, 'attributor', $4) ON CONFLICT DO NOTHING`,
        [r.inferenceId.toString(), r.blockNumber, Number(seedBlockFor(BigInt(r.blockNumber), cfg.seedDelay)), cfg.ratePpm],
      );
      out.byAttributor.push(r.inferenceId);
    }
    await client.query(
      `INSERT INTO verifier.cursor (id, last_inference_id) VALUES ('main', $1)
       ON CONFLICT (id) DO UPDATE SET last_inference_id = excluded.last_inference_id, updated_at = now()`,
      [cursor.toString()],
    );
    return out;
  });
}

/** Selected records without a verdict yet (to queue; queueing twice is harmless). */
export async function unverifiedSelections(pool: pg.Pool, limit = 1000): Promise<bigint[]> {
  const res = await pool.query(
    `SELECT s.inference_id FROM verifier.selection s
     WHERE NOT EXISTS (SELECT 1 FROM verifier.verification v WHERE v.inference_id = s.inference_id)
     ORDER BY s.inference_id LIMIT $1`,
    [limit],
  );
  return res.rows.map((r) => BigInt(r.inference_id));
}

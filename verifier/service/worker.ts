// Verifies a batch of queued records: records of one model version are recomputed together; each
// verdict is written once; a DISPUTE gets its evidence document stored first. A transient failure
// fails the job (the queue retries it after a back-off) until its last attempt, which records
// UNVERIFIABLE with the reason.
import type pg from 'pg';
import type { Hex } from 'viem';
import type { StoreBlobSource } from './blobStore.ts';
import { encodeEvidence } from './evidence.ts';
import { loadRecords, type IndexedRecord } from './records.ts';
import type { Outcome, Recomputed, Recomputer, Unverifiable } from './recompute.ts';
import { hasVerdict, writeVerdict } from './verdicts.ts';

export interface QueuedJob {
  id: string;
  inferenceId: bigint;
  retryCount: number;
  retryLimit: number;
}

export interface BatchReport {
  records: number;
  verdicts: Record<'MATCH' | 'DISPUTE' | 'UNVERIFIABLE', number>;
  /** Records recomputed per second of recomputation. */
  scoresPerSecond: number;
  backend?: string;
  /** Jobs to fail (retry later), with why. */
  retry: { id: string; error: string }[];
  /** Jobs done (a verdict exists now). */
  done: string[];
  written: { inferenceId: bigint; verdict: string; distance?: number }[];
}

export async function verifyBatch(
  deps: { pool: pg.Pool; recomputer: Recomputer; store: StoreBlobSource; tolerance: number; chainId: number },
  jobs: readonly QueuedJob[],
): Promise<BatchReport> {
  const report: BatchReport = { records: 0, verdicts: { MATCH: 0, DISPUTE: 0, UNVERIFIABLE: 0 }, scoresPerSecond: 0, retry: [], done: [], written: [] };
  const already = await hasVerdict(deps.pool, jobs.map((j) => j.inferenceId));
  const todo = jobs.filter((j) => {
    if (already.has(j.inferenceId)) report.done.push(j.id);
    return !already.has(j.inferenceId);
  });
  if (todo.length === 0) return report;
  const records = await loadRecords(deps.pool, todo.map((j) => j.inferenceId));
  const started = performance.now();
  const outcomes = await deps.recomputer.verify([...records.values()]);
  const seconds = (performance.now() - started) / 1000;
  const perRecordMs = (seconds * 1000) / Math.max(1, records.size);
  report.scoresPerSecond = seconds > 0 ? records.size / seconds : 0;
  for (const job of todo) {
    const record = records.get(job.inferenceId);
    let outcome: Outcome = record
      ? outcomes.get(job.inferenceId)!
      : { transient: `inference ${job.inferenceId}: not indexed (yet)` };
    const lastAttempt = job.retryCount >= job.retryLimit;
    if ('transient' in outcome) {
      if (!lastAttempt || !record) {
        report.retry.push({ id: job.id, error: outcome.transient });
        continue;
      }
      outcome = { verdict: 'UNVERIFIABLE', reason: `RETRIES_EXHAUSTED: ${job.retryCount + 1} attempts, last: ${outcome.transient}` } satisfies Unverifiable;
    }
    let evidence: { hash: Hex; uri: string } | undefined;
    if (outcome.verdict === 'DISPUTE') {
      try {
        evidence = await deps.store.put(encodeEvidence(record!, outcome as Recomputed, deps.chainId).bytes);
      } catch (e) {
        report.retry.push({ id: job.id, error: (e as Error).message });
        continue;
      }
    }
    const wrote = await writeVerdict(deps.pool, {
      record: record as IndexedRecord, outcome, tolerance: deps.tolerance, durationMs: perRecordMs, attempts: job.retryCount + 1, evidence,
    });
    report.done.push(job.id);
    if (!wrote) continue;
    report.records++;
    report.verdicts[outcome.verdict]++;
    if (outcome.backend) report.backend = outcome.backend;
    report.written.push({ inferenceId: job.inferenceId, verdict: outcome.verdict, distance: outcome.verdict === 'UNVERIFIABLE' ? undefined : outcome.distance });
  }
  return report;
}

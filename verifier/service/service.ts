// The watchdog: selection, the verification queue (pg-boss on the same database), the workers, and
// the challenger, in one loop per process. Several processes may share a database: selection takes a
// lock, a record is queued under one job id, a verdict is written once, and one process at a time
// sends challenges (challenger.ts).
import type { Server } from 'node:http';
import type pg from 'pg';
import PgBoss from 'pg-boss';
import { logger } from '../../lib/log.ts';
import { migrateVerifier } from '../db/migrate.ts';
import { StoreBlobSource } from './blobStore.ts';
import { Challenger } from './challenger.ts';
import { chainView } from './chainView.ts';
import type { VerifierConfig } from './config.ts';
import { verifyJobId } from './jobId.ts';
import { createMetrics, serveMetrics, type VerifierMetrics } from './metrics.ts';
import { Recomputer } from './recompute.ts';
import { selectionPass, unverifiedSelections, type ChainView } from './selector.ts';
import { verifyBatch, type BatchReport, type QueuedJob } from './worker.ts';

export const QUEUE = 'verify-record';
export const BOSS_SCHEMA = 'verifier_queue';

export interface ServiceOptions {
  /** Called after each batch with at least one job. */
  onBatch?: (report: BatchReport) => void;
}

export class VerifierService {
  private readonly log = logger('verifier');
  private readonly boss: PgBoss;
  readonly store: StoreBlobSource;
  readonly recomputer: Recomputer;
  readonly challenger: Challenger;
  readonly metrics: VerifierMetrics;
  private readonly chain: ChainView;
  private readonly client: ReturnType<typeof chainView>['client'];
  private metricsServer?: Server;
  private stopped = false;
  private loop?: Promise<void>;
  private chainId = 0;
  lastChallengeError?: string;

  constructor(
    readonly cfg: VerifierConfig,
    private readonly pool: pg.Pool,
    dbUrl: string,
    private readonly options: ServiceOptions = {},
  ) {
    this.boss = new PgBoss({ connectionString: dbUrl, schema: BOSS_SCHEMA, max: 4, supervise: true, schedule: false, maintenanceIntervalSeconds: 30 });
    this.boss.on('error', (e: Error) => this.log.warn('queue error', { error: e.message }));
    this.store = new StoreBlobSource(cfg.stores, { ipfsGateway: cfg.ipfsGateway });
    this.recomputer = new Recomputer(this.store, { tolerance: cfg.tolerance, maxModels: cfg.maxModels });
    this.metrics = createMetrics({ pool, queueDepth: () => this.boss.getQueueSize(QUEUE), account: cfg.account?.address });
    this.challenger = new Challenger(pool, cfg, { sent: (bond) => this.metrics.challengeSent(bond) });
    ({ client: this.client, view: this.chain } = chainView(cfg.rpcUrl));
  }

  async start(): Promise<void> {
    const client = await this.pool.connect();
    try {
      const applied = await migrateVerifier(client);
      if (applied.length) this.log.info('verifier migrations applied', { applied });
    } finally {
      client.release();
    }
    await this.boss.start();
    const policy = { name: QUEUE, retryLimit: this.cfg.retryLimit, retryDelay: this.cfg.retryDelaySeconds, retryBackoff: true, expireInSeconds: this.cfg.expireSeconds };
    await this.boss.createQueue(QUEUE, policy);
    await this.boss.updateQueue(QUEUE, policy); // the queue may exist with another process's settings: the last started sets them
    this.chainId = await this.client.getChainId();
    if (this.cfg.metricsPort !== undefined) {
      this.metricsServer = await serveMetrics(this.metrics.registry, this.cfg.metricsPort);
      const addr = this.metricsServer.address();
      this.log.info('metrics listening', { url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : this.cfg.metricsPort}/metrics` });
    }
    // Reconcile what a crash left signed before anything new is sent.
    await this.challengePass();
    this.log.info('verifier started', {
      account: this.cfg.account?.address ?? null, ratePpm: this.cfg.ratePpm, tolerance: this.cfg.tolerance, dryRun: this.cfg.dryRun, finalityDepth: this.cfg.finalityDepth,
    });
  }

  /** Runs passes until stop(). */
  run(): Promise<void> {
    this.loop = (async () => {
      while (!this.stopped) {
        let worked = false;
        try {
          worked = await this.tick();
        } catch (e) {
          this.log.warn('pass failed; retrying', { error: (e as Error).message.split('\n')[0] });
        }
        if (!worked) await new Promise((r) => setTimeout(r, this.cfg.pollMs));
      }
    })();
    return this.loop;
  }

  /** One pass: select, queue, verify one batch, send challenges. True when a batch was verified. */
  async tick(): Promise<boolean> {
    const sel = await selectionPass(this.pool, this.chain, this.cfg);
    this.metrics.sampled('sampled', sel.sampled.length);
    this.metrics.sampled('attributor', sel.byAttributor.length);
    await this.enqueue(await unverifiedSelections(this.pool));
    const report = await this.work();
    await this.challengePass();
    return report !== undefined;
  }

  private async enqueue(ids: readonly bigint[]): Promise<void> {
    for (const id of ids) await this.boss.send(QUEUE, { inferenceId: id.toString() }, { id: verifyJobId(id), singletonKey: id.toString() });
  }

  /** Fetches and verifies one batch of jobs; undefined when the queue was empty. */
  async work(): Promise<BatchReport | undefined> {
    const jobs = await this.boss.fetch<{ inferenceId: string }>(QUEUE, { batchSize: this.cfg.batchSize, includeMetadata: true });
    if (jobs.length === 0) return undefined;
    const queued: QueuedJob[] = jobs.map((j) => ({ id: j.id, inferenceId: BigInt(j.data.inferenceId), retryCount: j.retryCount, retryLimit: j.retryLimit }));
    let report: BatchReport;
    try {
      report = await verifyBatch({ pool: this.pool, recomputer: this.recomputer, store: this.store, tolerance: this.cfg.tolerance, chainId: this.chainId }, queued);
    } catch (e) {
      // Nothing was decided: every job goes back to the queue (a database or RPC hiccup).
      for (const j of jobs) await this.boss.fail(QUEUE, j.id, { error: (e as Error).message });
      throw e;
    }
    if (report.done.length) await this.boss.complete(QUEUE, report.done);
    for (const r of report.retry) {
      await this.boss.fail(QUEUE, r.id, { error: r.error });
      this.log.warn('verification will be retried', { job: r.id, error: r.error });
    }
    for (const w of report.written) this.metrics.verdict(w.verdict, w.distance);
    if (report.backend) this.metrics.backend(report.backend);
    this.metrics.scoresPerSecond(report.scoresPerSecond);
    this.options.onBatch?.(report);
    return report;
  }

  async challengePass(): Promise<void> {
    const r = await this.challenger.pass();
    if (r.error !== this.lastChallengeError && r.error) this.log.error('challenges wait for funds', { error: r.error });
    this.lastChallengeError = r.error;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop?.catch(() => {});
    await this.boss.stop({ graceful: false, wait: true }).catch(() => {});
    this.recomputer.dispose();
    await new Promise<void>((r) => (this.metricsServer ? this.metricsServer.close(() => r()) : r()));
  }
}

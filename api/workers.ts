// `npm run api` on every core: a primary process forks API_WORKERS workers (node:cluster), each a
// whole API server (its own pool share and LISTEN connection) on the one port the primary shares
// among them. The primary logs once that the API listens, replaces a worker that dies (and gives up
// when they keep dying at start), answers a worker's request for the metrics of all of them
// (prom-client's AggregatorRegistry), and on SIGTERM / SIGINT stops every worker, each finishing its
// requests. One worker (API_WORKERS=1) is no primary: the process serves by itself.
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { AggregatorRegistry, type Registry } from 'prom-client';
import { envInt } from '../lib/envInt.ts';
import type { Log } from './log.ts';

/** The most workers API_WORKERS may ask for. */
export const MAX_WORKERS = 64;

/** API_WORKERS: a whole number from 1 to MAX_WORKERS; by default the machine's cores (at most 8). */
export const workersFromEnv = (env: NodeJS.ProcessEnv = process.env): number =>
  envInt(env, 'API_WORKERS', { min: 1, max: MAX_WORKERS }) ?? Math.min(availableParallelism(), 8);

/** Pool connections of one of `workers` workers, out of `total` for the whole API (each has at least 2). */
export const poolShare = (total: number, workers: number): number => Math.max(2, Math.ceil(total / workers));

const LISTENING = 'openledger:listening';
const METRICS_REQ = 'openledger:metrics?';
const METRICS_RES = 'openledger:metrics';

/** Tells the primary (if any) that this worker listens at `url`. */
export function announceListening(url: string): void {
  if (cluster.isWorker) process.send?.({ type: LISTENING, url });
}

/**
 * The text of /metrics: `registry`'s own, or in a worker the metrics of every worker summed by the
 * primary (prom-client's aggregation: counters and histograms add up, as do the pool gauges).
 */
export function metricsText(registry: Registry): () => Promise<string> {
  if (!cluster.isWorker) return () => registry.metrics();
  AggregatorRegistry.setRegistries([registry]);
  // the listener that answers the primary's requests for this worker's metrics
  new AggregatorRegistry();
  let next = 0;
  const waiting = new Map<number, (text: string) => void>();
  process.on('message', (m: { type?: string; id?: number; text?: string }) => {
    if (m?.type === METRICS_RES && typeof m.id === 'number') waiting.get(m.id)?.(String(m.text ?? ''));
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error('metrics: the primary did not answer in 5 s'));
      }, 5000);
      waiting.set(id, (text) => {
        clearTimeout(timer);
        waiting.delete(id);
        resolve(text);
      });
      process.send?.({ type: METRICS_REQ, id });
    });
}

/**
 * The primary: forks `count` workers (with `env` added to theirs) and keeps them running until
 * SIGTERM or SIGINT; then calls `onStop` once they have all exited.
 */
export function runPrimary(count: number, env: Record<string, string>, log: Log, onStop: () => Promise<void>): void {
  const registry = new AggregatorRegistry();
  let stopping = false;
  /** the primary's exit code once every worker has exited: 1 when it gave up on workers dying at start */
  let exitCode = 0;
  let announced = false;
  const started = new Map<Worker, number>();
  let quickDeaths = 0;
  const fork = () => started.set(cluster.fork(env), Date.now());
  cluster.on('message', (worker, m: { type?: string; id?: number; url?: string }) => {
    if (m?.type === LISTENING && !announced) {
      announced = true;
      log('info', 'api listening', { url: `${m.url}/graphql`, page: `${m.url}/`, workers: count });
    }
    if (m?.type === METRICS_REQ) {
      registry.clusterMetrics().then(
        (text) => worker.send({ type: METRICS_RES, id: m.id, text }),
        (err: Error) => worker.send({ type: METRICS_RES, id: m.id, text: `# metrics of the workers unavailable: ${err.message}\n` }),
      );
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    const since = Date.now() - (started.get(worker) ?? 0);
    started.delete(worker);
    if (stopping) {
      if (started.size === 0) void onStop().then(() => process.exit(exitCode));
      return;
    }
    log('error', 'api worker exited', { pid: worker.process.pid, code, signal });
    // a worker that cannot even start (bad settings, the database gone) would be forked for ever
    quickDeaths = since < 10_000 ? quickDeaths + 1 : 0;
    if (quickDeaths >= 3) {
      log('error', 'api workers keep exiting at start; stopping', { workers: count });
      stopping = true;
      exitCode = 1;
      for (const w of started.keys()) w.process.kill('SIGTERM');
      if (started.size === 0) void onStop().then(() => process.exit(exitCode));
      return;
    }
    fork();
  });
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', 'api stopping', { signal, workers: started.size });
    for (const w of started.keys()) w.process.kill('SIGTERM');
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  for (let i = 0; i < count; i++) fork();
}

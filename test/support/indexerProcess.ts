// The processor as a child process, for tests and benchmarks: start it with an environment, wait
// until it has indexed a height, stop it (SIGTERM) or kill it (SIGKILL).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/runtime.ts';
import { withClient, type DbSettings } from '../../db/postgres.ts';
import { DEFAULT_STATE_SCHEMA, indexedHead } from '../../indexer/status.ts';

export interface IndexerProcess {
  child: ChildProcess;
  /** stdout and stderr lines so far (JSON log lines) */
  lines: string[];
  /** resolves with the exit code (null when killed by a signal) */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone */
  stop(graceMs?: number): Promise<number | null>;
  kill(): Promise<number | null>;
}

/**
 * Node flags the processor runs with (as `npm run indexer` and squid.yaml give them): a 64 MiB young
 * generation, so the short-lived objects of a batch die there instead of being promoted (less GC
 * work), and a 768 MiB old generation, so the heap is collected instead of growing to gigabytes
 * (a catch-up's live data is a few hundred MiB; see docs/indexer.md, Performance).
 */
const INDEXER_NODE_FLAGS = ['--max-semi-space-size=64', '--max-old-space-size=768'];

/**
 * Spawns `tsx indexer/main.ts` with `env` on top of this process's environment. Useful variables:
 * DATABASE_URL, RPC_URL, NETWORK, FINALITY_CONFIRMATION, TO_BLOCK, PROCESSOR_STATE_SCHEMA,
 * PROMETHEUS_PORT, OPENLEDGER_RUNTIME_DIR (where the devnet state file is), SQD_DEBUG; and
 * INDEXER_NODE_ARGS, more Node flags separated by spaces (e.g. `--cpu-prof --cpu-prof-dir=prof`).
 */
export function startIndexer(env: Record<string, string>): IndexerProcess {
  const extra = (env.INDEXER_NODE_ARGS ?? process.env.INDEXER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...INDEXER_NODE_FLAGS, ...extra, '--import', 'tsx', join(PROJECT_ROOT, 'indexer', 'main.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PROMETHEUS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  /** whole lines only: a line that spans two chunks waits for its end (per stream) */
  const collector = () => {
    let partial = '';
    return {
      data: (chunk: Buffer) => {
        const parts = (partial + chunk.toString()).split('\n');
        partial = parts.pop()!;
        lines.push(...parts.filter(Boolean));
      },
      end: () => {
        if (partial) lines.push(partial);
        partial = '';
      },
    };
  };
  for (const stream of [child.stdout, child.stderr]) {
    const c = collector();
    stream?.on('data', c.data);
    stream?.on('end', c.end);
  }
  // 'close': after the exit and the end of its output, so `lines` is complete when this resolves
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.removeListener('exit', killOnExit));
  const stop = async (graceMs = 5000) => {
    if (child.exitCode !== null || child.signalCode !== null) return exited;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    return exited;
  };
  return { child, lines, exited, stop, kill };
}

/** The highest block whose rows are committed: the finalized status height or the top hot block. */
export async function indexedHeight(db: DbSettings, stateSchema = DEFAULT_STATE_SCHEMA): Promise<number> {
  return withClient(db, async (c) => (await indexedHead(c, stateSchema))?.height ?? -1);
}

/**
 * Polls until the indexer has committed `height`; fails early when the process exits.
 *
 * Over ws, @subsquid/evm-processor 1.27.3 processes unfinalized blocks when a new head arrives, so
 * on an idle automine devnet the last `finality` blocks wait for the next block: pass `nudge`
 * (e.g. mine an empty block) to make one when no progress is seen for `nudgeAfterMs`.
 */
export async function waitForHeight(
  db: DbSettings,
  height: number,
  options: { indexer?: IndexerProcess; timeoutMs?: number; stateSchema?: string; nudge?: () => Promise<unknown>; nudgeAfterMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let last = -2;
  let lastProgress = Date.now();
  for (;;) {
    const child = options.indexer?.child;
    const exited = child !== undefined && (child.exitCode !== null || child.signalCode !== null);
    const h = await indexedHeight(db, options.stateSchema).catch(() => -1);
    if (h >= height) return;
    if (exited) {
      throw new Error(`indexer exited (${child.exitCode ?? child.signalCode}) at height ${h}, before ${height}:\n${options.indexer!.lines.slice(-30).join('\n')}`);
    }
    if (h !== last) [last, lastProgress] = [h, Date.now()];
    if (options.nudge && Date.now() - lastProgress > (options.nudgeAfterMs ?? 500)) {
      await options.nudge();
      lastProgress = Date.now();
    }
    if (Date.now() > deadline) {
      throw new Error(`indexer did not reach height ${height} in time (at ${h}):\n${options.indexer?.lines.slice(-30).join('\n') ?? ''}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The port the processor serves Prometheus metrics on (from its log), once it has said so. */
export function prometheusPort(indexer: IndexerProcess): number | undefined {
  for (const line of indexer.lines) {
    const m = /prometheus metrics are served at port (\d+)/.exec(line);
    if (m) return Number(m[1]);
  }
  return undefined;
}

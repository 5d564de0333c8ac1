/**
 * The devnet history the indexer benchmark catches up: the simulator's scenario with `scale` bulk
 * rounds, generated once (about 5 minutes and ~15 GB of anvil for a million events) and kept as an
 * anvil state snapshot (~5 GB, in the folder the caller names), keyed by scale, seed and a
 * hash of the contracts and the simulator, so later runs load it in seconds (`--load-state` keeps
 * every block and log; the loaded anvil holds far less memory than the one that mined them).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startAnvil, type Anvil } from '../../devnet/anvil.ts';
import { runOnce, startDevnet } from '../../devnet/devnet.ts';
import { DEFAULT_OPTIONS } from '../../devnet/options.ts';
import { PROJECT_ROOT } from '../../lib/runtime.ts';
import { ACCOUNT_COUNT } from '../../devnet/simulator/actors.ts';
import { writeDevnetState, type DevnetState } from '../../devnet/state.ts';
import { progress } from '../report.ts';
import { dumpAnvilState, loadStateArgs } from './anvilState.ts';
import { rpcCall } from '../../lib/rpc.ts';

export interface HistoryOptions {
  scale: number;
  seed: number;
  /** regenerate even when a snapshot exists */
  fresh?: boolean;
  /** where snapshots are kept (one folder per scale, seed and sources) */
  cacheDir: string;
}

export interface History {
  /** the devnet state file's content (also written to `<runtime>/devnet/state.json`) */
  state: DevnetState;
  /** the last block */
  head: number;
  /** logs of the protocol's contracts, from the simulator's summary */
  events: number;
  /** seconds spent generating (0 when loaded) and loading */
  generatedSeconds: number;
  loadSeconds: number;
  stop(): Promise<void>;
}

interface Meta {
  state: Omit<DevnetState, 'rpcUrl' | 'wsUrl' | 'contentStoreUrl' | 'pid' | 'startedAt'>;
  head: number;
  headHash: string;
  events: number;
  generatedSeconds: number;
}

/** Hash of what decides the history: the compiled contracts and the devnet's sources. */
export function sourcesHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  const files = [...walk(join(PROJECT_ROOT, 'contracts', 'out')), ...walk(join(PROJECT_ROOT, 'devnet'))]
    .filter((f) => /\.(json|ts)$/.test(f) && !f.endsWith('.test.ts'))
    .sort();
  for (const f of files) hash.update(relative(PROJECT_ROOT, f)).update(readFileSync(f));
  return hash.digest('hex').slice(0, 12);
}

async function headOf(url: string): Promise<{ head: number; hash: string }> {
  const head = Number(await rpcCall<string>(url, 'eth_blockNumber'));
  const block = await rpcCall<{ hash: string }>(url, 'eth_getBlockByNumber', [`0x${head.toString(16)}`, false]);
  return { head, hash: block.hash };
}

async function generate(options: HistoryOptions, dir: string): Promise<void> {
  progress(`generating the devnet history: --scale ${options.scale} --seed ${options.seed} (a million events take ~5 min)`);
  const started = performance.now();
  const devnet = await startDevnet({ ...DEFAULT_OPTIONS, once: true, scale: options.scale, seed: options.seed });
  try {
    const summary = await runOnce(devnet);
    const generatedSeconds = (performance.now() - started) / 1000;
    progress(`generated ${summary.totalEvents.toLocaleString('en-US')} events up to block ${summary.head} in ${generatedSeconds.toFixed(0)} s; saving the anvil state`);
    const { head, hash } = await headOf(devnet.state.rpcUrl);
    const tmp = join(dir, 'anvil-state.json.tmp');
    await dumpAnvilState(devnet.state.rpcUrl, tmp);
    renameSync(tmp, join(dir, 'anvil-state.json'));
    const { rpcUrl: _r, wsUrl: _w, contentStoreUrl: _c, pid: _p, startedAt: _s, ...state } = devnet.state;
    const meta: Meta = { state, head, headHash: hash, events: summary.totalEvents, generatedSeconds };
    writeFileSync(join(dir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  } finally {
    await devnet.stop();
  }
}

/** The history of `options`, served by an anvil loaded from its snapshot (generated first if needed). */
export async function devnetHistory(options: HistoryOptions): Promise<History> {
  const dir = join(options.cacheDir, `scale${options.scale}-seed${options.seed}-${sourcesHash()}`);
  if (options.fresh) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const generated = !existsSync(join(dir, 'meta.json'));
  if (generated) await generate(options, dir);
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Meta;
  progress(`loading the history snapshot (${meta.events.toLocaleString('en-US')} events, ${meta.head + 1} blocks) into anvil`);
  const started = performance.now();
  const anvil: Anvil = await startAnvil({
    accounts: ACCOUNT_COUNT, balance: 10_000_000, gasLimit: 100_000_000n, timeoutMs: 600_000,
    args: loadStateArgs(join(dir, 'anvil-state.json')),
  });
  const loaded = await headOf(anvil.rpcUrl);
  if (loaded.head !== meta.head || loaded.hash !== meta.headHash) {
    await anvil.stop();
    throw new Error(`history snapshot ${dir}: expected head ${meta.head} ${meta.headHash}, got ${loaded.head} ${loaded.hash}; rerun with --fresh`);
  }
  const state: DevnetState = {
    ...meta.state, rpcUrl: anvil.rpcUrl, wsUrl: anvil.wsUrl, contentStoreUrl: '', pid: process.pid, startedAt: new Date().toISOString(),
  };
  writeDevnetState(state);
  return {
    state, head: meta.head, events: meta.events, generatedSeconds: generated ? meta.generatedSeconds : 0,
    loadSeconds: (performance.now() - started) / 1000, stop: () => anvil.stop(),
  };
}

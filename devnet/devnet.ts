import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Address } from 'viem';
import { type Anvil, startAnvil } from './anvil.ts';
import { type DevnetClient, connectDevnet, localClients } from './client.ts';
import { ContentClient } from './contentClient.ts';
import { type ContentStore, startContentStore } from './contentStore.ts';
import { deployAll } from './deploy.ts';
import { logger } from '../lib/log.ts';
import type { DevnetOptions } from './options.ts';
import { runtimeDir } from '../lib/runtime.ts';
import { ACCOUNT_COUNT, assignActors } from './simulator/actors.ts';
import { Random } from './simulator/random.ts';
import { continuousRound, runScenario } from './simulator/scenario.ts';
import { type ScenarioSummary, summarise } from './simulator/summary.ts';
import type { World } from './simulator/world.ts';
import { type DevnetState, devnetStatePath, writeDevnetState } from './state.ts';

const log = logger('devnet');

export interface RunningDevnet {
  state: DevnetState;
  client: DevnetClient;
  world: World;
  /** Stops anvil and the content store; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts anvil and the content store, deploys every contract, and writes the state file.
 * `pruneHistory`: with `scale`, how many recent states anvil keeps in memory (default 256; fewer
 * holds far less memory for a million events, and eth_call at older blocks then fails).
 */
export async function startDevnet(options: DevnetOptions & { pruneHistory?: number }): Promise<RunningDevnet> {
  let anvil: Anvil | undefined;
  let store: ContentStore | undefined;
  const stop = async () => {
    await Promise.all([anvil?.stop(), store?.close()]);
  };
  try {
    anvil = await startAnvil({ port: options.port, blockTime: options.blockTime, accounts: ACCOUNT_COUNT, balance: 10_000_000, gasLimit: 100_000_000n, args: options.scale > 0 ? ['--prune-history', String(options.pruneHistory ?? 256)] : [] });
    store = await startContentStore({ dir: runtimeDir('devnet', 'blobs'), port: options.storePort });
    const { publicClient, walletClient, walletFor } = localClients(anvil.rpcUrl);
    const accounts = (await walletClient.getAddresses()) as Address[];
    const deployment = await deployAll({ publicClient, walletClient: walletFor(accounts[0]!) });
    const client = connectDevnet(anvil.rpcUrl, deployment);
    const state: DevnetState = {
      chainId: deployment.chainId,
      rpcUrl: anvil.rpcUrl,
      wsUrl: anvil.wsUrl,
      contentStoreUrl: store.url,
      contracts: Object.fromEntries(Object.entries(deployment.contracts).map(([k, v]) => [k, { address: v.address, startBlock: v.startBlock }])) as DevnetState['contracts'],
      treasury: deployment.treasury,
      seed: options.seed,
      startedAt: new Date().toISOString(),
      pid: process.pid,
    };
    writeDevnetState(state);
    const world: World = {
      client,
      store: new ContentClient(store.url),
      actors: assignActors(accounts),
      options,
      rng: new Random(options.seed),
      datanets: {},
      models: [],
      inferences: [],
      challenges: [],
      stakes: [],
      log: (msg, fields) => log.info(msg, fields),
    };
    log.info('devnet up', { rpcUrl: state.rpcUrl, contentStore: state.contentStoreUrl, state: devnetStatePath() });
    return { state, client, world, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Runs the scenario, then writes and returns its summary (also `<runtime>/devnet/summary.json`). */
export async function runOnce(devnet: RunningDevnet): Promise<ScenarioSummary> {
  const started = Date.now();
  await runScenario(devnet.world);
  const summary = await summarise(devnet.world, started);
  writeFileSync(join(runtimeDir('devnet'), 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

/** Keeps producing activity until `signal` aborts. */
export async function produce(devnet: RunningDevnet, signal: AbortSignal): Promise<void> {
  for (let round = 1; !signal.aborted; round++) {
    await continuousRound(devnet.world, round);
    if (round % 10 === 0) log.info('activity', { round, inferences: devnet.world.inferences.length });
    await new Promise((r) => setTimeout(r, devnet.world.options.intervalMs));
  }
}

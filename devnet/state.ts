import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Address } from 'viem';
import type { ContractName } from '../contracts/artifacts.ts';
import { runtimeDir } from '../lib/runtime.ts';

/** What a running devnet tells the other parts: written by the devnet, read by indexer, API, verifier. */
export interface DevnetState {
  chainId: number;
  rpcUrl: string;
  wsUrl: string;
  contentStoreUrl: string;
  contracts: Record<ContractName, { address: Address; startBlock: number }>;
  /** The governance timelock: treasury and arbiter. */
  treasury: Address;
  seed: number;
  startedAt: string;
  pid: number;
}

/** The state file's path: `<runtime>/devnet/state.json`. */
export function devnetStatePath(): string {
  return join(runtimeDir('devnet'), 'state.json');
}

export function writeDevnetState(state: DevnetState): void {
  const path = devnetStatePath();
  writeFileSync(`${path}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

/** Reads the state file; a missing one is an error that says how to make it. */
export function readDevnetState(path = devnetStatePath()): DevnetState {
  if (!existsSync(path)) throw new Error(`devnet state: expected ${path}, got no file (start the devnet with \`npm run devnet\` or \`npm start\`)`);
  return JSON.parse(readFileSync(path, 'utf8')) as DevnetState;
}

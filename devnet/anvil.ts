// Starts anvil from the npm package @foundry-rs/anvil on a loopback port and stops it again.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePort } from '../lib/freePort.ts';

export interface AnvilOptions {
  /** Port to listen on; 0 or absent picks a free one. */
  port?: number;
  /** Seconds between blocks; 0 or absent mines one block per transaction. */
  blockTime?: number;
  chainId?: number;
  /** Block gas limit (anvil's default is 30,000,000). */
  gasLimit?: bigint;
  /** Funded dev accounts (default 10) and their balance in whole ether (default 10,000). */
  accounts?: number;
  balance?: number;
  /** Extra command-line arguments passed through to anvil. */
  args?: string[];
  /** How long to wait for the RPC to answer, in ms (default 20,000). */
  timeoutMs?: number;
}

export interface Anvil {
  rpcUrl: string;
  wsUrl: string;
  port: number;
  chainId: number;
  /** Stops anvil and waits for it to exit; safe to call twice. */
  stop(): Promise<void>;
}

const PLATFORM_PACKAGES: Record<string, string> = {
  'linux-x64': '@foundry-rs/anvil-linux-amd64',
  'linux-arm64': '@foundry-rs/anvil-linux-arm64',
  'darwin-x64': '@foundry-rs/anvil-darwin-amd64',
  'darwin-arm64': '@foundry-rs/anvil-darwin-arm64',
  'win32-x64': '@foundry-rs/anvil-win32-amd64',
};

/** Path of the anvil binary installed by npm for this platform. */
function anvilBinary(): string {
  const key = `${process.platform}-${process.arch}`;
  const pkg = PLATFORM_PACKAGES[key];
  if (!pkg) throw new Error(`anvil: no @foundry-rs/anvil binary for ${key}`);
  let dir: string;
  try {
    dir = dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`));
  } catch {
    throw new Error(`anvil: package ${pkg} is not installed; run \`npm ci\``);
  }
  const bin = join(dir, 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil');
  if (!existsSync(bin)) throw new Error(`anvil: binary missing at ${bin}`);
  return bin;
}

async function rpcAnswers(rpcUrl: string): Promise<boolean> {
  try {
    const res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    });
    return res.ok;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Spawns anvil, resolves once its RPC answers, and kills it when this process exits. */
export async function startAnvil(options: AnvilOptions = {}): Promise<Anvil> {
  const bin = anvilBinary();
  const port = await freePort(options.port ?? 0);
  const chainId = options.chainId ?? 31337;
  const args = ['--host', '127.0.0.1', '--port', String(port), '--chain-id', String(chainId), '--quiet'];
  if (options.blockTime) args.push('--block-time', String(options.blockTime));
  if (options.gasLimit !== undefined) args.push('--gas-limit', options.gasLimit.toString());
  if (options.accounts !== undefined) args.push('--accounts', String(options.accounts));
  if (options.balance !== undefined) args.push('--balance', String(options.balance));
  args.push(...(options.args ?? []));

  const child: ChildProcess = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exitedPromise;
    clearTimeout(timer);
  };

  const rpcUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  while (!(await rpcAnswers(rpcUrl))) {
    if (exited || Date.now() > deadline) {
      await stop();
      const why = exited ? `exited with code ${child.exitCode}` : 'did not answer in time';
      throw new Error(`anvil ${why} on port ${port}${output ? `:\n${output.trim()}` : ''}`);
    }
    await sleep(50);
  }
  return { rpcUrl, wsUrl: `ws://127.0.0.1:${port}`, port, chainId, stop };
}

/**
 * `npm start`: everything on the embedded devnet, each part in its own process:
 * the devnet (anvil, content store, activity simulator until Ctrl-C), and the
 * parts that read it. Prints where things are; Ctrl-C stops them all.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { logger } from '../lib/log.ts';
import { redactUrl } from '../lib/redact.ts';
import { devnetStatePath } from '../devnet/state.ts';

const log = logger('start');
const children: { name: string; proc: ChildProcess }[] = [];
let stopping = false;

function launch(name: string, script: string, args: string[] = []): ChildProcess {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
  children.push({ name, proc });
  proc.once('exit', (code, signal) => {
    if (stopping) return;
    log.error('part exited; stopping everything', { part: name, code, signal });
    void stopAll(1);
  });
  return proc;
}

async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map(
      ({ proc }) =>
        new Promise<void>((resolve) => {
          if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
          proc.once('exit', () => resolve());
          proc.kill('SIGTERM');
          setTimeout(() => proc.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
  process.exit(code);
}

/** Waits until the devnet child has written its state file. */
async function devnetReady(pid: number): Promise<{ rpcUrl: string; wsUrl: string; contentStoreUrl: string }> {
  const path = devnetStatePath();
  for (;;) {
    if (existsSync(path)) {
      const state = JSON.parse(readFileSync(path, 'utf8'));
      if (state.pid === pid) return state;
    }
    if (stopping) throw new Error('stopped before the devnet was up');
    await new Promise((r) => setTimeout(r, 100));
  }
}

process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));

const devnet = launch('devnet', 'devnet/main.ts', process.argv.slice(2));
const state = await devnetReady(devnet.pid!);
// The indexer reads the state file the devnet just wrote; without DATABASE_URL it runs the embedded
// Postgres of the runtime folder (its URL lands in <runtime>/postgres/connection.json).
launch('indexer', 'indexer/main.ts');
process.stdout.write(
  [
    '',
    'openledger-squid is running on the devnet',
    `  chain RPC      ${redactUrl(state.rpcUrl)}  (ws: ${redactUrl(state.wsUrl)})`,
    `  content store  ${redactUrl(state.contentStoreUrl)}/blobs/<hash>`,
    `  state file     ${devnetStatePath()}`,
    `  indexer        ${process.env.DATABASE_URL ? 'into DATABASE_URL' : 'into the embedded Postgres (runtime folder, postgres/connection.json)'}`,
    '  Ctrl-C stops everything.',
    '',
  ].join('\n') + '\n',
);

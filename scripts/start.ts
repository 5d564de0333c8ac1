/**
 * `npm start`: everything on the embedded devnet, each part in its own process: the devnet (anvil,
 * content store, activity simulator until Ctrl-C), the indexer, and the GraphQL API (started once the
 * indexer has applied the migrations, so the read-only role exists). In a terminal it shows a status
 * (scripts/statusBoard.ts); otherwise, or with LOG_FORMAT=json, the parts' JSON log lines as they
 * come. Ctrl-C stops them all.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { missingReaderLogin } from '../api/db.ts';
import { portFromEnv } from '../api/server.ts';
import { freePort } from '../lib/freePort.ts';
import { logger } from '../lib/log.ts';
import { redactUrl } from '../lib/redact.ts';
import { watchdogKey } from '../devnet/signers.ts';
import { devnetStatePath } from '../devnet/state.ts';
import { type Part, StatusBoard } from './statusBoard.ts';

const format = process.env.LOG_FORMAT || (process.stdout.isTTY ? 'status' : 'json');
if (format !== 'json' && format !== 'status') {
  console.error(`LOG_FORMAT: expected json or status, got ${JSON.stringify(format)}`);
  process.exit(2);
}
const log = logger('start');
const board = format === 'status' ? new StatusBoard() : undefined;
const children: { name: Part; proc: ChildProcess }[] = [];
let stopping = false;

// The status block is redrawn in place (cursor up, clear below) at most 5 times a second; lines
// that must stay (warnings, errors, plain text) are printed above it.
let drawn = 0;
let dirty = false;
function paint(above: string[] = []): void {
  if (!board) return;
  const width = process.stdout.columns || 120;
  const lines = [...board.lines(), stopping ? '  stopping…' : '  Ctrl-C stops everything.'].map((l) => l.slice(0, width - 1));
  process.stdout.write(`${drawn ? `\x1b[${drawn}F\x1b[J` : ''}${above.map((l) => `${l}\n`).join('')}${lines.join('\n')}\n`);
  drawn = lines.length;
  dirty = false;
}
if (board) setInterval(() => dirty && paint(), 200).unref();

/** Our own messages: a JSON log line, or in the status a line above it (warnings, errors) or nothing. */
function say(level: 'info' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  if (!board) return log[level](msg, fields);
  const above = board.feed('start', JSON.stringify({ level, msg, ...fields }));
  if (above) paint([above]);
}

/** Each output line of a part: to the same stream of ours (json), or to the status board. */
function follow(name: Part, stream: NodeJS.ReadableStream, out: NodeJS.WriteStream, onEntry: (line: string) => void): void {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
    onEntry(line);
    if (!board) return void out.write(`${line}\n`);
    const above = board.feed(name, line);
    if (above) paint([above]);
    else dirty = true;
  });
}

function launch(name: Part, script: string, args: string[] = [], onLine: (line: string) => void = () => {}, env: Record<string, string> = {}): ChildProcess {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  children.push({ name, proc });
  follow(name, proc.stdout!, process.stdout, onLine);
  follow(name, proc.stderr!, process.stderr, onLine);
  proc.once('exit', (code, signal) => {
    board?.exited(name, code);
    dirty = true;
    if (stopping) return;
    say('error', 'part exited; stopping everything', { part: name, code, signal });
    void stopAll(1);
  });
  return proc;
}

async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  board?.stopping();
  paint();
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
  paint();
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

/** The `msg` of a JSON log line (undefined for anything else). */
function msgOf(line: string): { msg?: unknown; url?: unknown } {
  try {
    const entry = JSON.parse(line);
    return typeof entry === 'object' && entry !== null ? entry : {};
  } catch {
    return {};
  }
}

// What would make the API fail, said before anything starts: a bad or busy PORT, a database without a reader login.
try {
  const port = portFromEnv(process.env);
  if (port !== 0 && (process.env.HOST || '127.0.0.1') === '127.0.0.1') {
    await freePort(port).catch((err: Error) => {
      throw new Error(`PORT: ${err.message} (another npm start or npm run api?); set PORT to a free port (0 picks one)`);
    });
  }
  const missing = missingReaderLogin(process.env);
  if (missing) throw missing;
} catch (err) {
  console.error(`npm start: ${(err as Error).message}`);
  process.exit(1);
}

process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));
paint();

// The watchdog challenges records: the devnet funds its key and lets governance resolve its challenges.
const devnetArgs = process.argv.slice(2);
const devnet = launch('devnet', 'devnet/main.ts', devnetArgs.includes('--watchdog') ? devnetArgs : [...devnetArgs, '--watchdog']);
const state = await devnetReady(devnet.pid!);
let apiLaunched = false;
const apiUrl = new Promise<string>((resolve) => {
  const onApiLine = (line: string) => {
    const entry = msgOf(line);
    if (entry.msg === 'api listening') resolve(String(entry.url));
  };
  // The indexer reads the state file the devnet just wrote; without DATABASE_URL it runs the embedded
  // Postgres of the runtime folder (its URL lands in <runtime>/postgres/connection.json). The API
  // joins once the migrations (and with them the read-only role) are in; on the embedded Postgres it
  // makes its own reader login, as `npm run api` does.
  launch('indexer', 'indexer/main.ts', [], (line) => {
    if (apiLaunched || msgOf(line).msg !== 'migrations applied') return;
    apiLaunched = true;
    // one API process on the devnet (the indexer, verifier and chain share the cores); npm run api uses every core
    launch('api', 'api/main.ts', [], onApiLine, { API_WORKERS: process.env.API_WORKERS || '1' });
    // The verifier with the devnet watchdog's own key (funded by the devnet; never printed).
    launch('verifier', 'verifier/main.ts', ['--watch', '--json'], () => {}, {
      VERIFIER_PRIVATE_KEY: process.env.VERIFIER_PRIVATE_KEY || watchdogKey(),
      VERIFIER_BOND_CAP_PER_HOUR: process.env.VERIFIER_BOND_CAP_PER_HOUR || '500',
    });
  });
});
const api = await apiUrl;
const running = {
  api,
  page: api.replace(/\/graphql$/, '/'),
  chainRpc: redactUrl(state.rpcUrl),
  chainWs: redactUrl(state.wsUrl),
  contentStore: `${redactUrl(state.contentStoreUrl)}/blobs/<hash>`,
  stateFile: devnetStatePath(),
  indexer: process.env.DATABASE_URL ? 'into DATABASE_URL' : 'into the embedded Postgres (runtime folder, postgres/connection.json)',
};
if (!board) log.info('running', running);
else {
  paint([
    'openledger-squid is running on the devnet',
    `  GraphQL API    ${running.api}`,
    `  page           ${running.page}`,
    `  chain RPC      ${running.chainRpc}  (ws: ${running.chainWs})`,
    `  content store  ${running.contentStore}`,
    `  state file     ${running.stateFile}`,
    `  indexer        ${running.indexer}`,
    '',
  ]);
}

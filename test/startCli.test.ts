// `npm start` as people run it: the devnet, the indexer and the API in child processes. Its API
// answers over real HTTP with what the chain says; its output, not a terminal, is JSON lines; a busy
// PORT is a clear error; Ctrl-C leaves no process and no listening port behind.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { rpcCall } from '../lib/rpc.ts';
import { alive, descendantPids as descendants } from './support/processes.ts';
import { useTempRuntime } from './support/tempRuntime.ts';

const START = ['--import', 'tsx', 'scripts/start.ts'];

const answers = (url: string) => fetch(url, { method: 'POST', body: '{}', signal: AbortSignal.timeout(2000) }).then(() => true, () => false);

async function until<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, ms: number, context: () => string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`${what} within ${ms} ms; output: ${context().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}


test('bad settings stop npm start before it starts anything, with a clear error', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, START, { encoding: 'utf8', env: { ...process.env, OPENLEDGER_RUNTIME_DIR: useTempRuntime('start-bad'), ...env }, timeout: 60_000 });
  const format = run({ LOG_FORMAT: 'yaml' });
  assert.equal(format.status, 2);
  assert.match(format.stderr, /LOG_FORMAT: expected json or status, got "yaml"/);
  const port = run({ PORT: '70000' });
  assert.equal(port.status, 1);
  assert.match(port.stderr, /PORT: expected a port number 0 to 65535, got "70000"/);
  const gqlPort = run({ PORT: '', GQL_PORT: '43.5' });
  assert.equal(gqlPort.status, 1);
  assert.match(gqlPort.stderr, /GQL_PORT: expected a port number 0 to 65535, got "43.5"/);
  const login = run({ PORT: '0', DATABASE_URL: 'postgres://owner:secret-pw@127.0.0.1:1/openledger' });
  assert.equal(login.status, 1);
  assert.match(login.stderr, /API_DATABASE_URL: expected the URL of a read-only login/);
  assert.doesNotMatch(login.stderr, /secret-pw/);
});

test('npm start serves the API on the indexed devnet; its PORT busy is a clear error; Ctrl-C stops every part', async () => {
  const runtime = useTempRuntime('start');
  const child: ChildProcess = spawn(process.execPath, [...START, '--seed', '3', '--interval', '200'], {
    env: { ...process.env, OPENLEDGER_RUNTIME_DIR: runtime, PORT: '0', LOG_FORMAT: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const output = () => `${stdout}\n${stderr}`;
  try {
    // the summary, a JSON line, names the API's URL (PORT=0: a free port)
    const running = await until(
      'npm start says it is running',
      () => stderr.split('\n').map((l) => (l.includes('"msg":"running"') ? JSON.parse(l) : undefined)).find(Boolean) as { api: string; chainRpc: string; contentStore: string } | undefined,
      180_000,
      output,
    );
    const api = new URL(running.api);
    assert.equal(api.pathname, '/graphql');
    const state = JSON.parse(readFileSync(join(runtime, 'devnet', 'state.json'), 'utf8'));
    const open = state.contracts.OPEN.address as string;

    // the API answers over HTTP what the chain says (OPEN's total supply by eth_call), once indexed
    const supply = await until(
      'the API answers OPEN.totalSupply as the chain does',
      async () => {
        const chain = BigInt(await rpcCall<string>(state.rpcUrl, 'eth_call', [{ to: open, data: '0x18160ddd' }, 'latest'])).toString();
        const res = await fetch(running.api, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ token(id: "OPEN") { address totalSupply } }' }) });
        const body = (await res.json()) as { data?: { token: { address: string; totalSupply: string } | null } };
        return body.data?.token?.totalSupply === chain ? body.data.token : undefined;
      },
      120_000,
      output,
    );
    assert.equal(supply.address, open.toLowerCase());
    assert.ok(BigInt(supply.totalSupply) > 0n);

    // a second npm start on the same PORT: a clear error, and nothing started
    const busy = spawnSync(process.execPath, START, { encoding: 'utf8', env: { ...process.env, OPENLEDGER_RUNTIME_DIR: useTempRuntime('start-busy'), PORT: api.port, LOG_FORMAT: '' }, timeout: 60_000 });
    assert.equal(busy.status, 1, busy.stderr);
    assert.match(busy.stderr, new RegExp(`PORT: port ${api.port} is already in use .*set PORT to a free port`));

    const pids = descendants(child.pid!);
    const postmaster = Number(readFileSync(join(runtime, 'postgres', 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    assert.ok(pids.includes(postmaster), 'the embedded Postgres runs below npm start');
    assert.ok(pids.length >= 4, `devnet, anvil, indexer, Postgres and API run below npm start: ${pids}`);
    child.kill('SIGINT');
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('timeout'), 60_000))]);
    assert.equal(code, 0, output().slice(-3000));

    // nothing left: no process (Postgres finishes its shutdown checkpoint), no listening port
    await until('every part of npm start gone', () => (pids.some(alive) ? undefined : true), 20_000, () => `still alive: ${pids.filter(alive)}`);
    for (const url of [running.api, state.rpcUrl, state.contentStoreUrl]) assert.equal(await answers(url), false, `${url} still answers after Ctrl-C`);

    // not a terminal: every line written is a JSON log line
    for (const line of output().split('\n').filter((l) => l.trim() !== '')) {
      assert.doesNotThrow(() => JSON.parse(line), `not a JSON line: ${line}`);
    }
    assert.match(stdout, /"msg":"api listening"/);
    assert.match(stdout, /"msg":"request"/);
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const left = descendants(child.pid!);
      child.kill('SIGKILL');
      for (const pid of left) if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  }
});

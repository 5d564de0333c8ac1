import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { alive, childPids } from './support/processes.ts';
import { useTempRuntime } from './support/tempRuntime.ts';

const CLI = ['--import', 'tsx', 'devnet/main.ts'];

function runCli(args: string[], extraEnv: Record<string, string> = {}) {
  const env = { ...process.env, OPENLEDGER_RUNTIME_DIR: useTempRuntime('cli'), ...extraEnv };
  return spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8', env, timeout: 120_000 });
}

function portAnswers(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}`, { method: 'POST', body: '{}' }).then(
    () => true,
    () => false,
  );
}

test('--once prints the summary as its last line, the same for the same seed', () => {
  const runs = [runCli(['--seed', '5', '--once']), runCli(['--seed', '5', '--once'])];
  const summaries = runs.map((r) => {
    assert.equal(r.status, 0, r.stderr);
    const last = r.stdout.trim().split('\n').at(-1)!;
    const { seconds: _s, ...rest } = JSON.parse(last);
    return rest;
  });
  assert.equal(JSON.stringify(summaries[0], null, 1), JSON.stringify(summaries[1], null, 1));
  assert.ok(summaries[0].totalEvents > 200);
  const other = runCli(['--seed', '6', '--once']);
  assert.notDeepEqual(JSON.parse(other.stdout.trim()).falsifiedInferenceIds.concat(JSON.parse(other.stdout.trim()).events['OPEN.Transfer']), summaries[0].falsifiedInferenceIds.concat(summaries[0].events['OPEN.Transfer']));
});

test('bad options, a missing build and a busy port are clear errors', async () => {
  const bad = runCli(['--falsify', '2']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--falsify: expected a number in \[0, 1\], got 2/);
  const unknown = runCli(['--sed', '1']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown option --sed/);

  const unbuilt = runCli(['--once'], { OPENLEDGER_CONTRACTS_OUT: useTempRuntime('no-build') });
  assert.equal(unbuilt.status, 1);
  assert.match(unbuilt.stderr, /missing contract artifact .*OPEN\.json: run `npm run contracts:build`/);

  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as { port: number }).port;
  const busy = runCli(['--once', '--port', String(port)]);
  server.close();
  assert.equal(busy.status, 1);
  assert.match(busy.stderr, new RegExp(`port ${port} is already in use`));
});

test('Ctrl-C at any moment stops anvil and the content store with the devnet', async () => {
  // Before anvil starts, in the middle of the scenario, and while producing.
  for (const moment of [300, 'datanet published', 'producing until Ctrl-C']) {
    const runtime = useTempRuntime('sigint');
    const child = spawn(process.execPath, [...CLI, '--seed', '3', '--interval', '50'], { env: { ...process.env, OPENLEDGER_RUNTIME_DIR: runtime }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    if (typeof moment === 'number') await new Promise((r) => setTimeout(r, moment));
    else {
      const deadline = Date.now() + 60_000;
      while (!stderr.includes(moment) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.ok(stderr.includes(moment), stderr.slice(-2000));
    }
    const ports = [...stderr.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
    const children = childPids(child.pid!);
    if (typeof moment === 'string') assert.ok(children.length > 0, 'anvil runs as a child of the devnet');
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGINT');
    const code = await exited;
    assert.ok(code === 0 || code === null, `exit code ${code}: ${stderr.slice(-1000)}`);
    for (const port of ports) assert.equal(await portAnswers(port), false, `port ${port} still answers after Ctrl-C at ${moment}`);
    await new Promise((r) => setTimeout(r, 100));
    for (const pid of children) assert.equal(alive(pid), false, `child ${pid} outlived Ctrl-C at ${moment}`);
  }
});

// The embedded Postgres keeps its superuser password secret and itself to loopback: a random password
// per cluster in a file only its owner reads, reused on restart and reset when the file is gone; a
// wrong password refused; 127.0.0.1 only; no folder others may write.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { accepts, externalAddress } from '../test/support/externalAddress.ts';
import { useTempRuntime } from '../test/support/tempRuntime.ts';
import { resolveDatabase, startEmbeddedPostgres, withClient, type DbSettings, type RunningPostgres } from './postgres.ts';

const running: RunningPostgres[] = [];
const folders: string[] = [];
after(async () => {
  await Promise.all(running.map((p) => p.stop()));
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

async function start(...args: Parameters<typeof startEmbeddedPostgres>): Promise<RunningPostgres> {
  const pg = await startEmbeddedPostgres(...args);
  running.push(pg);
  return pg;
}

const mode = (path: string) => statSync(path).mode & 0o777;
const oct = (m: number) => `0${m.toString(8)}`;

/** The error code a connection with `password` gets, or 'ok'. */
async function tryConnect(s: DbSettings, password: string): Promise<string> {
  return withClient({ ...s, password }, async () => 'ok').catch((err: { code?: string; message: string }) => err.code ?? err.message);
}

/** Modes of the runtime folder's tree down to the data folder: none writable by others. */
function assertNoOpenFolder(from: string, to: string): void {
  for (let dir = to; ; dir = dirname(dir)) {
    assert.equal(mode(dir) & 0o002, 0, `${dir} is ${oct(mode(dir))}: writable by others`);
    if (dir === from) break;
  }
}

test('two fresh clusters get different random passwords, each in a file only its owner reads', async () => {
  const [a, b] = [await start({ fast: true }), await start({ fast: true })];
  assert.notEqual(a.settings.password, b.settings.password);
  for (const pg of [a, b]) {
    assert.match(pg.settings.password, /^[A-Za-z0-9_-]{32}$/, '192 random bits');
    assert.equal(await tryConnect(pg.settings, pg.settings.password), 'ok');
  }
  assert.equal(await tryConnect(a.settings, b.settings.password), '28P01', "one cluster's password does not open the other");
});

test('the runtime cluster: password file 0600 reused on restart, wrong password refused, loopback only, no open folders', async (t) => {
  const saved = process.env.OPENLEDGER_RUNTIME_DIR;
  const runtime = useTempRuntime('pg-secrets');
  folders.push(runtime);
  const env = { OPENLEDGER_RUNTIME_DIR: runtime };
  t.after(() => {
    if (saved === undefined) delete process.env.OPENLEDGER_RUNTIME_DIR;
    else process.env.OPENLEDGER_RUNTIME_DIR = saved;
  });
  const dataDir = join(runtime, 'postgres', 'data');
  const passwordFile = join(runtime, 'postgres', 'data.password');
  const connectionFile = join(runtime, 'postgres', 'connection.json');

  const first = await resolveDatabase(env);
  const password = first.settings.password;
  assert.equal(readFileSync(passwordFile, 'utf8').trim(), password);
  assert.equal(mode(passwordFile), 0o600, `password file mode ${oct(mode(passwordFile))}`);
  assert.equal(statSync(passwordFile).uid, userInfo().uid, 'owned by who runs the indexer');
  assert.equal(mode(connectionFile), 0o600, 'connection.json holds the password too');
  assert.equal(mode(dataDir), 0o700);
  if (userInfo().uid === 0) assert.notEqual(statSync(dataDir).uid, 0, 'run as root, the data folder belongs to the postgres user');
  assertNoOpenFolder(runtime, dataDir);
  assert.deepEqual(readdirSync(join(runtime, 'postgres')).sort(), ['connection.json', 'data', 'data.password'], 'no copy of the password left by initdb');

  assert.equal(await tryConnect(first.settings, `${password}x`), '28P01', 'a wrong password is refused');
  const settings = await withClient(first.settings, async (c) => (await c.query('SELECT current_setting($1) AS l, current_setting($2) AS u', ['listen_addresses', 'unix_socket_directories'])).rows[0]);
  assert.deepEqual(settings, { l: '127.0.0.1', u: '' });
  const external = externalAddress();
  if (external) assert.equal(await accepts(external, first.settings.port), false, `not reachable on ${external}`);
  else t.diagnostic('no non-loopback address on this machine');
  await first.stop();
  // resolveDatabase's embedded server is persistent: stop() did stop it (it was started here)
  assert.equal(existsSync(join(dataDir, 'postmaster.pid')), false, 'stopped');

  const again = await resolveDatabase(env);
  running.push(again);
  assert.equal(again.settings.password, password, 'the restart reads the same password');
  assert.equal(await tryConnect(again.settings, password), 'ok');
  await again.stop();

  // a cluster whose password file is gone (or made by an earlier version's fixed password) gets a new one
  rmSync(passwordFile);
  const reset = await resolveDatabase(env);
  running.push(reset);
  assert.notEqual(reset.settings.password, password);
  assert.equal(mode(passwordFile), 0o600);
  assert.equal(await tryConnect(reset.settings, reset.settings.password), 'ok');
  assert.equal(await tryConnect(reset.settings, password), '28P01', 'the old password no longer opens it');
});

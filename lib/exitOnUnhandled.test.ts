import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { test } from 'node:test';

const here = pathToFileURL(join(import.meta.dirname, 'exitOnUnhandled.ts')).href;
const logUrl = pathToFileURL(join(import.meta.dirname, 'log.ts')).href;

/** A child that registers the guard, then a library-style rethrowing handler, then rejects. */
function run(stopping: boolean) {
  const script = `
    const { exitOnUnhandled } = await import(${JSON.stringify(here)});
    const { logger } = await import(${JSON.stringify(logUrl)});
    exitOnUnhandled(logger('probe'), () => ${stopping});
    process.on('unhandledRejection', (r) => { throw r; }); // what the wasm backend registers
    Promise.reject(new Error('the socket closed'));
    setTimeout(() => {}, 2000);`;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, LOG_FORMAT: 'json' } });
}

test('an unhandled rejection is one JSON log line and exit 1; while stopping, a warning and exit 0', () => {
  for (const [stopping, code, level] of [[false, 1, 'error'], [true, 0, 'warn']] as const) {
    const r = run(stopping);
    assert.equal(r.status, code, r.stderr);
    const lines = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.trim() !== '');
    assert.ok(lines.length > 0);
    for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), `not a JSON line: ${line}`);
    const entry = lines.map((l) => JSON.parse(l)).find((e) => e.component === 'probe');
    assert.equal(entry?.level, level);
    assert.equal(entry?.error, 'the socket closed');
  }
});

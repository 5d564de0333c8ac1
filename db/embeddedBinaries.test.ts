// Where the embedded Postgres's binaries must be reachable from: the folder check that decides
// whether a root-run server needs the open copy (the project in a mode-700 folder).
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { userInfo } from 'node:os';
import { assertDataDirReachable, closedAncestor } from './embeddedBinaries.ts';

const root = mkdtempSync(join(tmpdir(), 'openledger-closed-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('a folder closed to other users is found above a file, at any depth', () => {
  const deep = join(root, 'project', 'node_modules', 'bin');
  mkdirSync(deep, { recursive: true });
  const file = join(deep, 'initdb');
  writeFileSync(file, '');
  chmodSync(root, 0o700);
  assert.equal(closedAncestor(file), root);
  chmodSync(root, 0o755);
  chmodSync(join(root, 'project'), 0o750);
  assert.equal(closedAncestor(file), join(root, 'project'));
  chmodSync(join(root, 'project'), 0o755);
  assert.equal(closedAncestor(file), undefined);
});

test('run as root, a data folder below a closed folder is a clear error naming it', { skip: userInfo().uid !== 0 && 'not root' }, () => {
  const data = join(root, 'runtime', 'postgres', 'data');
  mkdirSync(data, { recursive: true });
  chmodSync(root, 0o755);
  chmodSync(join(root, 'runtime'), 0o700);
  assert.throws(() => assertDataDirReachable(data), new RegExp(`cannot reach its data folder .*: ${join(root, 'runtime')} is not open to other users`));
  chmodSync(join(root, 'runtime'), 0o755);
  assert.doesNotThrow(() => assertDataDirReachable(data));
});

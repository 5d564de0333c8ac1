// The watchdog's settings: the key from a variable or a file (never quoted in an error), amounts and
// rates checked with clear errors.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { accountFromEnv, configFromEnv, ConfigError } from './config.ts';

const chain = {
  RPC_URL: 'http://127.0.0.1:8545',
  CHALLENGE_MANAGER: '0x00000000000000000000000000000000000000c1',
  ATTRIBUTION_ENGINE: '0x00000000000000000000000000000000000000e1',
  CONTENT_STORES: 'http://127.0.0.1:9000, file:///srv/blobs',
};

test('the key comes from VERIFIER_PRIVATE_KEY or VERIFIER_KEY_FILE (0x optional)', () => {
  const key = generatePrivateKey();
  const address = privateKeyToAccount(key).address;
  assert.equal(accountFromEnv({ VERIFIER_PRIVATE_KEY: key })!.address, address);
  const dir = mkdtempSync(join(tmpdir(), 'ol-key-'));
  const file = join(dir, 'key');
  writeFileSync(file, `${key.slice(2)}\n`);
  chmodSync(file, 0o600);
  assert.equal(accountFromEnv({ VERIFIER_KEY_FILE: file })!.address, address);
  assert.equal(accountFromEnv({}), undefined);
  // Whichever way it came, the key is among what the process's output redaction hides.
  assert.ok(configFromEnv({ ...chain, VERIFIER_KEY_FILE: file }).secrets.includes(key.slice(2)));
});

test('a malformed or unreadable key is a clear error that never quotes it', () => {
  const bad = `${generatePrivateKey()}ff`;
  assert.throws(() => accountFromEnv({ VERIFIER_PRIVATE_KEY: bad }), (e: Error) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /expected 32 bytes of hex/);
    assert.ok(!e.message.includes(bad.slice(2, 20)), e.message);
    return true;
  });
  assert.throws(() => accountFromEnv({ VERIFIER_KEY_FILE: '/nonexistent/key' }), /VERIFIER_KEY_FILE: expected a readable file holding a private key, got ENOENT/);
});

test('settings from the environment, with clear errors for bad values', () => {
  const cfg = configFromEnv({ ...chain, VERIFIER_SAMPLE_RATE_PPM: '250000', VERIFIER_BOND_CAP_PER_HOUR: '2.5' }, { dryRun: true });
  assert.equal(cfg.ratePpm, 250_000);
  assert.equal(cfg.capPerHourWei, 2_500_000_000_000_000_000n);
  assert.deepEqual(cfg.stores, ['http://127.0.0.1:9000', 'file:///srv/blobs']);
  assert.equal(cfg.dryRun, true);
  assert.equal(cfg.tolerance, 1e-4);
  assert.throws(() => configFromEnv({ ...chain, VERIFIER_SAMPLE_RATE_PPM: '2000000' }), /VERIFIER_SAMPLE_RATE_PPM: expected an integer in \[0, 1000000\], got "2000000"/);
  assert.throws(() => configFromEnv({ ...chain, VERIFIER_BOND_CAP_PER_HOUR: '-1' }), /VERIFIER_BOND_CAP_PER_HOUR: expected an amount of OPEN like 100 or 2.5, got "-1"/);
  assert.throws(() => configFromEnv({ ...chain, CHALLENGE_MANAGER: '0x12' }), /CHALLENGE_MANAGER: expected a 0x-prefixed 20-byte address, got "0x12"/);
  assert.throws(() => configFromEnv({ ...chain, VERIFIER_TOLERANCE: 'abc' }), /VERIFIER_TOLERANCE: expected a number in \[0, 1\), got "abc"/);
});

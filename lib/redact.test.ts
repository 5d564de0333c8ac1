// What is shown of a URL that may carry a key, and what is hidden from text that quotes it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { passwordSecrets, redactSecrets, redactUrl, urlSecrets } from './redact.ts';

const KEY = 'k3y0123456789abcdef';

test('redactUrl keeps scheme, host and port; hides path, query, fragment and credentials', () => {
  assert.equal(redactUrl(`https://eth-mainnet.example.com/v2/${KEY}`), 'https://eth-mainnet.example.com/***');
  assert.equal(redactUrl(`https://user:${KEY}@rpc.example.com:8443`), 'https://rpc.example.com:8443/***');
  assert.equal(redactUrl(`wss://rpc.example.com/ws?apikey=${KEY}`), 'wss://rpc.example.com/***');
  assert.equal(redactUrl(`http://127.0.0.1:8545#${KEY}`), 'http://127.0.0.1:8545/***');
  assert.equal(redactUrl('http://127.0.0.1:8545'), 'http://127.0.0.1:8545', 'nothing hidden: shown as is');
  assert.equal(redactUrl('ws://127.0.0.1:8545/'), 'ws://127.0.0.1:8545');
  assert.equal(redactUrl(`not a url ${KEY}`), '<not a URL>');
});

test('redactSecrets hides every form a library may quote: whole, normalised, without credentials, parts', () => {
  const url = `https://reader:pa55word-x@rpc.example.com/v2/${KEY}?apikey=${KEY}x&chain=1`;
  const secrets = urlSecrets(url);
  const texts = [
    `Got 500 from https://rpc.example.com/v2/${KEY}?apikey=${KEY}x&chain=1`, // credentials moved to a header
    `{"rpcUrl":"${url}"}`,
    `request to /v2/${KEY} failed`,
    `basic auth pa55word-x rejected`,
    `key ${encodeURIComponent(KEY)}x alone`,
  ];
  for (const text of texts) {
    const out = redactSecrets(text, secrets);
    for (const part of [KEY, 'pa55word-x']) assert.equal(out.includes(part), false, `${text} -> ${out}`);
  }
  assert.equal(redactSecrets(`{"rpcUrl":"${url}"}`, secrets), '{"rpcUrl":"https://rpc.example.com/***"}');
  assert.equal(redactSecrets('sqd:processor:openledger at https://rpc.example.com', secrets), 'sqd:processor:openledger at https://rpc.example.com', 'ordinary text stays');
});

test('short path segments are not hunted alone; a URL without secrets hides nothing', () => {
  const secrets = urlSecrets('https://rpc.ankr.com/openledger/0123456789abcdef');
  assert.equal(redactSecrets('sqd:processor:openledger', secrets), 'sqd:processor:openledger');
  assert.equal(redactSecrets('key 0123456789abcdef', secrets), 'key ***');
  assert.deepEqual(urlSecrets('http://127.0.0.1:8545').map((s) => s.text).filter((t) => !t.startsWith('http')), []);
  assert.equal(redactSecrets('at http://127.0.0.1:8545 and http://127.0.0.1:8545/', urlSecrets('http://127.0.0.1:8545')), 'at http://127.0.0.1:8545 and http://127.0.0.1:8545/');
  assert.deepEqual(passwordSecrets('abc'), [], 'too short to hunt alone');
  assert.equal(redactSecrets('password 8f2a9c1d', passwordSecrets('8f2a9c1d')), 'password ***');
});

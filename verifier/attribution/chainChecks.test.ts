import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Hex } from 'viem';
import { checkManifestAgainstChain, methodId } from './chainChecks.ts';
import { AttributionError } from './errors.ts';
import type { NgramManifest } from './manifest.ts';

const ROOT: Hex = `0x${'12'.repeat(32)}`;
const manifest = {
  kind: 'openledger-squid/model-manifest',
  method: 'ngram-spans/1',
  model: { name: 'm' },
  datanets: [{ datanetId: '3', version: 2, root: ROOT, rows: { hash: `0x${'34'.repeat(32)}` } }],
  tokenizer: 'ol-words/1',
  params: { minSpan: 4, maxDocuments: 16 },
  languageModel: { hash: `0x${'56'.repeat(32)}` },
} as NgramManifest;
// ASCII "ngram-spans/1" left-aligned in 32 bytes, written out by hand.
const NGRAM_ID: Hex = `0x${Buffer.from('ngram-spans/1').toString('hex').padEnd(64, '0')}`;
const roots = (r: Hex | undefined) => (id: bigint, version: number) => (id === 3n && version === 2 ? r : undefined);

test('a manifest agrees with the chain: registered method and published roots', () => {
  assert.equal(methodId('ngram-spans/1'), NGRAM_ID);
  checkManifestAgainstChain(manifest, { attributionMethod: NGRAM_ID, root: roots(ROOT) });
  checkManifestAgainstChain(manifest, { attributionMethod: NGRAM_ID, root: roots(ROOT.toUpperCase().replace('0X', '0x') as Hex) });
});

test('another registered method, another root or an unpublished version are refused', () => {
  const refused = (code: string, message: RegExp, chain: Parameters<typeof checkManifestAgainstChain>[1]) =>
    assert.throws(() => checkManifestAgainstChain(manifest, chain), (e: AttributionError) => e.code === code && message.test(e.message));
  const tracin: Hex = `0x${Buffer.from('tracin-mlp/1').toString('hex').padEnd(64, '0')}`;
  refused('UNKNOWN_METHOD', /expected tracin-mlp\/1, got ngram-spans\/1/, { attributionMethod: tracin, root: roots(ROOT) });
  refused('MERKLE_ROOT_MISMATCH', /datanet 3 v2\) vs the chain: expected 0x9{64}/, { attributionMethod: NGRAM_ID, root: roots(`0x${'99'.repeat(32)}`) });
  refused('MERKLE_ROOT_MISMATCH', /datanet 3 v2 published on chain, got no such version/, { attributionMethod: NGRAM_ID, root: roots(undefined) });
});

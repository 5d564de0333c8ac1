// The fast decoder gives exactly what @subsquid/evm-abi gives (values, or an error) for every event
// of every family: random well-formed logs built with viem, and the same logs damaged.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { encodeAbiParameters, encodeEventTopics, type Abi, type AbiEvent as ViemEvent, type AbiParameter, type Hex } from 'viem';
import { abiOf, CONTRACT_NAMES } from '../contracts/artifacts.ts';
import { PROJECT_ROOT } from '../lib/runtime.ts';
import { decodeEvent, decodeStats, hasFastPath } from './fastDecode.ts';
import { eventsOf, type Family } from './families.ts';

let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const randHex = (bytes: number) => `0x${Array.from({ length: bytes }, () => Math.floor(rand() * 256).toString(16).padStart(2, '0')).join('')}` as Hex;

function value(type: string): unknown {
  const arr = /^(.*)\[\]$/.exec(type);
  if (arr) return Array.from({ length: Math.floor(rand() * 4) }, () => value(arr[1]!));
  const uint = /^uint(\d+)$/.exec(type);
  if (uint) {
    const bits = Number(uint[1]);
    const v = BigInt(randHex(bits / 8)) >> BigInt(Math.floor(rand() * bits));
    return bits <= 48 ? Number(v) : v;
  }
  const int = /^int(\d+)$/.exec(type);
  if (int) return (rand() < 0.5 ? -1n : 1n) * (BigInt(randHex(Number(int[1]) / 8)) >> 2n);
  if (type === 'address') return randHex(20);
  if (type === 'bool') return rand() < 0.5;
  if (type === 'string') return ['', 'blob://x', 'Ünïcødé ✓', 'tab\tand\nnewline', 'x'.repeat(70)][Math.floor(rand() * 5)];
  if (type === 'bytes') return randHex(Math.floor(rand() * 70));
  const bytes = /^bytes(\d+)$/.exec(type);
  if (bytes) return randHex(Number(bytes[1]));
  throw new Error(`no generator for ${type}`);
}

function randomLog(e: ViemEvent): { topics: string[]; data: string } {
  const args = Object.fromEntries(e.inputs.map((i) => [i.name!, value(i.type)]));
  const topics = encodeEventTopics({ abi: [e], eventName: e.name, args } as never) as string[];
  const data = e.inputs.filter((i) => !i.indexed) as AbiParameter[];
  return { topics, data: encodeAbiParameters(data, data.map((i) => args[i.name!])) };
}

function outcome(fn: () => unknown): unknown {
  try {
    return { value: fn() };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const ABIS: [Family, Abi][] = [
  ...CONTRACT_NAMES.map((n) => [n, abiOf(n)] as [Family, Abi]),
  ['OFT', (JSON.parse(readFileSync(join(PROJECT_ROOT, 'indexer', 'external-abi', 'OFT.json'), 'utf8')) as { abi: Abi }).abi],
];

function damaged(log: { topics: string[]; data: string }): { topics: string[]; data: string }[] {
  const d = log.data;
  return [
    { ...log, data: d.slice(0, -2) },
    { ...log, data: d.slice(0, -64) },
    { ...log, data: `${d}00` },
    { ...log, data: d.toUpperCase().replace('0X', '0x') },
    { ...log, data: d.length > 66 ? `0x${'f'.repeat(24)}${d.slice(26)}` : d },
    { ...log, data: d.length > 66 ? `0x${d.slice(2, 58)}ffffffff${d.slice(66)}` : d },
    { topics: log.topics.map((t, i) => (i === 1 ? `0x${'f'.repeat(24)}${t.slice(26)}` : t)), data: d },
    { topics: log.topics.slice(0, -1), data: d },
  ];
}

test('the fast decoder equals evm-abi on every event of every family, well-formed or damaged', () => {
  let checked = 0;
  for (const [family, abi] of ABIS) {
    const typed = eventsOf(family);
    for (const e of abi.filter((x): x is ViemEvent => x.type === 'event')) {
      const event = typed[e.name];
      assert.ok(event, `${family}.${e.name} has a typegen decoder`);
      for (let i = 0; i < 20; i++) {
        const log = randomLog(e);
        const fastBefore = decodeStats.fast;
        assert.deepEqual(decodeEvent(event, log), event.decode(log), `${family}.${e.name}`);
        if (hasFastPath(event)) assert.equal(decodeStats.fast, fastBefore + 1, `${family}.${e.name} took the fast path`);
        for (const bad of damaged(log)) {
          assert.deepEqual(outcome(() => decodeEvent(event, bad)), outcome(() => event.decode(bad)), `${family}.${e.name} damaged`);
          assert.deepEqual(outcome(() => decodeEvent(event, bad, true)), outcome(() => event.decode(bad)), `${family}.${e.name} damaged, valid hex`);
        }
        checked += 1;
      }
    }
  }
  assert.ok(checked > 1000, `checked ${checked}`);
  assert.ok(decodeStats.fast > checked, `fast path used ${decodeStats.fast} times`);
});

test('the bulk events take the fast path', () => {
  for (const [family, name] of [['AttributionEngine', 'InferenceAttributed'], ['AttributionEngine', 'FeeSplit'], ['CreditManager', 'CreditsSpent'], ['OPEN', 'Transfer']] as const) {
    assert.ok(hasFastPath(eventsOf(family)[name]!), `${family}.${name}`);
  }
});

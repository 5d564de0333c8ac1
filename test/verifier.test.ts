// The watchdog end to end on one devnet (real anvil, real Postgres, real content store, the real
// indexer): the devnet's dishonest attributor falsifies 10% of its records; the verifier samples
// every record (rate 100%), recomputes each, and challenges the falsified ones exactly once — across
// an unfunded start, a SIGKILL between broadcasting a challenge and recording it, and two processes
// on one database — while records with a missing or tampered blob or an unsupported manifest end
// UNVERIFIABLE without a transaction. Governance then upholds the challenges and the indexer shows
// them UPHELD with the attributor slashed. What is expected comes from the simulator's own
// bookkeeping (which records it falsified) and from the chain's logs, not from the verifier.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { concat, keccak256, pad, parseEventLogs, toHex, type Address, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { abiOf } from '../contracts/artifacts.ts';
import { settingsToUrl, startEmbeddedPostgres, type RunningPostgres } from '../db/postgres.ts';
import { runOnce, startDevnet, type RunningDevnet } from '../devnet/devnet.ts';
import { DEFAULT_OPTIONS } from '../devnet/options.ts';
import { eventsOf } from '../devnet/client.ts';
import { falsifyShares } from '../devnet/simulator/falsify.ts';
import { passProposal } from '../devnet/simulator/steps/governance.ts';
import { runInferences, toRecord } from '../devnet/simulator/steps/inferences.ts';
import { OPEN, type Model, type PostedInference } from '../devnet/simulator/world.ts';
import { createPool } from '../api/db.ts';
import { silentLog } from '../api/log.ts';
import { createServer } from '../api/server.ts';
import { createReaderLogin } from '../db/readerRole.ts';
import { rpcCall } from '../lib/rpc.ts';
import { chainView } from '../verifier/service/chainView.ts';
import { decideSamples } from '../verifier/service/selector.ts';
import { graphqlClient } from './support/indexedApi.ts';
import { startIndexer, waitForHeight, type IndexerProcess } from './support/indexerProcess.ts';
import { Cleanup, eventually } from './support/indexerRuns.ts';
import { useTempRuntime } from './support/tempRuntime.ts';
import { startVerifier, type VerifierProcess } from './support/verifierProcess.ts';

const cleanup = new Cleanup();
let runtime: string;
let devnet: RunningDevnet;
let pgServer: RunningPostgres;
let pool: pg.Pool;
let indexer: IndexerProcess;
const key = generatePrivateKey();
const watchdog = privateKeyToAccount(key).address;
const processes: VerifierProcess[] = [];
/** Inferences posted after the scenario, inside the challenge window. */
let fresh: PostedInference[] = [];
const broken: Record<'missing' | 'tampered' | 'unsupported' | 'badShape', bigint> = { missing: 0n, tampered: 0n, unsupported: 0n, badShape: 0n };

const CM_ABI = abiOf('ChallengeManager');

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: settingsToUrl(pgServer.settings),
    OPENLEDGER_RUNTIME_DIR: runtime,
    VERIFIER_PRIVATE_KEY: key,
    VERIFIER_SAMPLE_RATE_PPM: '1000000',
    VERIFIER_FINALITY_DEPTH: '0',
    VERIFIER_POLL_MS: '200',
    VERIFIER_RETRY_LIMIT: '1',
    VERIFIER_RETRY_DELAY_SECONDS: '1',
    ...extra,
  };
}

function verifier(extra: Record<string, string> = {}): VerifierProcess {
  const p = startVerifier(['--watch'], env(extra));
  processes.push(p);
  cleanup.add(() => p.stop());
  return p;
}

/** Waits for `check`; a failure shows the last output of the verifier processes. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  try {
    await eventually(what, async () => {
      const dead = processes.find((p) => p.child.exitCode !== null && p.child.exitCode !== 0);
      if (dead) throw new Error(`a verifier process exited (${dead.child.exitCode})`);
      return check();
    }, timeoutMs);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${processes.map((p, i) => `--- verifier ${i}:\n${p.lines.slice(-15).join('\n')}`).join('\n')}`);
  }
}

async function q<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await pool.query(sql, params)).rows as T[];
}

/** Every ChallengeOpened on chain: inference id, challenger, challenge id. */
async function challengesOnChain(): Promise<{ inferenceId: bigint; challenger: Address; challengeId: bigint }[]> {
  const logs = await devnet.client.publicClient.getLogs({ address: devnet.client.addr('ChallengeManager'), fromBlock: 0n, toBlock: 'latest' });
  return (parseEventLogs({ abi: CM_ABI, logs, eventName: 'ChallengeOpened' }) as unknown as { args: { inferenceId: bigint; challenger: Address; challengeId: bigint } }[]).map((l) => l.args);
}

async function post(model: Model, attributor: Address, p: { inputHash: Hex; inputURI: string; outputHash: Hex }, like: PostedInference): Promise<bigint> {
  const w = devnet.world;
  const res = await w.client.send(attributor, 'AttributionEngine', 'recordInference', [toRecord(model, w.actors.users[0], { ...p, shares: like.posted }, like.posted)]);
  return eventsOf(res, 'AttributionEngine', 'InferenceAttributed')[0]!.inferenceId as bigint;
}

/** Records whose artifacts cannot be checked: a missing input blob, a tampered output blob, a manifest of an unknown method. */
async function postBrokenRecords(): Promise<void> {
  const w = devnet.world;
  const gradient = w.models.find((m) => m.method === 'gradient')!;
  const ngram = w.models.find((m) => m.method === 'ngram')!;
  const like = (m: Model) => w.inferences.find((i) => i.modelId === m.id && !i.falsification)!;
  const [prepared] = await gradient.attributor.infer(1, w.rng);
  broken.missing = await post(gradient, w.actors.honestAttributor, { ...prepared!, inputHash: keccak256(toHex('never stored')) }, like(gradient));
  const [other] = await gradient.attributor.infer(1, w.rng);
  // The input (random features) is this record's alone; an output blob (a class label) is shared by many.
  writeFileSync(join(runtime, 'devnet', 'blobs', other!.inputHash.toLowerCase()), '{"features":[0,0,0,0,0,0,0,0],"kind":"openledger-squid/tabular-input"}');
  broken.tampered = await post(gradient, w.actors.honestAttributor, other!, like(gradient));
  const manifest = await w.store.putJson({ ...ngram.manifest, method: 'ngram-spans/9' });
  await w.client.send(w.actors.modelOwner, 'ModelFactory', 'publishVersion', [ngram.id, manifest.hash, manifest.uri]);
  const [text] = await ngram.attributor.infer(1, w.rng);
  const v2 = { ...ngram, version: 2 };
  broken.unsupported = await post(v2, w.actors.honestAttributor, text!, like(ngram));
  // A gradient version whose first checkpoint's first layer lost a row of weights.
  const m = gradient.manifest as Extract<Model['manifest'], { method: 'tracin-mlp/1' }>;
  const cp = JSON.parse(new TextDecoder().decode(await w.store.get(m.checkpoints[0]!.hash as Hex)));
  cp.layers[0].weights = cp.layers[0].weights.slice(m.architecture.layerSizes[1]!);
  const short = await w.store.putJson(cp);
  const badManifest = await w.store.putJson({ ...m, checkpoints: [{ ...m.checkpoints[0]!, hash: short.hash, uri: short.uri }, ...m.checkpoints.slice(1)] });
  await w.client.send(w.actors.modelOwner, 'ModelFactory', 'publishVersion', [gradient.id, badManifest.hash, badManifest.uri]);
  const [tab] = await gradient.attributor.infer(1, w.rng);
  broken.badShape = await post({ ...gradient, version: 2 }, w.actors.honestAttributor, tab!, like(gradient));
}

before(async () => {
  runtime = useTempRuntime('verifier');
  [pgServer, devnet] = await Promise.all([
    cleanup.track(startEmbeddedPostgres({ fast: true }), (p) => p.stop()),
    cleanup.track(startDevnet({ ...DEFAULT_OPTIONS, seed: 5, once: true, falsify: 0.1 }), (d) => d.stop()),
  ]);
  await runOnce(devnet);
  const before = devnet.world.inferences.length;
  await runInferences(devnet.world, 25);
  fresh = devnet.world.inferences.slice(before);
  await postBrokenRecords();
  pool = new pg.Pool({ ...pgServer.settings, max: 4 });
  cleanup.add(() => pool.end());
  indexer = startIndexer({ DATABASE_URL: settingsToUrl(pgServer.settings), OPENLEDGER_RUNTIME_DIR: runtime, FINALITY_CONFIRMATION: '1' });
  cleanup.add(() => indexer.kill());
  const head = Number(await devnet.client.publicClient.getBlockNumber({ cacheTime: 0 }));
  await waitForHeight(pgServer.settings, head, { indexer, timeoutMs: 180_000, nudge: () => devnet.client.mine() });
});
after(() => cleanup.run());

const falsifiedFresh = () => fresh.filter((i) => i.falsification);

test('the scenario gives the verifier falsified and honest records inside the challenge window', () => {
  assert.ok(falsifiedFresh().length >= 2, `expected at least 2 falsified fresh records, got ${falsifiedFresh().length}`);
  assert.ok(fresh.some((i) => !i.falsification));
});

test('without funds: every record gets its verdict, disputes wait with a clear error, nothing is sent', async () => {
  const p = verifier({ VERIFIER_FAULT: 'kill-after-send', VERIFIER_METRICS_PORT: '0' });
  const total = Number((await q('SELECT count(*)::int AS n FROM inference'))[0].n);
  await until('a verdict for every indexed record', async () => Number((await q('SELECT count(*)::int AS n FROM verifier.verification').catch(() => [{ n: 0 }]))[0].n) === total, 240_000);
  await until('the disputes wait for funds', async () => (await q(`SELECT count(*)::int AS n FROM verifier.challenge_intent WHERE state = 'unfunded'`))[0].n >= falsifiedFresh().length, 30_000);
  assert.ok(p.lines.some((l) => /insufficient balance: account 0x[0-9a-fA-F]{40} has 0 wei/.test(l)), p.lines.slice(-10).join('\n'));
  assert.equal((await challengesOnChain()).filter((c) => c.challenger === watchdog).length, 0);
  // The only process so far: its verdict counters are the table's counts.
  const url = p.lines.map((l) => /"msg":"metrics listening","url":"([^"]+)"/.exec(l)?.[1]).find(Boolean);
  assert.ok(url, 'the process says where its metrics are');
  const text = await (await fetch(url!)).text();
  for (const { verdict, n } of await q(`SELECT verdict, count(*)::int AS n FROM verifier.verification GROUP BY verdict`)) {
    assert.match(text, new RegExp(`verifier_verdicts_total\\{verdict="${verdict}"\\} ${n}\\n`), verdict);
  }
  assert.match(text, new RegExp(`verifier_records_sampled_total\\{reason="sampled"\\} ${total}\\n`));
  assert.match(text, /verifier_backend\{backend="(wasm|cpu|tensorflow|exact-integer)"\} 1/);
  assert.match(text, /verifier_queue_depth \d+/);
});

test('verdicts: falsified records DISPUTE, honest ones MATCH, broken artifacts UNVERIFIABLE with their reason', async () => {
  const rows = await q<{ inference_id: string; verdict: string; reason: string | null; distance: number | null }>('SELECT inference_id, verdict, reason, distance FROM verifier.verification');
  const byId = new Map(rows.map((r) => [BigInt(r.inference_id), r]));
  for (const inf of devnet.world.inferences) {
    const v = byId.get(inf.id);
    assert.ok(v, `inference ${inf.id} has no verdict`);
    assert.equal(v.verdict, inf.falsification ? 'DISPUTE' : 'MATCH', `inference ${inf.id} (${inf.falsification ?? 'honest'}): ${v.reason ?? v.distance}`);
  }
  assert.match(byId.get(broken.missing)!.reason!, /^BLOB_UNAVAILABLE/);
  assert.match(byId.get(broken.tampered)!.reason!, /^BLOB_HASH_MISMATCH/);
  assert.match(byId.get(broken.unsupported)!.reason!, /^UNKNOWN_METHOD/);
  assert.match(byId.get(broken.badShape)!.reason!, /^BAD_SHAPE: .*layer/);
  for (const id of Object.values(broken)) {
    assert.equal(byId.get(id)!.verdict, 'UNVERIFIABLE');
    assert.equal((await q('SELECT count(*)::int AS n FROM verifier.challenge_intent WHERE inference_id = $1', [id.toString()]))[0].n, 0);
  }
});

test('funded: killed right after broadcasting, restarted as two processes: one challenge per falsified record', async () => {
  const [first] = processes;
  const deployer = devnet.world.actors.deployer;
  await devnet.client.walletClient.sendTransaction({ account: deployer, to: watchdog, value: 200n * OPEN, chain: devnet.client.chain });
  const ended = await first!.exited;
  assert.equal(ended.signal, 'SIGKILL', 'the first process killed itself after broadcasting (VERIFIER_FAULT)');
  assert.equal((await q(`SELECT count(*)::int AS n FROM verifier.challenge_intent WHERE state = 'signed'`))[0].n, 1, 'the broadcast challenge is recorded as signed only');
  verifier();
  verifier();
  const window = new Set(falsifiedFresh().map((i) => i.id));
  await until('every fresh dispute challenged', async () => {
    const done = await q(`SELECT inference_id FROM verifier.challenge_intent WHERE state IN ('confirmed', 'preempted')`);
    return falsifiedFresh().every((i) => done.some((d) => BigInt(d.inference_id) === i.id));
  }, 120_000);
  await new Promise((r) => setTimeout(r, 1500)); // both processes make more passes
  const onChain = await challengesOnChain();
  const ours = onChain.filter((c) => c.challenger === watchdog);
  assert.deepEqual(ours.map((c) => c.inferenceId).sort(), [...window].sort(), 'our challenges are exactly the fresh falsified records');
  for (const id of window) assert.equal(onChain.filter((c) => c.inferenceId === id).length, 1, `inference ${id}: one challenge`);
  const linked = await q(`SELECT inference_id, challenge_id FROM verifier.verification WHERE challenge_id IS NOT NULL`);
  for (const c of ours) assert.ok(linked.some((l) => BigInt(l.inference_id) === c.inferenceId && BigInt(l.challenge_id) === c.challengeId));
});

test('governance upholds the challenges: the indexer shows them UPHELD, linked to the verification, and the attributor slashed', async () => {
  const w = devnet.world;
  const ours = (await challengesOnChain()).filter((c) => c.challenger === watchdog);
  await passProposal(w, ours.map((c) => ({ contract: 'ChallengeManager' as const, functionName: 'resolve', args: [c.challengeId, true] })), "Uphold the watchdog's challenges");
  const slashLogs = await w.client.publicClient.getLogs({ address: w.client.addr('AttributionEngine'), fromBlock: 0n, toBlock: 'latest' });
  const slashes = (parseEventLogs({ abi: abiOf('AttributionEngine'), logs: slashLogs, eventName: 'AttributorSlashed' }) as unknown as { args: { challengeId: bigint; amount: bigint } }[])
    .map((l) => l.args).filter((e) => ours.some((c) => c.challengeId === e.challengeId));
  assert.equal(slashes.length, ours.length);
  const head = Number(await w.client.publicClient.getBlockNumber({ cacheTime: 0 }));
  await waitForHeight(pgServer.settings, head, { indexer, timeoutMs: 60_000, nudge: () => w.client.mine() });
  const rows = await q(`SELECT c.id, c.status, c.slashed_amount::text AS slashed, v.verdict FROM challenge c JOIN verifier.verification v ON v.challenge_id = c.id::numeric WHERE lower(c.challenger) = $1`, [watchdog.toLowerCase()]);
  assert.equal(rows.length, ours.length);
  for (const r of rows) {
    assert.equal(r.status, 'UPHELD');
    assert.equal(r.verdict, 'DISPUTE');
  }
  // Each slash takes up to slashAmount of what is left of the bond: the indexed total is the chain's.
  const slashedOnChain = slashes.reduce((a, e) => a + e.amount, 0n);
  assert.ok(slashedOnChain > 0n);
  assert.equal(rows.reduce((a, r) => a + BigInt(r.slashed), 0n), slashedOnChain);
  const [attr] = await q(`SELECT slash_count FROM attributor WHERE lower(id) = $1`, [w.actors.dishonestAttributor.toLowerCase()]);
  assert.ok(attr && attr.slash_count >= ours.length, `attributor slash_count ${attr?.slash_count}`);
});

test('the API serves the verdicts through the read-only role, beside the inference and its challenge', async () => {
  const reader = await createReaderLogin(pgServer.settings, 'verifier_api_test', 'a-long-password-for-the-test');
  const apiPool = createPool(reader);
  cleanup.add(() => apiPool.end());
  const api = await createServer({ pool: apiPool, port: 0, log: silentLog });
  cleanup.add(() => api.close());
  const { data } = graphqlClient(() => api.url);
  const d = await data(`{ verifications(first: 1000, where: { verdict_eq: DISPUTE }) {
    totalCount nodes { id verdict distance tolerance evidenceHash backend recomputedShares challenge { id status challenger } inference { id } } } }`);
  const sql = await q(`SELECT inference_id::text AS id, evidence_hash, challenge_id::text AS challenge FROM verifier.verification WHERE verdict = 'DISPUTE' ORDER BY inference_id`);
  assert.equal(d.verifications.totalCount, sql.length);
  assert.deepEqual(d.verifications.nodes.map((n: any) => n.id).sort(), sql.map((r) => r.id).sort());
  for (const n of d.verifications.nodes) {
    const row = sql.find((r) => r.id === n.id)!;
    assert.equal(n.inference.id, n.id);
    assert.equal(n.evidenceHash, row.evidence_hash);
    assert.equal(n.challenge?.id ?? null, row.challenge);
    assert.ok(Number(n.distance) > Number(n.tolerance));
  }
  const ours = d.verifications.nodes.filter((n: any) => n.challenge?.challenger?.toLowerCase() === watchdog.toLowerCase());
  assert.equal(ours.length, falsifiedFresh().length);
  for (const n of ours) assert.equal(n.challenge.status, 'UPHELD');
  const one = await data(`query($id: ID!) { inference(id: $id) { id verification { verdict reason } } }`, { id: broken.tampered.toString() });
  assert.equal(one.inference.verification.verdict, 'UNVERIFIABLE');
  assert.match(one.inference.verification.reason, /^BLOB_HASH_MISMATCH/);
});

test('at a lower rate, two independent runs select the same records, as the rule computes from block hashes alone', async () => {
  const records = (await q(`SELECT id, block_number FROM inference ORDER BY id::numeric`)).map((r) => ({ inferenceId: BigInt(r.id), blockNumber: Number(r.block_number) }));
  const rpc = devnet.state.rpcUrl;
  const cfg = { ratePpm: 300_000, seedDelay: 1, finalityDepth: 0 };
  const head = await devnet.client.publicClient.getBlockNumber({ cacheTime: 0 });
  const [a, b] = await Promise.all([decideSamples(records, chainView(rpc).view, cfg, head), decideSamples(records, chainView(rpc).view, cfg, head)]);
  const picked = (d: typeof a) => d.decided.filter((x) => x.sampled).map((x) => x.inferenceId);
  assert.equal(a.decided.length, records.length);
  assert.deepEqual(picked(a), picked(b));
  // docs/attribution.md, Sampling: keccak256(abi.encodePacked(bytes32 hash of block b + 1, uint256 id)) mod 1e6 < rate
  const expected: bigint[] = [];
  for (const r of records) {
    const block = await rpcCall<{ hash: Hex }>(rpc, 'eth_getBlockByNumber', [toHex(r.blockNumber + 1), false]);
    if (BigInt(keccak256(concat([block.hash, pad(toHex(r.inferenceId), { size: 32 })]))) % 1_000_000n < 300_000n) expected.push(r.inferenceId);
  }
  assert.deepEqual(picked(a), expected);
  assert.ok(expected.length > 0 && expected.length < records.length, `${expected.length} of ${records.length} sampled`);
  // Seen from an earlier head, with a finality depth: decided up to the first record whose seed block
  // b + 1 is not mined (b + 1 > head) or not final (b + 1 + depth > head), which waits with that reason.
  const mid = records[Math.floor(records.length / 2)]!;
  for (const [past, depth] of [[BigInt(mid.blockNumber), 0], [BigInt(mid.blockNumber) + 1n, 2]] as const) {
    const firstWaiting = records.findIndex((r) => BigInt(r.blockNumber) + 1n + BigInt(depth) > past);
    const seen = await decideSamples(records, chainView(rpc).view, { ...cfg, finalityDepth: depth }, past);
    assert.equal(seen.decided.length, firstWaiting, `head ${past}, depth ${depth}`);
    assert.deepEqual(seen.decided, a.decided.slice(0, firstWaiting));
    assert.equal(seen.waitingFor, records[firstWaiting]!.inferenceId);
    const w = records[firstWaiting]!;
    assert.equal(seen.waitReason, BigInt(w.blockNumber) + 1n > past ? 'seed block not mined' : 'seed block not final');
  }
  // The service's own selection (rate 100%) stored the same seed hashes.
  const stored = await q(`SELECT inference_id, seed_block, seed_hash FROM verifier.selection WHERE reason = 'sampled'`);
  assert.equal(stored.length, records.length);
  for (const r of stored) {
    const d = a.decided.find((x) => x.inferenceId === BigInt(r.inference_id))!;
    assert.equal(r.seed_hash, d.seedHash);
    assert.equal(BigInt(r.seed_block), d.seedBlock);
  }
});

test('npm run verify -- --inference: the verdict, distance and top moved contributions of one record, as a table or JSON', async () => {
  const target = falsifiedFresh()[0]!;
  const [row] = await q(`SELECT verdict, distance FROM verifier.verification WHERE inference_id = $1`, [target.id.toString()]);
  const json = startVerifier(['--inference', target.id.toString(), '--json'], env());
  processes.push(json);
  assert.equal((await json.exited).code, 0, json.lines.join('\n'));
  const out = JSON.parse(json.lines.find((l) => l.startsWith('{"inferenceId"'))!);
  assert.equal(out.verdict, 'DISPUTE');
  assert.equal(out.verdict, row.verdict);
  assert.ok(Math.abs(out.distance - row.distance) < 1e-6, `${out.distance} vs ${row.distance}`);
  assert.match(out.evidenceHash, /^0x[0-9a-f]{64}$/);
  // The contribution that moved most is one whose posted share differs from the honest one by that much.
  const top = out.topMoved[0];
  const posted = new Map(target.posted.contributionIds.map((c, i) => [c.toString(), target.posted.ppb[i]!]));
  const honest = new Map(target.honest.contributionIds.map((c, i) => [c.toString(), target.honest.ppb[i]!]));
  assert.equal(top.postedPpb, posted.get(top.contributionId) ?? 0);
  assert.ok(Math.abs(top.recomputedPpb - (honest.get(top.contributionId) ?? 0)) <= 1000, 'recomputed close to the honest share');
  const table = startVerifier(['--inference', target.id.toString()], env());
  processes.push(table);
  await table.exited;
  assert.ok(table.lines.some((l) => /^verdict\s+DISPUTE$/.test(l)), table.lines.join('\n'));
  assert.ok(table.lines.some((l) => /^contribution\s+posted ppb\s+recomputed ppb\s+delta$/.test(l)));
});

test('a content store that is down: the record is retried with back-off, then ends UNVERIFIABLE with the reason', async () => {
  for (const p of processes) await p.stop();
  const w = devnet.world;
  const gradient = w.models.find((m) => m.method === 'gradient')!;
  const [prepared] = await gradient.attributor.infer(1, w.rng);
  const id = await post(gradient, w.actors.honestAttributor, prepared!, w.inferences.find((i) => i.modelId === gradient.id && !i.falsification)!);
  await devnet.client.mine();
  const head = Number(await devnet.client.publicClient.getBlockNumber({ cacheTime: 0 }));
  await waitForHeight(pgServer.settings, head, { indexer, timeoutMs: 60_000, nudge: () => devnet.client.mine() });
  const p = verifier({ CONTENT_STORES: 'http://127.0.0.1:9', VERIFIER_RETRY_LIMIT: '2' });
  await until('the record ends UNVERIFIABLE', async () => (await q('SELECT 1 FROM verifier.verification WHERE inference_id = $1', [id.toString()])).length === 1, 90_000);
  const [row] = await q('SELECT verdict, reason, attempts FROM verifier.verification WHERE inference_id = $1', [id.toString()]);
  assert.equal(row.verdict, 'UNVERIFIABLE');
  assert.match(row.reason, /^RETRIES_EXHAUSTED: 3 attempts, last: .*transient/);
  assert.equal(row.attempts, 3);
  assert.equal(p.lines.filter((l) => l.includes('verification will be retried')).length, 2);
  assert.equal((await q('SELECT count(*)::int AS n FROM verifier.challenge_intent WHERE inference_id = $1', [id.toString()]))[0].n, 0);
  await p.stop();
});

test('--dry-run: a falsified record is flagged (intent dry_run) and nothing is sent', async () => {
  const w = devnet.world;
  const ngram = w.models.find((m) => m.method === 'ngram')!;
  const [prepared] = await ngram.attributor.infer(1, w.rng);
  const sybil = ngram.datanet.contributions.find((c) => c.contributor === w.actors.sybil && c.status === 'approved')!.id;
  const { shares } = falsifyShares(prepared!.shares, w.rng, sybil);
  await w.client.send(w.actors.dishonestAttributor, 'AttributionEngine', 'stake', [], { value: 200n * OPEN }); // slashed to nothing above
  const res = await w.client.send(w.actors.dishonestAttributor, 'AttributionEngine', 'recordInference', [toRecord(ngram, w.actors.users[1], prepared!, shares)]);
  const id = eventsOf(res, 'AttributionEngine', 'InferenceAttributed')[0]!.inferenceId as bigint;
  await devnet.client.mine();
  const head = Number(await devnet.client.publicClient.getBlockNumber({ cacheTime: 0 }));
  await waitForHeight(pgServer.settings, head, { indexer, timeoutMs: 60_000, nudge: () => devnet.client.mine() });
  const p = startVerifier(['--watch', '--dry-run'], env());
  processes.push(p);
  cleanup.add(() => p.stop());
  await until('the dispute is flagged', async () => (await q(`SELECT 1 FROM verifier.challenge_intent WHERE inference_id = $1 AND state = 'dry_run'`, [id.toString()])).length === 1, 60_000);
  const [v] = await q('SELECT verdict, evidence_hash FROM verifier.verification WHERE inference_id = $1', [id.toString()]);
  assert.equal(v.verdict, 'DISPUTE');
  assert.match(v.evidence_hash, /^0x[0-9a-f]{64}$/);
  assert.equal((await challengesOnChain()).filter((c) => c.inferenceId === id).length, 0);
  assert.ok(p.lines.some((l) => l.includes('dispute flagged (dry run: no challenge sent)')));
  await p.stop();
});

test('the signing key never reaches a log line or an error', () => {
  const all = processes.flatMap((p) => p.lines).join('\n');
  assert.ok(all.length > 0);
  assert.ok(!all.toLowerCase().includes(key.slice(2).toLowerCase()), 'the private key appears in the output');
});


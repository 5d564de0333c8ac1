// Hostile data on a real (embedded) Postgres through the processor's own database class and the
// real batch handler, with logs ABI-encoded as a contract at a watched address would emit them
// (test/support/hostileLogs.ts). First the two failures of issue 8 (a uint32 row count of
// 0xffffffff in an Int column; U+0000 in a vote reason), then a duplicate inference id the database
// already holds and references to rows that do not exist, then a property test: hostile arguments
// for every event of the handler registry, as finalized bulk batches and as hot blocks. The
// processor never stops, every log is stored or quarantined (never both), foreign keys hold; a fork
// below the hot blocks then rolls every row back through the undo log.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { toHex, type Hex } from 'viem';
import { ensureDatabase, startEmbeddedPostgres, withClient, type DbSettings, type RunningPostgres } from '../db/postgres.ts';
import { Random } from '../devnet/simulator/random.ts';
import { logId } from './decode.ts';
import type { Family } from './families.ts';
import { handlerRegistry } from './handlers/index.ts';
import { entityTables } from '../test/support/compare.ts';
import { openDatabase } from '../test/support/harness.ts';
import { blocksOf, encodeLog, exactBytes, hostileArgs, watchedNetwork, type EncodedLog, type ExactBytes } from '../test/support/hostileLogs.ts';

let pg: RunningPostgres;
const network = watchedNetwork();

before(async () => {
  pg = await startEmbeddedPostgres({ fast: true });
});
after(() => pg?.stop());

const q = <T = Record<string, unknown>>(db: DbSettings, sql: string, params: unknown[] = []) =>
  withClient(db, async (c) => (await c.query(sql, params)).rows as T[]);

const ALICE = '0x00000000000000000000000000000000000a11ce';
const WORD = `0x${'ab'.repeat(32)}` as Hex;

function ev(family: Family, event: string, args: Record<string, unknown>): EncodedLog {
  return { family, event, args, log: encodeLog(family, event, args) };
}

/**
 * A datanet, contributions 1 to 3, a model with versions 1 to 3, an attributor's inference with its
 * fee split: rows the hostile events' ids (mostly 1 to 3) can refer to.
 */
function honestStart(): EncodedLog[] {
  return [
    ev('DatanetFactory', 'DatanetCreated', { datanetId: 1n, owner: ALICE, transactionId: WORD, name: 'data', metadataURI: 'blob://d', fee: 0n }),
    ...[1n, 2n, 3n].map((id) => ev('DatanetFactory', 'ContributionSubmitted', {
      contributionId: id, datanetId: 1n, contributor: ALICE, contentHash: WORD, uri: `blob://c${id}`, rowCount: 10,
    })),
    ev('ModelFactory', 'ModelRegistered', { modelId: 1n, owner: ALICE, attributionMethod: WORD, name: 'm', datanetIds: [1n], feePerInference: 100n }),
    ...[1n, 2n, 3n].map((version) => ev('ModelFactory', 'ModelVersionPublished', { modelId: 1n, version, manifestHash: WORD, manifestURI: 'blob://v' })),
    ev('AttributionEngine', 'InferenceAttributed', {
      inferenceId: 7n, modelId: 1n, attributor: ALICE, modelVersion: 1n, user: ALICE, inputHash: WORD, inputURI: 'blob://in',
      outputHash: WORD, fee: 100n, contributionIds: [1n], shares: [1_000_000_000],
    }),
    ev('AttributionEngine', 'FeeSplit', {
      inferenceId: 7n, modelId: 1n, modelOwner: ALICE, fee: 100n, protocolAmount: 15n, modelOwnerAmount: 25n, contributorAmount: 60n, dust: 0n,
    }),
  ];
}

async function freshDatabase(name: string): Promise<DbSettings> {
  return ensureDatabase(pg.settings, name);
}

test('issue 8: a uint32 row count of 0xffffffff and a NUL in a vote reason are stored, with the exact bytes kept', async () => {
  const db = await freshDatabase('hostile_issue');
  const t = await openDatabase(db, network);
  try {
    const logs = [
      ev('DatanetFactory', 'DatanetCreated', { datanetId: 1n, owner: ALICE, transactionId: WORD, name: 'n\u0000ame', metadataURI: exactBytes('0xff00'), fee: 0n }),
      ev('DatanetFactory', 'ContributionSubmitted', {
        contributionId: 1n, datanetId: 1n, contributor: ALICE, contentHash: WORD, uri: exactBytes('0x61ff62'), rowCount: 0xffffffff,
      }),
      ev('OpenLedgerGovernor', 'ProposalCreated', {
        proposalId: 1n, proposer: ALICE, targets: [ALICE], values: [0n], signatures: ['ok', 'x\u0000y'], calldatas: ['0x'],
        voteStart: 1n, voteEnd: 2n, description: 'd\u0000',
      }),
      ev('OpenLedgerGovernor', 'VoteCast', { voter: ALICE, proposalId: 1n, support: 0, weight: 0n, reason: '\u0000' }),
    ];
    await t.finalized(blocksOf(logs, 1, 10).blocks);
  } finally {
    await t.close();
  }
  assert.deepEqual(await q(db, 'SELECT row_count, uri, uri_raw FROM contribution'), [{ row_count: '4294967295', uri: 'a\uFFFDb', uri_raw: '0x61ff62' }]);
  assert.deepEqual(await q(db, 'SELECT row_count, approved_count, version_count, name, name_raw, metadata_uri, metadata_uri_raw FROM datanet'), [{
    row_count: '4294967295', approved_count: '0', version_count: '0', name: 'n\uFFFDame', name_raw: toHex('n\u0000ame'),
    metadata_uri: '\uFFFD\uFFFD', metadata_uri_raw: '0xff00',
  }]);
  assert.deepEqual(await q(db, 'SELECT reason, reason_raw FROM vote'), [{ reason: '\uFFFD', reason_raw: '0x00' }]);
  assert.deepEqual(await q(db, 'SELECT description, description_raw, signatures, signatures_raw FROM proposal'), [{
    description: 'd\uFFFD', description_raw: toHex('d\u0000'), signatures: ['ok', 'x\uFFFDy'], signatures_raw: [toHex('ok'), toHex('x\u0000y')],
  }]);
  assert.deepEqual(await q(db, 'SELECT count(*)::int AS n FROM quarantined_log'), [{ n: 0 }]);
});

test('a duplicate inference id the database holds, mismatched lists and unknown rows are quarantined; the rest of the batch is stored', async () => {
  const db = await freshDatabase('hostile_duplicates');
  const t = await openDatabase(db, network);
  const second = [
    // the database holds inference 7: its write fails, the fallback writes the batch in parts
    ev('AttributionEngine', 'InferenceAttributed', {
      inferenceId: 7n, modelId: 1n, attributor: ALICE, modelVersion: 1n, user: ALICE, inputHash: WORD, inputURI: 'again',
      outputHash: WORD, fee: 999n, contributionIds: [1n], shares: [1_000_000_000],
    }),
    ev('OPEN', 'Transfer', { from: `0x${'00'.repeat(20)}`, to: ALICE, value: 5n }),
    ev('AttributionEngine', 'InferenceAttributed', {
      inferenceId: 8n, modelId: 1n, attributor: ALICE, modelVersion: 1n, user: ALICE, inputHash: WORD, inputURI: 'lists',
      outputHash: WORD, fee: 1n, contributionIds: [1n], shares: [500_000_000, 500_000_000],
    }),
    ev('AttributionEngine', 'InferenceAttributed', {
      inferenceId: 9n, modelId: 5n, attributor: ALICE, modelVersion: 1n, user: ALICE, inputHash: WORD, inputURI: 'model',
      outputHash: WORD, fee: 1n, contributionIds: [], shares: [],
    }),
    ev('ChallengeManager', 'ChallengeOpened', {
      challengeId: 1n, inferenceId: 404n, challenger: ALICE, attributor: ALICE, bond: 1n, evidenceHash: WORD, evidenceURI: 'e', deadline: 1n,
    }),
    ev('ModelFactory', 'ModelRegistered', { modelId: 2n, owner: ALICE, attributionMethod: WORD, name: 'm2', datanetIds: [1n, 1n], feePerInference: 1n }),
  ];
  try {
    await t.finalized(blocksOf(honestStart(), 1, 10, 'first').blocks);
    await t.finalized(blocksOf(second, 2, 10, 'second').blocks);
  } finally {
    await t.close();
  }
  const quarantined = await q<{ id: string; event: string; reason: string }>(db, 'SELECT id, event, reason FROM quarantined_log ORDER BY id');
  assert.deepEqual(quarantined.map((r) => r.id), [0, 2, 3, 4, 5].map((i) => logId(2, i)));
  assert.match(quarantined[0]!.reason, /^23505: duplicate key/);
  assert.match(quarantined[1]!.reason, /1 contribution ids but 2 shares/);
  assert.match(quarantined[2]!.reason, /Model 5 does not exist/);
  assert.match(quarantined[3]!.reason, /Inference 404 does not exist/);
  assert.match(quarantined[4]!.reason, /datanet 1 is listed twice/);
  // the stored inference is the first one; the transfer of the same batch is stored
  assert.deepEqual(await q(db, 'SELECT id, fee, input_uri, shares FROM inference'), [{ id: '7', fee: '100', input_uri: 'blob://in', shares: ['1000000000'] }]);
  assert.deepEqual(await q(db, 'SELECT id, value FROM token_transfer'), [{ id: logId(2, 1), value: '5' }]);
  assert.deepEqual(await q(db, 'SELECT record_count FROM attributor'), [{ record_count: 1 }]);
  assert.deepEqual(await q(db, "SELECT id, count FROM event_count WHERE id = 'AttributionEngine.InferenceAttributed'"), [
    { id: 'AttributionEngine.InferenceAttributed', count: 4 },
  ]);
  assert.deepEqual(await danglingForeignKeys(db), []);
});

/** Rows whose foreign key names no row of the referenced table, for every foreign key of the schema. */
async function danglingForeignKeys(db: DbSettings): Promise<string[]> {
  const fks = await q<{ child: string; column: string; parent: string }>(db, `
    SELECT c.conrelid::regclass::text AS child, a.attname AS column, c.confrelid::regclass::text AS parent
    FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`);
  assert.ok(fks.length > 20, `foreign keys: ${fks.length}`);
  const out: string[] = [];
  for (const fk of fks) {
    const rows = await q<{ id: string }>(db, `SELECT x.id FROM ${fk.child} x LEFT JOIN ${fk.parent} p ON p.id = x.${fk.column}
      WHERE x.${fk.column} IS NOT NULL AND p.id IS NULL`);
    for (const r of rows) out.push(`${fk.child}.${fk.column} of ${r.id} -> ${fk.parent}`);
  }
  return out;
}

/** Events whose handler writes one row with the log's id, and that row's table (written out here, not read from the handlers). */
const LOG_ROWS: Record<string, string> = {
  'OPEN.Transfer': 'token_transfer', 'WOPEN.Transfer': 'token_transfer', 'GOPEN.Transfer': 'token_transfer',
  'WOPEN.Deposit': 'token_wrap', 'WOPEN.Withdrawal': 'token_wrap', 'GOPEN.Deposit': 'token_wrap', 'GOPEN.Withdrawal': 'token_wrap',
  'GOPEN.DelegateChanged': 'delegate_change', 'OFT.OFTSent': 'bridge_transfer', 'OFT.OFTReceived': 'bridge_transfer',
  'Staking.Staked': 'stake_action', 'Staking.ToppedUp': 'stake_action', 'Staking.RequestUnstake': 'stake_action',
  'Staking.Unstaked': 'stake_action', 'Staking.CommitStake': 'stake_action',
  'CreditManager.CreditPurchased': 'credit_purchase', 'CreditManager.CreditsSpent': 'credit_spend',
  'DatanetFactory.TransactionInitiated': 'datanet_transaction', 'AttributionEngine.RewardsClaimed': 'reward_claim',
  'AttributionEngine.AttributorStaked': 'attributor_bond_event', 'AttributionEngine.AttributorUnstakeRequested': 'attributor_bond_event',
  'AttributionEngine.AttributorUnstaked': 'attributor_bond_event', 'AttributionEngine.AttributorSlashed': 'attributor_bond_event',
  'AttributionEngine.FeeSplitSet': 'parameter_change', 'ChallengeManager.ChallengeParamsSet': 'parameter_change',
};

/** Text as Postgres holds it, computed with the WHATWG decoder (not the indexer's): bad sequences and NUL as U+FFFD. */
function expectedText(bytes: Hex): { text: string; raw: string | null } {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(Buffer.from(bytes.slice(2), 'hex')).replaceAll('\u0000', '\uFFFD');
  return { text, raw: toHex(new TextEncoder().encode(text)) === bytes ? null : bytes };
}

const bytesOf = (v: unknown): Hex => (typeof v === 'string' ? toHex(v) : (v as ExactBytes).bytes);

/** Hostile logs for every event of the registry: `perEvent` each, in a random order. */
function hostileLogs(seed: number, perEvent: number): EncodedLog[] {
  const r = new Random(seed);
  const keys = [...handlerRegistry().keys()];
  assert.ok(keys.length >= 80, `handled events: ${keys.length}`);
  const logs: EncodedLog[] = [];
  for (const key of keys) {
    const [family, event] = key.split(':') as [Family, string];
    const er = r.fork(key);
    for (let i = 0; i < perEvent; i++) logs.push(ev(family, event, hostileArgs(er, family, event)));
  }
  for (let i = logs.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [logs[i], logs[j]] = [logs[j]!, logs[i]!];
  }
  return logs;
}

async function checkStoredOrQuarantined(db: DbSettings, ids: Map<string, EncodedLog>): Promise<{ quarantined: Set<string> }> {
  const counted = await q<{ n: number }>(db, 'SELECT coalesce(sum(count), 0)::int AS n FROM event_count');
  assert.deepEqual(await q(db, 'SELECT count(*)::int AS n FROM decode_failure'), [{ n: 0 }]);
  assert.equal(counted[0]!.n, ids.size, 'every log is counted once');
  const rows = await q<{ id: string; contract: string; event: string; topics: string[]; data: string; reason: string }>(db, 'SELECT * FROM quarantined_log');
  const quarantined = new Set(rows.map((r) => r.id));
  for (const r of rows) {
    const l = ids.get(r.id);
    assert.ok(l, `quarantined ${r.id} is a log of the batch`);
    assert.deepEqual([r.contract, r.event, r.topics, r.data], [l.family, l.event, l.log.topics, l.log.data], `the raw log of ${r.id}`);
    assert.ok(r.reason.length > 0);
  }
  assert.ok(quarantined.size > 0 && quarantined.size < ids.size, `quarantined ${quarantined.size} of ${ids.size}`);
  for (const [key, table] of Object.entries(LOG_ROWS)) {
    const expected = [...ids].filter(([id, l]) => `${l.family}.${l.event}` === key && !quarantined.has(id)).map(([id]) => id);
    const all = [...ids].filter(([, l]) => `${l.family}.${l.event}` === key).map(([id]) => id);
    const found = await q<{ id: string }>(db, `SELECT id FROM ${table} WHERE id = ANY($1::text[])`, [all]);
    assert.deepEqual(found.map((x) => x.id).sort(), expected.sort(), `${key}: a ${table} row for every stored log and none for a quarantined one`);
  }
  return { quarantined };
}

/** Contributions and votes hold the generated values: row counts whole, text safe, exact bytes when altered. */
async function checkValues(db: DbSettings, ids: Map<string, EncodedLog>, quarantined: Set<string>): Promise<number> {
  const stored = [...ids].filter(([id]) => !quarantined.has(id));
  let checked = 0;
  for (const c of await q<{ id: string; uri: string; uri_raw: string | null; row_count: string; submitted_at_block: number }>(db, 'SELECT * FROM contribution')) {
    const [, l] = stored.find(([, x]) => x.event === 'ContributionSubmitted' && String(x.args.contributionId) === c.id)!;
    const { text, raw } = expectedText(bytesOf(l.args.uri));
    assert.deepEqual([c.uri, c.uri_raw, c.row_count], [text, raw, String(l.args.rowCount)], `contribution ${c.id}`);
    checked += 1;
  }
  for (const v of await q<{ id: string; reason: string; reason_raw: string | null }>(db, 'SELECT id, reason, reason_raw FROM vote')) {
    const [, l] = stored.find(([, x]) => x.event.startsWith('VoteCast') && `${String(x.args.proposalId)}-${String(x.args.voter)}` === v.id)!;
    const { text, raw } = expectedText(bytesOf(l.args.reason));
    assert.deepEqual([v.reason, v.reason_raw], [text, raw], `vote ${v.id}`);
    checked += 1;
  }
  return checked;
}

const PER_EVENT = 12;
const LOGS_PER_BLOCK = 8;
const BLOCKS_PER_BATCH = 6;

function batchesOf<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

for (const mode of ['finalized bulk batches', 'hot blocks'] as const) {
  test(`property: hostile arguments for every handled event, as ${mode}: stored or quarantined, foreign keys hold`, async () => {
    const seed = mode === 'hot blocks' ? 8_002 : 8_001;
    const db = await freshDatabase(mode === 'hot blocks' ? 'hostile_hot' : 'hostile_bulk');
    const logs = [...honestStart(), ...hostileLogs(seed, PER_EVENT)];
    const { blocks, ids } = blocksOf(logs, 0, LOGS_PER_BLOCK, `seed ${seed}`);
    const bulk = process.env.BULK_LOAD_ROWS;
    process.env.BULK_LOAD_ROWS = '1'; // every finalized batch a bulk load: no foreign-key checks by Postgres
    const t = await openDatabase(db, network);
    try {
      for (const batch of batchesOf(blocks, BLOCKS_PER_BATCH)) {
        if (mode === 'hot blocks') await t.hot(batch);
        else await t.finalized(batch);
      }
      await check(db, ids);
      if (mode === 'hot blocks') {
        // a fork below every hot block: the undo log (parts rolled back to savepoints included) empties every table
        await t.hot([{ header: { height: 0, hash: `0x${'f0'.repeat(32)}`, timestamp: 1_700_000_000_000 }, logs: [] }], t.finalizedHead());
        const left: string[] = [];
        for (const table of await entityTables(db)) {
          const [row] = await q<{ n: number }>(db, `SELECT count(*)::int AS n FROM ${table}`);
          if (row!.n > 0) left.push(`${table}: ${row!.n}`);
        }
        assert.deepEqual(left, [], 'rows left after rolling back every hot block');
      }
    } finally {
      await t.close();
      if (bulk === undefined) delete process.env.BULK_LOAD_ROWS;
      else process.env.BULK_LOAD_ROWS = bulk;
    }
  });
}

/** Every log stored or quarantined, foreign keys intact, values as generated, each kind of rejection seen. */
async function check(db: DbSettings, ids: Map<string, EncodedLog>): Promise<void> {
  const { quarantined } = await checkStoredOrQuarantined(db, ids);
  assert.deepEqual(await danglingForeignKeys(db), []);
  assert.ok((await checkValues(db, ids, quarantined)) > 0, 'some contributions and votes were stored');
  const reasons = await q<{ reason: string }>(db, 'SELECT reason FROM quarantined_log');
  assert.ok(reasons.some((r) => /does not exist/.test(r.reason)), 'references to missing rows');
  assert.ok(reasons.some((r) => /^23505: duplicate key/.test(r.reason)), 'a write the database refused (the fallback ran)');
  assert.ok(reasons.some((r) => /contribution ids but/.test(r.reason)), 'lists of different lengths');
}

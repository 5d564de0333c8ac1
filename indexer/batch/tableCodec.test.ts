// Table codecs on the real entity metadata and a real (embedded) Postgres: the compiled COPY line of
// every entity class is the COPY text format of its values (the expectation written by hand from
// the format's rules); hostile text, arrays with NULL and quotes, JSON and dates survive COPY and
// the read back unchanged (U+0000 as U+FFFD).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DataSource } from 'typeorm';
import type pg from 'pg';
import { applyMigrations, dataSourceOptions } from '../../db/dataSource.ts';
import * as M from '../../db/model/index.ts';
import { ENTITIES } from '../../db/model/index.ts';
import { startEmbeddedPostgres, type RunningPostgres } from '../../db/postgres.ts';
import type { WithId } from './withId.ts';
import { insertRows, readByIds } from './rows.ts';
import type { StoreAccess } from './storeAccess.ts';
import { tableCodec, type TableCodec } from './tableCodec.ts';

let server: RunningPostgres;
let ds: DataSource;

before(async () => {
  server = await startEmbeddedPostgres({ fast: true });
  await applyMigrations(server.settings);
  ds = new DataSource(dataSourceOptions(server.settings));
  await ds.initialize();
});

after(async () => {
  await ds?.destroy();
  await server?.stop();
});

const HOSTILE = 'tab\there, newline\nthere, cr\r, backslash \\ and "quotes" \u00e9';

// The expected COPY text is written here from Postgres's COPY text format rules (docs: "COPY ...
// Text Format"), not with the codec's helpers: a backslash is written \\, a tab \t, a newline \n,
// a carriage return \r, NULL is \N, columns are separated by tabs; a text array is an array literal
// ({...}, elements in double quotes with " and \ preceded by a backslash, unquoted when plainly
// safe), COPY-escaped in turn. U+0000, which Postgres text cannot hold, is stored as U+FFFD.
const N = '\\N';

/** One value per kind and its COPY text, both written out by hand. */
const SAMPLES = {
  text: { value: 'a\tb\\c\nd\re\u0000f "q" \u00e9 \u{1F600}', copy: 'a\\tb\\\\c\\nd\\re\uFFFDf "q" \u00e9 \u{1F600}' },
  numeric: { value: 2n ** 256n - 1n, copy: '115792089237316195423570985008687907853269984665640564039457584007913129639935' },
  int: { value: 2147483647, copy: '2147483647' },
  bool: { value: false, copy: 'f' },
  timestamptz: { value: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)), copy: '2026-01-02T03:04:05.006Z' },
  jsonb: { value: { note: 'x\ty\\z\u0000', n: 1 }, copy: '{"note":"x\\\\ty\\\\\\\\z\uFFFD","n":1}' },
  textArray: { value: ['1', 'NULL', 'a"b', 'x y', 'tab\there', 'back\\slash'], copy: '{1,"NULL","a\\\\"b","x y","tab\\there","back\\\\\\\\slash"}' },
  intArray: { value: [1, 2147483647], copy: '{1,2147483647}' },
  id: { value: '0000000001-000002', copy: '0000000001-000002' },
  related: { value: { id: '42' }, copy: '42' },
};

function sampleOf(codec: TableCodec, i: number): { value: unknown; copy: string } {
  const c = codec.columns[i]!;
  if (c.related) return SAMPLES.related;
  if (c.dbName === 'id') return SAMPLES.id;
  if (c.kind === 'array') return c.sqlType === 'int4[]' ? SAMPLES.intArray : SAMPLES.textArray;
  return SAMPLES[c.kind];
}

test('every entity class: the COPY line is what the COPY text format says, written independently', () => {
  assert.ok(ENTITIES.length > 40);
  for (const cls of ENTITIES) {
    const codec = tableCodec(ds.manager, cls as never) as unknown as TableCodec;
    // every column set (expected: each column's hand-written text), then every other column null
    for (const nullEvery of [0, 2]) {
      const e = new codec.cls() as unknown as Record<string, unknown>;
      const expected: string[] = [];
      codec.columns.forEach((c, i) => {
        const sample = sampleOf(codec, i);
        const isNull = nullEvery > 0 && i % nullEvery === 1;
        e[c.prop] = isNull ? null : sample.value;
        expected.push(isNull ? N : sample.copy);
      });
      assert.equal(codec.line(e as unknown as WithId), expected.join('\t'), `${cls.name}, nulls every ${nullEvery}`);
    }
    const empty = new codec.cls() as unknown as Record<string, unknown>;
    empty.id = 'only-id';
    assert.equal(codec.line(empty as unknown as WithId), ['only-id', ...codec.columns.slice(1).map(() => N)].join('\t'), cls.name);
  }
});

test('the parameter (unnest) texts hold what Postgres stores: NUL as U+FFFD, lone surrogates as U+FFFD', () => {
  const codec = tableCodec(ds.manager, M.Vote) as unknown as TableCodec;
  const vote = new M.Vote({ id: 'v', reason: 'a\u0000b\uD800c\uDC00d\u{1F600}', params: null });
  const texts = codec.texts(vote);
  const at = (prop: string) => texts[codec.columns.findIndex((c) => c.prop === prop)];
  assert.equal(at('reason'), 'a\uFFFDb\uFFFDc\uFFFDd\u{1F600}');
  assert.equal(at('params'), null);
});

/** An entity of `codec`'s class with every column set to a value of its kind (hostile where text). */
function filled(codec: TableCodec, variant: number): WithId {
  const e = new codec.cls() as unknown as Record<string, unknown>;
  for (const c of codec.columns) {
    if (c.related) e[c.prop] = { id: `r${variant}` };
    else if (c.dbName === 'id') e[c.prop] = `id-${variant}`;
    else if (c.kind === 'text') e[c.prop] = `${HOSTILE} ${variant}`;
    else if (c.kind === 'numeric') e[c.prop] = 10n ** 30n + BigInt(variant);
    else if (c.kind === 'int') e[c.prop] = variant;
    else if (c.kind === 'bool') e[c.prop] = variant % 2 === 0;
    else if (c.kind === 'timestamptz') e[c.prop] = new Date(Date.UTC(2026, 0, 1, 0, 0, variant));
    else if (c.kind === 'jsonb') e[c.prop] = { note: HOSTILE, n: variant };
    else if (c.kind === 'array') e[c.prop] = c.sqlType === 'int4[]' ? [1, variant] : ['1', 'NULL', 'null', 'a"b', 'x y', HOSTILE];
  }
  return e as unknown as WithId;
}

test('hostile text, arrays and dates go through COPY and come back unchanged', async () => {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    const client = (runner as unknown as { databaseConnection: pg.ClientBase }).databaseConnection;
    const db: StoreAccess = { em: runner.manager, client };
    await runner.startTransaction();
    await runner.query('SET LOCAL session_replication_role = replica'); // the inference's parents are not written here
    const failure = new M.DecodeFailure({
      id: '0000000001-abc-000001', blockNumber: 1, blockHash: '0xab', timestamp: new Date(Date.UTC(2026, 10, 22, 1, 2, 3)),
      txHash: '0xcd', logIndex: 4, address: '0xef', contract: 'Token', topic0: null, data: '0x00', error: HOSTILE,
    });
    const inference = filled(tableCodec(ds.manager, M.Inference) as unknown as TableCodec, 3) as M.Inference;
    inference.contributionIds = ['1', 'NULL', 'a"b', HOSTILE];
    inference.shares = ['600000000', '400000000'];
    inference.inputURI = 'nul \u0000 inside';
    await insertRows(db, M.DecodeFailure, [failure]);
    await insertRows(db, M.Inference, [inference]);
    const [back] = await readByIds(db, M.DecodeFailure, [failure.id]);
    assert.deepEqual({ ...back }, { ...failure });
    const [inf] = await readByIds(db, M.Inference, [inference.id]);
    assert.deepEqual(inf!.contributionIds, inference.contributionIds);
    assert.deepEqual(inf!.shares, inference.shares);
    assert.equal(inf!.inputURI, 'nul \uFFFD inside');
    assert.equal(inf!.fee, inference.fee);
    assert.equal(inf!.timestamp.toISOString(), inference.timestamp.toISOString());
    await runner.rollbackTransaction();
  } finally {
    await runner.release();
  }
});

// Table codecs on the real entity metadata and a real (embedded) Postgres: the compiled COPY line of
// every entity class says what its per-column texts say, escaped; hostile text, arrays with NULL
// and quotes, JSON and dates survive COPY and the read back unchanged.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DataSource } from 'typeorm';
import type pg from 'pg';
import { COPY_NULL, copyText } from '../../db/copy.ts';
import { applyMigrations, dataSourceOptions } from '../../db/dataSource.ts';
import * as M from '../../db/model/index.ts';
import { ENTITIES } from '../../db/model/index.ts';
import { startEmbeddedPostgres, type RunningPostgres } from '../../db/postgres.ts';
import type { WithId } from './entityMap.ts';
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

/** The line the per-column texts make: what the compiled line must equal. */
function expectedLine(codec: TableCodec, e: WithId): string {
  return codec.texts(e).map((t, i) => (t === null ? COPY_NULL : codec.columns[i]!.plain ? t : copyText(t))).join('\t');
}

test('every entity class: the compiled COPY line equals its escaped column texts, nulls included', () => {
  assert.ok(ENTITIES.length > 40);
  for (const cls of ENTITIES) {
    const codec = tableCodec(ds.manager, cls as never) as unknown as TableCodec;
    for (const variant of [1, 2]) {
      const e = filled(codec, variant);
      assert.equal(codec.line(e), expectedLine(codec, e), `${cls.name}, variant ${variant}`);
    }
    const empty = new codec.cls() as unknown as Record<string, unknown>;
    empty.id = 'only-id';
    assert.equal(codec.line(empty as unknown as WithId), ['only-id', ...codec.columns.slice(1).map(() => COPY_NULL)].join('\t'), cls.name);
  }
});

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
    inference.shares = [600_000_000, 400_000_000];
    await insertRows(db, M.DecodeFailure, [failure]);
    await insertRows(db, M.Inference, [inference]);
    const [back] = await readByIds(db, M.DecodeFailure, [failure.id]);
    assert.deepEqual({ ...back }, { ...failure });
    const [inf] = await readByIds(db, M.Inference, [inference.id]);
    assert.deepEqual(inf!.contributionIds, inference.contributionIds);
    assert.deepEqual(inf!.shares, inference.shares);
    assert.equal(inf!.inputURI, inference.inputURI);
    assert.equal(inf!.fee, inference.fee);
    assert.equal(inf!.timestamp.toISOString(), inference.timestamp.toISOString());
    await runner.rollbackTransaction();
  } finally {
    await runner.release();
  }
});

// Hostile requests over real HTTP against the API on a devnet scenario indexed into a real
// (embedded) Postgres: each gets a GraphQL error saying what was wrong (never a 5xx, never SQL), the
// tables are intact, and the server keeps answering after each one.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { withClient } from '../db/postgres.ts';
import { graphqlClient, startIndexedApi, type GraphqlAnswer, type IndexedApi } from '../test/support/indexedApi.ts';

let fixture: IndexedApi;
const { post, gql, data } = graphqlClient(() => fixture.api.url);

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  withClient(fixture.pg.settings, async (client) => (await client.query(text, params)).rows as T[]);

before(async () => {
  fixture = await startIndexedApi({ login: ['hostile_test', 'hostile-test-password-0123456789'] });
});

after(async () => {
  await fixture?.stop();
});

/** What an error may never show: SQL, table names of the statement, stack frames. */
const LEAK = /SELECT|FROM "|strpos|at character|EXISTS \(|\.ts:\d|at [A-Za-z.]+ \(|node_modules/;

/** The server still answers a plain query and /health. */
async function stillUp(what: string): Promise<void> {
  assert.equal((await fetch(`${fixture.api.url}/health`)).status, 200, `${what}: /health`);
  assert.equal((await data('{ tokens { totalCount } }')).tokens.totalCount, 3, `${what}: the server still answers`);
}

function refused(what: string, a: GraphqlAnswer, message: RegExp): void {
  assert.ok(a.status < 500, `${what}: HTTP ${a.status}`);
  assert.ok(a.body.errors?.length, `${what}: expected errors, got ${JSON.stringify(a.body).slice(0, 200)}`);
  const messages = a.body.errors!.map((e) => e.message).join('; ');
  assert.match(messages, message, what);
  assert.doesNotMatch(JSON.stringify(a.body), LEAK, `${what}: the answer leaks internals`);
}

test("the issue's hostile list: each a GraphQL error below HTTP 500, the server up after each", async () => {
  const deep = `{ ${'inferences { nodes { attributions { nodes { inference { '.repeat(10)}id${' } } } } }'.repeat(10)} }`;
  const aliases = `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: tokens { totalCount }`).join(' ')} }`;
  const batch = JSON.stringify(Array.from({ length: 1000 }, () => ({ query: '{ tokens { totalCount } }' })));
  const cases: [what: string, answer: () => Promise<GraphqlAnswer>, message: RegExp][] = [
    ['depth 50', () => gql(deep), /depth: selections nest at most 16 deep|more that 5000 tokens/],
    ['depth 150 through a chain of fragments', () => gql(`{ inferences { nodes { ...F0 } } } ${Array.from({ length: 50 }, (_, i) => `fragment F${i} on Inference { id ${i < 49 ? `attributions { nodes { inference { ...F${i + 1} } } }` : ''} }`).join(' ')}`), /depth: selections nest at most 16 deep/],
    ['10,000 aliases', () => gql(aliases), /aliases|tokens|request body/],
    ['first: 100000000', () => gql('{ transfers(first: 100000000) { nodes { id } } }'), /first: expected 0 to 1000, got 100000000/],
    ['last: 100000000 on a nested list', () => gql('{ inferences(first: 1) { nodes { attributions(last: 100000000) { nodes { id } } } } }'), /last: expected 0 to 1000, got 100000000/],
    ['first: -1', () => gql('{ transfers(first: -1) { nodes { id } } }'), /first: expected 0 to 1000, got -1/],
    ['a 5 MB body', () => post(JSON.stringify({ query: `{ tokens { totalCount } } #${'x'.repeat(5 << 20)}` })), /request body: at most 1048576 bytes/],
    ['malformed JSON', () => post('{"query": "{ tokens { totalCount } }"'), /JSON|parse/i],
    ['a JSON body that is not an object', () => post('"{ tokens { totalCount } }"'), /./],
    ['a batch of 1,000 operations', () => post(batch), /batch/i],
    ['a bad address', () => gql('{ account(id: "0x1234") { id } }'), /Address: expected 0x followed by 40 hex digits, got "0x1234"/],
    ['a bad address in a filter', () => gql('{ transfers(where: { from_eq: "0xZZ" }) { nodes { id } } }'), /Address: expected 0x followed by 40 hex digits, got "0xZZ"/],
    ['a bad address in a variable', () => gql('query($a: Address!) { account(id: $a) { id } }', { a: "0x' OR 1=1 --" }), /Address: expected 0x followed by 40 hex digits/],
    ['an unknown field', () => gql('{ tokens { nodes { secret } } }'), /Cannot query field "secret" on type "Token"/],
    ['an unknown filter', () => gql('{ transfers(where: { value_gt: "1" }) { nodes { id } } }'), /"value_gt" is not defined by type "TokenTransferWhereInput"/],
    ['an unknown root field', () => gql('{ pg_user { usename } }'), /Cannot query field "pg_user" on type "Query"/],
    ['a forged cursor', () => gql('{ transfers(after: "bm90IGEgY3Vyc29y") { nodes { id } } }'), /after: expected a cursor from this connection/],
    ['a cursor of another order', () => gql(`{ transfers(orderBy: [blockNumber_DESC], after: "${Buffer.from(JSON.stringify(['id_ASC', 1, "'; DROP TABLE account; --"])).toString('base64url')}") { nodes { id } } }`), /after: the cursor belongs to orderBy id_ASC/],
    ['a huge nested cost', () => gql('{ inferences(first: 1000) { nodes { attributions(first: 1000) { nodes { id } } } } }'), /complexity/i],
    ['1,001 values in _in', () => gql('query($ids: [ID!]) { transfers(where: { id_in: $ids }) { nodes { id } } }', { ids: Array.from({ length: 1001 }, (_, i) => String(i)) }), /_in: at most 1000 values, got 1001/],
    ['filters nested 6 deep through _some', () => gql('{ datanets(where: { contributions_some: { attributions_some: { inference: { challenges_some: { inference: { attributions_some: { id_eq: "1" } } } } } } }) { nodes { id } } }'), /where: filters nest at most 5 deep/],
    ['a where 100,000 levels deep in a variable', () => post(`{"query":"query($w: InferenceWhereInput) { inferences(where: $w) { nodes { id } } }","variables":{"w":${'{"AND":['.repeat(100_000)}{}${']}'.repeat(100_000)}}}`), /variables: JSON nests at most 32 levels deep/],
    ['a negative block', () => gql('{ accounts(block: { number: -1 }) { nodes { id } } }'), /block.number: expected a block number from 0, got -1/],
    ['a BigInt that is not one', () => gql('{ datanets(where: { influence_gt: "1e9; DROP" }) { nodes { id } } }'), /BigInt: expected an integer as a decimal string/],
    ['a time without a zone', () => gql('{ inferences(where: { timestamp_gt: "2026-01-01 00:00:00" }) { nodes { id } } }'), /DateTime: expected an ISO-8601 time with a zone/],
    ['a mutation', () => gql('mutation { dropEverything }'), /Schema is not configured to execute mutation operation|mutation/i],
  ];
  for (const [what, answer, message] of cases) {
    refused(what, await answer(), message);
    await stillUp(what);
  }
});

const TEXT_SCALARS = new Set(['String', 'ID']);
// `%` and `D_FAULT%` would match stored text as LIKE patterns (DEFAULT_ADMIN_ROLE), never literally
const INJECTION = ["'; DROP TABLE datanet; --", "x' OR '1'='1", '%', 'D_FAULT%', '\\', '$1', '\u0000', ')) OR TRUE --', '🙂\uD800'];
/** Operators whose match on injection text must be empty (the rest compare or negate). */
const MATCHING = /_(eq|in|contains|startsWith|endsWith|containsInsensitive)$/;

interface InputField {
  name: string;
  type: { kind: string; name: string | null; ofType: { kind: string; name: string | null; ofType: { name: string | null } | null } | null };
}

test('injection text in every text filter of every connection (and through relations and _some) matches nothing and leaks nothing', async () => {
  const types = (await data(`{ __schema { types { name kind inputFields { name type { kind name ofType { kind name ofType { name } } } } } }
    __type(name: "Query") { fields { name args { name type { name } } } } }`));
  const inputs = new Map<string, InputField[]>(types.__schema.types.filter((t: any) => t.kind === 'INPUT_OBJECT').map((t: any) => [t.name, t.inputFields]));
  const scalarOf = (f: InputField): string | null => f.type.name ?? f.type.ofType?.name ?? f.type.ofType?.ofType?.name ?? null;
  const isList = (f: InputField) => f.type.kind === 'LIST';
  /** Text filters of `input`: directly, then one hop through each relation and quantifier (its id filters). */
  function textFilters(input: string): { path: (v: string) => string; variable: string; key: string; vacuous: boolean }[] {
    const direct = (name: string, wrap: (inner: string) => string, vacuous: boolean) =>
      inputs.get(name)!.filter((f) => TEXT_SCALARS.has(scalarOf(f)!)).map((f) => {
        const variable = `${scalarOf(f) === 'ID' ? 'i' : 's'}${isList(f) ? 'l' : ''}`;
        return { path: (v: string) => wrap(`${f.name}: ${v}`), variable, key: f.name, vacuous };
      });
    const out = direct(input, (inner) => inner, false);
    for (const f of inputs.get(input)!) {
      const target = scalarOf(f)!;
      if (!target.endsWith('WhereInput') || f.name === 'AND' || f.name === 'OR') continue;
      // `_every` holds for a parent without rows, `_none` negates: neither must come out empty
      const vacuous = /_(every|none)$/.test(f.name);
      out.push(...direct(target, (inner) => `${f.name}: { ${inner} }`, vacuous).filter((x) => x.key.startsWith('id_')));
    }
    return out;
  }
  const VARIABLES: Record<string, string> = { s: 'String', sl: '[String!]', i: 'ID', il: '[ID!]' };
  const roots = types.__type.fields.filter((f: any) => f.args.some((a: any) => a.name === 'where'));
  assert.ok(roots.length >= 45, `${roots.length} root connections`);
  let requests = 0;
  let filters = 0;
  for (const root of roots) {
    const input = root.args.find((a: any) => a.name === 'where').type.name as string;
    const all = textFilters(input);
    for (const text of INJECTION) {
      for (let i = 0; i < all.length; i += 40) {
        const chunk = all.slice(i, i + 40);
        const used = [...new Set(chunk.map((f) => f.variable))];
        const query = `query(${used.map((v) => `$${v}: ${VARIABLES[v]}`).join(', ')}) { ${chunk
          .map((f, j) => `a${j}: ${root.name}(first: 5, where: { ${f.path(`$${f.variable}`)} }) { nodes { id } }`)
          .join(' ')} }`;
        const a = await gql(query, { s: text, sl: [text], i: text, il: [text] });
        requests++;
        filters += chunk.length;
        assert.ok(a.status < 500, `${root.name} ${JSON.stringify(text)}: HTTP ${a.status}`);
        assert.doesNotMatch(JSON.stringify(a.body), LEAK, `${root.name} ${JSON.stringify(text)}: the answer leaks internals`);
        if (a.body.errors) {
          // the only refusal: text no stored value can hold (NUL), said plainly
          assert.match(a.body.errors.map((e) => e.message).join('; '), /U\+0000/, `${root.name} ${JSON.stringify(text)}: ${JSON.stringify(a.body.errors).slice(0, 300)}`);
          continue;
        }
        chunk.forEach((f, j) => {
          if (MATCHING.test(f.key) && !/_not_/.test(f.key) && !f.vacuous) assert.deepEqual(a.body.data[`a${j}`].nodes, [], `${root.name}(where: { ${f.path(JSON.stringify(text))} })`);
        });
      }
    }
  }
  assert.ok(filters > 1000, `${filters} filters tried in ${requests} requests`);
  assert.deepEqual((await sql<{ id: string }>('SELECT id FROM datanet ORDER BY id')).map((r) => r.id), ['1', '2'], 'the tables are intact');
  await stillUp('injection');
});

test('injection text in lookups by id answers null, never an error with SQL', async () => {
  const lookups = (await data('{ __type(name: "Query") { fields { name type { kind } args { name type { kind ofType { name } } } } } }')).__type.fields
    // lookups: `id` first and nothing else required (the analytics fields also take an id, with a window)
    .filter((f: any) => f.args.length >= 1 && f.args[0].name === 'id' && f.args[0].type.ofType?.name === 'ID' && f.args.slice(1).every((a: any) => a.type.kind !== 'NON_NULL'));
  assert.ok(lookups.length >= 40, `${lookups.length} lookups by ID`);
  for (const text of INJECTION) {
    for (let i = 0; i < lookups.length; i += 40) {
      const chunk = lookups.slice(i, i + 40);
      const a = await gql(`query($t: ID!) { ${chunk.map((f: any, j: number) => `a${j}: ${f.name}(id: $t) { id }`).join(' ')} }`, { t: text });
      assert.ok(a.status < 500, `${JSON.stringify(text)}: HTTP ${a.status}`);
      assert.doesNotMatch(JSON.stringify(a.body), LEAK);
      if (a.body.errors) assert.match(a.body.errors.map((e) => e.message).join('; '), /U\+0000/, JSON.stringify(text));
      else for (const v of Object.values(a.body.data)) assert.equal(v, null, JSON.stringify(text));
    }
  }
  await stillUp('lookups');
});

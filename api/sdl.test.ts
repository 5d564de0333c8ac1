// The committed SDL (schema/api.graphql) is what the schema modules print: `npm run api:sdl` after a change.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { parse, validate } from 'graphql';
import { printApiSdl, SDL_FILE } from './printSdl.ts';
import { apiSchema } from './schema/index.ts';

test('schema/api.graphql is current (npm run api:sdl)', () => {
  const committed = readFileSync(join(fileURLToPath(new URL('..', import.meta.url)), SDL_FILE), 'utf8');
  assert.ok(committed === printApiSdl(), `${SDL_FILE} is stale: run npm run api:sdl`);
});

test('only indexed columns of big tables are filterable, and the SDL says so', () => {
  const sdl = printApiSdl();
  const where = /input TokenTransferWhereInput \{([^}]*)\}/.exec(sdl)![1]!;
  assert.match(where, /blockNumber_gt: Int/);
  assert.doesNotMatch(where, /value_/, 'value is not indexed');
  assert.doesNotMatch(where, /logIndex_/, 'logIndex is not indexed');
  assert.match(/type TokenTransfer \{[^}]*\}/.exec(sdl)![0], /Filterable and sortable \(indexed\)/);
});

test("docs/api.md's example queries are valid against the schema", () => {
  const doc = readFileSync(join(fileURLToPath(new URL('..', import.meta.url)), 'docs', 'api.md'), 'utf8');
  const block = /```graphql\n([\s\S]*?)```/.exec(doc)![1]!;
  const examples: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('{')) examples.push(line);
    else if (line.trim() && examples.length > 0) examples[examples.length - 1] += `\n${line}`;
  }
  assert.ok(examples.length >= 20, `${examples.length} examples`);
  for (const example of examples) {
    const errors = validate(apiSchema(), parse(example));
    assert.deepEqual(errors.map((e) => e.message), [], example);
  }
});

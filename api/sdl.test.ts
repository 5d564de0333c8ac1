// The committed SDL (schema/api.graphql) is what the schema modules print: `npm run api:sdl` after a change.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { printApiSdl, SDL_FILE } from './printSdl.ts';

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

// The project's layering, checked on the import graph of its TypeScript (static imports, re-exports
// and dynamic imports, relative paths resolved; packages ignored):
// - lib/ (helpers several parts share) imports none of the parts;
// - db/ (the foundation) imports neither devnet/ nor indexer/;
// - the attribution engine (verifier/attribution/) imports neither db/ nor devnet/, and outside it
//   only its front, verifier/attribution/index.ts, is imported;
// - api/ and verifier/ never import indexer/;
// - no import circle anywhere (type-only imports count: a circle of types is still a circle).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { PROJECT_ROOT } from '../lib/runtime.ts';

const SKIP = new Set(['node_modules', '.git', '.runtime', 'out', 'generated', 'abi']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (SKIP.has(e.name) || e.name.startsWith('.')) return [];
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [relative(PROJECT_ROOT, path).split(sep).join('/')] : [];
  });
}

/** Each project file's relative imports, resolved to project paths (posix, from the root). */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(join(PROJECT_ROOT, file), 'utf8'), true, true);
    const targets = info.importedFiles
      .map((f) => f.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => relative(PROJECT_ROOT, resolve(PROJECT_ROOT, dirname(file), name)).split(sep).join('/'));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

const graph = importGraph(sources(PROJECT_ROOT));
const under = (path: string, folder: string) => path.startsWith(`${folder}/`);

function violations(from: string, forbidden: (target: string) => boolean): string[] {
  return [...graph].filter(([file]) => under(file, from)).flatMap(([file, targets]) => targets.filter(forbidden).map((t) => `${file} -> ${t}`));
}

test('the import graph was read (imports resolved to files that exist)', () => {
  assert.ok(graph.size > 200, `${graph.size} files`);
  const known = new Set(graph.keys());
  const dangling = [...graph].flatMap(([file, targets]) =>
    targets.filter((t) => t.endsWith('.ts') && !known.has(t) && !t.includes('/generated/') && !t.includes('/abi/')).map((t) => `${file} -> ${t}`));
  assert.deepEqual(dangling, []);
});

test('lib/ imports none of the parts', () => {
  assert.deepEqual(violations('lib', (t) => !under(t, 'lib')), []);
});

test('db/ imports neither devnet/ nor indexer/', () => {
  assert.deepEqual(violations('db', (t) => under(t, 'devnet') || under(t, 'indexer')), []);
});

test('the attribution engine imports neither db/ nor devnet/', () => {
  assert.deepEqual(violations('verifier/attribution', (t) => under(t, 'db') || under(t, 'devnet')), []);
});

test('outside the engine only its front verifier/attribution/index.ts is imported', () => {
  const inside = (path: string) => under(path, 'verifier/attribution');
  const leaks = [...graph]
    .filter(([file]) => !inside(file))
    .flatMap(([file, targets]) => targets.filter((t) => inside(t) && t !== 'verifier/attribution/index.ts').map((t) => `${file} -> ${t}`));
  assert.deepEqual(leaks, []);
});

test('api/ and verifier/ never import indexer/', () => {
  assert.deepEqual([...violations('api', (t) => under(t, 'indexer')), ...violations('verifier', (t) => under(t, 'indexer'))], []);
});

/** Every import circle, each as the path that closes it (depth-first search, three colours). */
function importCircles(g: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const circles: string[][] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of g.get(file) ?? []) {
      if (!g.has(next)) continue;
      const s = state.get(next);
      if (s === 'open') circles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (s === undefined) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...g.keys()].sort()) if (!state.has(file)) visit(file);
  return circles;
}

test('the circle search finds a circle and passes a tree', () => {
  assert.deepEqual(importCircles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]])), [['a', 'b', 'c', 'a']]);
  assert.deepEqual(importCircles(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]])), []);
});

test('no import circle in the project', () => {
  assert.deepEqual(importCircles(graph).map((c) => c.join(' -> ')), []);
});

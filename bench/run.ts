/**
 * Benchmark dispatcher: `npm run bench -- <name>...` runs the named benches,
 * `npm run bench` runs them all; `--flag=value` arguments are the benches' own
 * (bench/flags.ts). Each bench prints a table and, as its last line, one JSON object.
 */
import { benchNames } from './flags.ts';

const BENCHES: Record<string, () => Promise<{ main: () => Promise<unknown> }>> = {
  attribution: () => import('./attribution.ts'),
  indexer: () => import('./indexer.ts'),
  verifier: () => import('./verifier.ts'),
  dashboards: () => import('./dashboards.ts'),
  api: () => import('./api.ts'),
};

const names = benchNames();
const unknown = names.filter((n) => !(n in BENCHES));
if (unknown.length > 0) {
  console.error(`unknown bench ${unknown.map((n) => JSON.stringify(n)).join(', ')}; known benches: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
for (const name of names.length > 0 ? names : Object.keys(BENCHES)) {
  await (await BENCHES[name]!()).main();
}

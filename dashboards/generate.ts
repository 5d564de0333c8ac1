// The generated dashboards in dashboards/out/<name>.json (committed; dashboards/dashboards.test.ts
// fails when they are not current): written by `npm run dashboards` (dashboards/main.ts).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../lib/runtime.ts';
import { DASHBOARDS, dashboardJson } from './index.ts';

export const OUT_DIR = join(PROJECT_ROOT, 'dashboards', 'out');

/** Names of the files in out/ that differ from what the sources generate (missing and stale ones too). */
export function staleOutputs(): string[] {
  const wanted = new Set(Object.keys(DASHBOARDS).map((n) => `${n}.json`));
  const present = existsSync(OUT_DIR) ? readdirSync(OUT_DIR).filter((f) => f.endsWith('.json')) : [];
  const differ = [...wanted].filter((f) => !present.includes(f) || readFileSync(join(OUT_DIR, f), 'utf8') !== dashboardJson(f.slice(0, -5)));
  return [...differ, ...present.filter((f) => !wanted.has(f))].sort();
}

/** Writes every dashboard into out/ (and removes JSON no source makes); returns the file names. */
export function writeOutputs(): string[] {
  mkdirSync(OUT_DIR, { recursive: true });
  for (const f of readdirSync(OUT_DIR).filter((f) => f.endsWith('.json'))) rmSync(join(OUT_DIR, f));
  const names = Object.keys(DASHBOARDS).map((n) => `${n}.json`);
  for (const f of names) writeFileSync(join(OUT_DIR, f), dashboardJson(f.slice(0, -5)));
  return names;
}

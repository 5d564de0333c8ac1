// Temporary runtime folders for tests: each test process gets its own, and whatever it made is
// removed when the process exits (a test that stops early leaves nothing behind either).
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = new Set<string>();
process.once('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** Points the runtime folder at a fresh temporary directory (others may pass through, for a root-run embedded Postgres). */
export function useTempRuntime(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `ol-${label}-`));
  chmodSync(dir, 0o711); // the postgres user (run as root) passes through; nobody else lists or writes
  made.add(dir);
  process.env.OPENLEDGER_RUNTIME_DIR = dir;
  return dir;
}

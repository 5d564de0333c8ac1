import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Points the runtime folder at a fresh temporary directory (others may pass through, for a root-run embedded Postgres). */
export function useTempRuntime(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `ol-${label}-`));
  chmodSync(dir, 0o711); // the postgres user (run as root) passes through; nobody else lists or writes
  process.env.OPENLEDGER_RUNTIME_DIR = dir;
  return dir;
}

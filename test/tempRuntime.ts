import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Points the runtime folder at a fresh temporary directory (open permissions, for embedded Postgres). */
export function useTempRuntime(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `ol-${label}-`));
  chmodSync(dir, 0o777);
  process.env.OPENLEDGER_RUNTIME_DIR = dir;
  return dir;
}

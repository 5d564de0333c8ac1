import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root folder. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The git-ignored folder where running parts leave state for each other
 * (`OPENLEDGER_RUNTIME_DIR` overrides, e.g. one folder per test).
 */
export function runtimeDir(...parts: string[]): string {
  const base = process.env.OPENLEDGER_RUNTIME_DIR ?? join(PROJECT_ROOT, '.runtime');
  const dir = join(base, ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}

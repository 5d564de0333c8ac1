// `npm run reconcile` as a child process, the way a user runs it: its exit code, the `skipped` and
// `mismatch` lines it printed, and its last line (the JSON summary).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/runtime.ts';

export interface ReconcileRun {
  code: number | null;
  skipped: string[];
  mismatches: string[];
  summary: Record<string, any>;
}

/** Runs reconcile with `env` on top of this process's environment. */
export function runReconcile(env: Record<string, string>): Promise<ReconcileRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'indexer', 'reconcile', 'main.ts')], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const lines = out.trim().split('\n');
      try {
        resolve({
          code,
          skipped: lines.filter((l) => l.startsWith('skipped ')),
          mismatches: lines.filter((l) => l.startsWith('mismatch ')),
          summary: JSON.parse(lines.at(-1)!) as Record<string, any>,
        });
      } catch {
        reject(new Error(`reconcile printed no summary (exit ${code}):\n${out}\n${err}`));
      }
    });
  });
}

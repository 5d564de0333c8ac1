/** Helpers for benches: progress on stderr, a table and a final JSON line on stdout. */

const started = performance.now();

/** A progress line on stderr, stamped with seconds since the bench started. */
export function progress(message: string): void {
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${message}\n`);
}

/** Runs `fn` once to warm up, then `reps` times; returns seconds per run. */
export function secondsPerRun(fn: () => void, reps: number): number {
  fn();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - t0) / 1000 / reps;
}

/** Prints rows of [label, value] as a two-column table. */
export function printTable(title: string, rows: [string, string][]): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n${title}`);
  console.log(`${'-'.repeat(width)}  ${'-'.repeat(24)}`);
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  console.log('');
}

/** Human-readable rate: 1.23e6 -> "1,230,000". */
export function formatRate(perSecond: number): string {
  return Math.round(perSecond).toLocaleString('en-US');
}

/** The `p`th percentile (nearest rank) of ascending `sorted`; NaN when empty. */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

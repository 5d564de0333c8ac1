import { mulberry32, type Uniform } from '../../verifier/attribution/index.ts';

/** The simulator's seeded choices: same seed, same scenario. */
export class Random {
  private readonly next: Uniform;
  constructor(readonly seed: number) {
    this.next = mulberry32(seed);
  }
  /** Uniform in [0, 1). */
  float(): number {
    return this.next();
  }
  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Random.pick: expected a non-empty list, got none');
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** A child stream, so that adding draws in one step does not shift another's. */
  fork(label: string): Random {
    let h = this.seed >>> 0;
    for (const c of label) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
    return new Random(h);
  }
}

import { mismatch } from './errors.ts';

/**
 * Mulberry32, a 32-bit PRNG small enough to reimplement from this comment:
 *   a = (a + 0x6d2b79f5) mod 2^32
 *   t = imul(a ^ (a >>> 15), a | 1)
 *   t = t ^ (t + imul(t ^ (t >>> 7), t | 61))
 *   out = (t ^ (t >>> 14)) as uint32
 * (imul: 32-bit wrapping multiply; all arithmetic mod 2^32.)
 */
export class Mulberry32 {
  private state: number;
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw mismatch('BAD_INPUT', 'seed', 'an integer in [0, 2^32)', seed);
    }
    this.state = seed >>> 0;
  }

  /** Next uint32. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), this.state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform integer in [0, n), n in [1, 2^32], by rejection: draws r until r < 2^32 - (2^32 mod n), returns r mod n. */
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw mismatch('BAD_INPUT', 'PRNG bound', 'an integer in [1, 2^32]', n);
    const limit = 2 ** 32 - (2 ** 32 % n);
    let r = this.next();
    while (r >= limit) r = this.next();
    return r % n;
  }
}

/** Uniform floats in [0, 1): each draw is `Mulberry32.next() / 2^32`. */
export type Uniform = () => number;

/** A {@link Uniform} stream; the seed is taken mod 2^32. */
export function mulberry32(seed: number): Uniform {
  const g = new Mulberry32(seed >>> 0);
  return () => g.next() / 4294967296;
}

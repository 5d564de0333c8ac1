/**
 * The training PRNG, pinned so that a training run is reproducible from its
 * manifest's seeds: mulberry32 over a 32-bit state (see docs/attribution.md).
 */
export { mulberry32, type Uniform } from '../prng.ts';
import type { Uniform } from '../prng.ts';

/** Fisher–Yates from the end: for i = n-1 down to 1, swap i with floor(u * (i + 1)). */
export function shuffledIndices(n: number, next: Uniform): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/** Glorot-uniform weights of a dense layer, row-major [in][out], as float32 values. */
export function glorotUniform(inputs: number, outputs: number, next: Uniform): number[] {
  const limit = Math.sqrt(6 / (inputs + outputs));
  const out = new Array<number>(inputs * outputs);
  for (let k = 0; k < out.length; k++) out[k] = Math.fround((2 * next() - 1) * limit);
  return out;
}

/**
 * The training PRNG, pinned so that a training run is reproducible from its
 * manifest's seeds: mulberry32 over a 32-bit state (see docs/attribution.md).
 */
export type Uniform = () => number;

/** mulberry32: returns uniform floats in [0, 1), each `uint32 / 2^32`. */
export function mulberry32(seed: number): Uniform {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

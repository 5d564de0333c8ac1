import * as tf from '@tensorflow/tfjs';
import { secondsPerRun } from './report.ts';

/** fp32 GFLOP/s of an n x n x n matmul on the active tfjs backend (one warm-up, then `reps` runs). */
export function matmulGflops(n: number, reps = 5): number {
  const [a, b] = [tf.randomNormal([n, n], 0, 1, 'float32'), tf.randomNormal([n, n], 0, 1, 'float32')];
  const seconds = secondsPerRun(() => tf.tidy(() => void tf.matMul(a, b).dataSync()), reps);
  tf.dispose([a, b]);
  return (2 * n ** 3) / seconds / 1e9;
}

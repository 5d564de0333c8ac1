import * as tf from '@tensorflow/tfjs';
import { AttributionError } from './errors.ts';

/** Compute backends in order of preference: GPU (tfjs-node-gpu), WebAssembly, plain JS. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export const BACKEND_PREFERENCE: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

export interface BackendInfo {
  /** The backend tfjs reports as active after initialisation. */
  name: BackendName;
  /** Backends tried before it, each with why it was not used. */
  skipped: { name: BackendName; reason: string }[];
}

let active: BackendInfo | undefined;

/**
 * Loads the best available backend and checks that it really is the one
 * running: a failed wasm init makes tfjs fall back to cpu without a word.
 * `OPENLEDGER_TF_BACKEND` pins one backend; then failing to load it is an error.
 */
export async function initBackend(preference: readonly BackendName[] = fromEnv()): Promise<BackendInfo> {
  if (active && active.name === tf.getBackend() && preference.includes(active.name)) return active;
  const skipped: BackendInfo['skipped'] = [];
  for (const name of preference) {
    const reason = await tryBackend(name);
    if (reason === undefined) {
      active = { name, skipped };
      return active;
    }
    skipped.push({ name, reason });
  }
  throw new AttributionError(
    'BACKEND',
    `backend: expected one of ${preference.join(', ')} to load, got none (${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')})`,
  );
}

/** The backend in use, initialising it on first call. */
export async function currentBackend(): Promise<BackendInfo> {
  return active ?? initBackend();
}

function fromEnv(): readonly BackendName[] {
  const pinned = process.env.OPENLEDGER_TF_BACKEND;
  if (!pinned) return BACKEND_PREFERENCE;
  if (!(BACKEND_PREFERENCE as readonly string[]).includes(pinned)) {
    throw new AttributionError('BACKEND', `OPENLEDGER_TF_BACKEND: expected one of ${BACKEND_PREFERENCE.join(', ')}, got ${pinned}`);
  }
  return [pinned as BackendName];
}

async function tryBackend(name: BackendName): Promise<string | undefined> {
  try {
    if (name === 'tensorflow') {
      // Optional peer: present only on GPU hosts that installed it themselves.
      const gpuModule = '@tensorflow/tfjs-node-gpu';
      await import(gpuModule);
    } else if (name === 'wasm') {
      await import('@tensorflow/tfjs-backend-wasm');
    }
    if (!(await tf.setBackend(name))) return 'setBackend returned false';
    await tf.ready();
    const got = tf.getBackend();
    if (got !== name) return `tfjs reports ${got} after init`;
    // A tiny computation proves the kernels run, not just that registration succeeded.
    const probe = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync()[0]);
    if (probe !== 11) return `probe matmul returned ${probe}, expected 11`;
    return undefined;
  } catch (e) {
    return (e as Error).message.split('\n')[0] ?? String(e);
  }
}

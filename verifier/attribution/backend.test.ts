import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from './backend.ts';
import { AttributionError } from './errors.ts';

test('the best available backend loads and is the one tfjs runs', async () => {
  const info = await initBackend();
  assert.equal(tf.getBackend(), info.name);
  // No GPU package on this machine: tensorflow is skipped with a reason, wasm runs.
  let hasGpuPackage = true;
  try {
    await import('@tensorflow/tfjs-node-gpu' as string);
  } catch {
    hasGpuPackage = false;
  }
  if (!hasGpuPackage) {
    assert.equal(info.name, 'wasm');
    assert.equal(info.skipped[0]?.name, 'tensorflow');
    assert.ok(info.skipped[0]!.reason.length > 0);
  }
});

test('a pinned backend that cannot load is an error naming what was tried', async () => {
  await assert.rejects(
    initBackend(['tensorflow']),
    (e: AttributionError) => e.code === 'BACKEND' && e.message.includes('tensorflow'),
  );
  const cpu = await initBackend(['cpu']);
  assert.equal(cpu.name, 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
  const back = await initBackend();
  assert.equal(tf.getBackend(), back.name);
});

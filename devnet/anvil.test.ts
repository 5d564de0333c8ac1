// devnet/anvil.ts: starts on a free port, refuses a busy one clearly, stops for good.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startAnvil } from './anvil.ts';

async function chainId(rpcUrl: string): Promise<string> {
  const res = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
  });
  return ((await res.json()) as { result: string }).result;
}

test('startAnvil answers on its port, rejects a busy port, and stop() ends it', async () => {
  const anvil = await startAnvil({ chainId: 4242 });
  try {
    assert.equal(await chainId(anvil.rpcUrl), '0x1092');
    assert.equal(anvil.wsUrl, `ws://127.0.0.1:${anvil.port}`);
    await assert.rejects(startAnvil({ port: anvil.port }), new RegExp(`port ${anvil.port} is already in use`));
  } finally {
    await anvil.stop();
    await anvil.stop(); // idempotent
  }
  await assert.rejects(chainId(anvil.rpcUrl));
});

// The view-call sender against a real anvil, through squid's RPC client (the processor's): one
// JSON-RPC batch; an answer per call; a revert is an answer, not an exception; a failure that is
// not a revert (a block the node does not know) fails the batch without showing the URL.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { RpcClient } from '@subsquid/rpc-client';
import { encodeFunctionData, maxUint256, type Hex } from 'viem';
import { abiOf } from '../contracts/artifacts.ts';
import { OPEN, setup, type Ctx } from '../test/support/contracts.ts';
import type { ViewCall } from './batch/viewCalls.ts';
import { rpcViewCaller } from './viewCaller.ts';

let c: Ctx;
let client: RpcClient;
const abi = abiOf('Staking');

before(async () => {
  c = await setup();
  client = new RpcClient({ url: c.anvil.rpcUrl, maxBatchCallSize: 100 });
});
after(() => {
  client?.close();
  return c?.stop();
});

test('answers per call at a block hash: data, a revert as an error answer', async () => {
  const [admin] = c.accounts;
  const S = c.addr('Staking');
  const config = {
    bank: c.addr('Bank'), manager: admin!, token: c.addr('OPEN'), interestRate: OPEN / 10n, stakeDuration: 0n, cooldownDuration: 60n,
    maxStake: 100n * OPEN, minStake: OPEN, isActive: true, isTopupEnabled: true, isPublic: true,
  };
  await c.send(admin!, 'Bank', 'setConfig', [S, 3n, config]);
  await c.send(admin!, 'OPEN', 'approve', [S, maxUint256]);
  const staked = await c.send(admin!, 'Staking', 'stake', [3n, admin, 5n * OPEN]);
  const block = { blockHash: staked.receipt.blockHash };
  const call = (data: Hex): ViewCall => ({ to: S, data, block });
  const future = { recipient: admin!, configId: 3n, updatedAt: 2n ** 64n, amount: 1n, startTime: 0n, principal: 1n };
  const answers = await rpcViewCaller(client)([
    call(encodeFunctionData({ abi, functionName: 'stakes', args: [0n] })),
    call(encodeFunctionData({ abi, functionName: 'calculateAmount', args: [future] })), // block.timestamp - updatedAt underflows
    call(encodeFunctionData({ abi, functionName: 'configs', args: [3n] })),
  ]);
  assert.equal(answers.length, 3);
  assert.ok(answers[0]!.ok && answers[0]!.data.length === 2 + 6 * 64);
  assert.ok(!answers[1]!.ok);
  assert.match(answers[1]!.error, /^eth_call reverted/);
  assert.ok(answers[2]!.ok);
  // before the stake: stakes(0) is empty at the parent block
  const [before] = await rpcViewCaller(client)([{ to: S, data: encodeFunctionData({ abi, functionName: 'stakes', args: [0n] }), block: { blockHash: (await c.publicClient.getBlock({ blockNumber: staked.receipt.blockNumber - 1n })).hash } }]);
  assert.ok(before!.ok && /^0x0+$/.test(before!.data));
});

test('a block the node does not know fails the batch, and the error shows no URL', async () => {
  const data = encodeFunctionData({ abi, functionName: 'nextStakeId' });
  await assert.rejects(rpcViewCaller(client)([{ to: c.addr('Staking'), data, block: { blockHash: `0x${'ab'.repeat(32)}` } }]), (err: Error) => {
    assert.match(err.message, /^eth_call failed/);
    assert.ok(!err.message.includes(c.anvil.rpcUrl));
    return true;
  });
});

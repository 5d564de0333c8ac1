// The Staking handlers on an in-memory batch (no chain, no database): the events of OpenLedger's
// Staking with the contract's state answered to their view calls by a scripted chain (ABI-encoded
// with viem from the contract's ABI), in the order the batch handler runs them (read in two rounds,
// then check and handle per event). Covers a stake through top-up, request and payout, a payout
// without cooldown (valued by calculateAmount at the block), a commitment stake, and a lying
// contract: reverts, garbage answers and a contradicting recipient are rejected (quarantined), never thrown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFunctionData, encodeFunctionResult, type Hex } from 'viem';
import { abiOf } from '../../contracts/artifacts.ts';
import * as M from '../../db/model/index.ts';
import { Batch } from '../batch/context.ts';
import type { ViewCall, ViewResult } from '../batch/viewCalls.ts';
import type { DecodedEvent, LogMeta } from '../decode.ts';
import { handlerKey, handlerRegistry } from './index.ts';

const STAKING = '0x00000000000000000000000000000000000000aa';
const ALICE = '0x00000000000000000000000000000000000000a1';
const BOB = '0x00000000000000000000000000000000000000b0';
const BANK = '0x0000000000000000000000000000000000000ba0';
const TOKEN = '0x0000000000000000000000000000000000000707';
const OPEN = 10n ** 18n;
const abi = abiOf('Staking');
const registry = handlerRegistry();

interface StakeTuple { recipient: Hex; configId: bigint; updatedAt: bigint; amount: bigint; startTime: bigint; principal: bigint }
const EMPTY: StakeTuple = { recipient: `0x${'00'.repeat(20)}`, configId: 0n, updatedAt: 0n, amount: 0n, startTime: 0n, principal: 0n };

/** The contract's state at the end of each block (by hash), as a scripted chain answers it. */
interface BlockState {
  stakes?: Record<string, StakeTuple>;
  requests?: Record<string, { requestAt: bigint; stake: StakeTuple }>;
  configs?: Record<string, unknown[]>;
  /** calculateAmount answers by stake amount (decimal) */
  amounts?: Record<string, bigint>;
  /** calls that revert, by function name */
  reverts?: string[];
  /** calls answered with garbage, by function name */
  garbage?: string[];
  /** calls answered with a dirty bool (2) in their last word, by function name */
  dirty?: string[];
}

function chain(states: Record<string, BlockState>) {
  const sent: ViewCall[][] = [];
  const caller = async (calls: ViewCall[]): Promise<ViewResult[]> => {
    sent.push(calls);
    return calls.map((c) => {
      const hash = 'blockHash' in c.block ? c.block.blockHash : '';
      const st = states[hash] ?? {};
      const { functionName, args } = decodeFunctionData({ abi, data: c.data as Hex });
      if (st.reverts?.includes(functionName)) return { ok: false, error: 'eth_call reverted: execution reverted' };
      if (st.garbage?.includes(functionName)) return { ok: true, data: '0x1234' };
      if (st.dirty?.includes(functionName)) {
        const clean = encodeFunctionResult({ abi, functionName: 'configs', result: config(0n) as never });
        return { ok: true, data: `${clean.slice(0, -1)}2` };
      }
      const id = String(args?.[0]);
      switch (functionName) {
        case 'stakes': return { ok: true, data: encodeFunctionResult({ abi, functionName, result: Object.values(st.stakes?.[id] ?? EMPTY) as never }) };
        case 'unstakeRequests': {
          const r = st.requests?.[id] ?? { requestAt: 0n, stake: EMPTY };
          return { ok: true, data: encodeFunctionResult({ abi, functionName, result: [r.requestAt, r.stake] as never }) };
        }
        case 'configs': return { ok: true, data: encodeFunctionResult({ abi, functionName, result: st.configs![id] as never }) };
        case 'calculateAmount': {
          const s = args![0] as StakeTuple;
          return { ok: true, data: encodeFunctionResult({ abi, functionName, result: st.amounts![s.amount.toString()]! }) };
        }
        default: throw new Error(`unexpected call ${functionName}`);
      }
    });
  };
  return { caller, sent };
}

const hashOf = (height: number) => `0x${height.toString(16).padStart(64, '0')}`;
const T0 = 1_700_000_000;

function ev(height: number, logIndex: number, name: string, args: Record<string, unknown>): DecodedEvent {
  const log: LogMeta = {
    id: `${height}-${logIndex}`, txHash: `0x${(height * 1000 + logIndex).toString(16).padStart(64, '0')}`, logIndex, address: STAKING,
    block: { height, hash: hashOf(height), parentHash: hashOf(height - 1), timestamp: (T0 + height * 100) * 1000 },
  };
  return { family: 'Staking', name, args, log, raw: { id: log.id, logIndex, transactionIndex: 0, address: STAKING, topics: [], data: '0x', transactionHash: log.txHash } };
}

/** Runs events as the batch handler does; returns the rejections (what would be quarantined) by log id. */
async function run(b: Batch, events: DecodedEvent[], caller: (calls: ViewCall[]) => Promise<ViewResult[]>): Promise<Map<string, string>> {
  const handlers = (e: DecodedEvent) => registry.get(handlerKey(e.family, e.name)) ?? [];
  for (let round = 0; round < 2; round++) {
    for (const e of events) for (const h of handlers(e)) h.read?.(e, b);
    await b.views.fetch(caller);
  }
  for (const e of events) for (const h of handlers(e)) h.load?.(e, b);
  const rejected = new Map<string, string>();
  for (const e of events) {
    const why = handlers(e).map((h) => h.check?.(e, b)).find((r) => r !== undefined);
    if (why !== undefined) rejected.set(e.log.id, why);
    else for (const h of handlers(e)) h.handle(e, b);
    b.endBlock(e.log.block.height);
  }
  return rejected;
}

const config = (cooldown: bigint, stakeDuration = 0n) =>
  [BANK, BOB, TOKEN, OPEN / 10n, stakeDuration, cooldown, 1000n * OPEN, OPEN, true, true, true];
const stakeAt = (b: Batch, id: string) => b.stakes.get(id)!;
const actions = (b: Batch) => (b as unknown as { inserts: Map<unknown, M.StakeAction[]> }).inserts.get(M.StakeAction) ?? [];

test('a stake through top-up, unstake request and payout takes its state from the view calls at each block', async () => {
  const t = (h: number) => BigInt(T0 + h * 100);
  const s1: StakeTuple = { recipient: ALICE, configId: 5n, updatedAt: t(2), amount: 100n * OPEN, startTime: t(2), principal: 100n * OPEN };
  const s3: StakeTuple = { ...s1, updatedAt: t(3), amount: 120n * OPEN + 7n, startTime: t(3), principal: 120n * OPEN };
  const frozen: StakeTuple = { ...s3, updatedAt: t(4), amount: 120n * OPEN + 99n };
  const { caller, sent } = chain({
    [hashOf(1)]: { configs: { 5: config(3600n) } },
    [hashOf(2)]: { stakes: { 0: s1 } },
    [hashOf(3)]: { stakes: { 0: s3 }, amounts: { [s1.amount.toString()]: 100n * OPEN + 7n } },
    [hashOf(4)]: { requests: { 0: { requestAt: t(4), stake: frozen } } },
    [hashOf(5)]: {},
  });
  const b = new Batch();
  const rejected = await run(b, [
    ev(1, 0, 'ConfigCreated', { configId: 5n }),
    ev(2, 0, 'Staked', { stakingId: 0n, recipient: ALICE, amount: 100n * OPEN }),
    ev(3, 0, 'ToppedUp', { stakingId: 0n, recipient: ALICE, amount: 20n * OPEN }),
    ev(4, 0, 'RequestUnstake', { stakingId: 0n, recipient: ALICE }),
    ev(5, 0, 'Unstaked', { stakingId: 0n, recipient: ALICE }),
  ], caller);
  assert.equal(sent.length, 2, 'one batch request per round');
  // round one: stakes and unstakeRequests at each stake event's block, configs(5); the stakes before
  // blocks 3 and 5 are stakes(0) at blocks 2 and 4, asked already (each distinct call once)
  assert.equal(sent[0]!.length, 2 * 4 + 1);
  assert.deepEqual(sent[1]!.map((c) => decodeFunctionData({ abi, data: c.data as Hex }).functionName), ['calculateAmount']);
  assert.deepEqual([...rejected], []);
  const c = b.stakingConfigs.get('5')!;
  assert.deepEqual(
    [c.bank, c.manager, c.token, c.interestRate, c.cooldownDuration, c.minStake, c.maxStake, c.isPublic],
    [BANK, BOB, TOKEN, OPEN / 10n, 3600n, OPEN, 1000n * OPEN, true],
  );
  const s = stakeAt(b, '0');
  assert.equal(s.status, M.StakeStatus.UNSTAKED);
  assert.equal(s.value, frozen.amount, 'paid the frozen amount');
  assert.equal(s.principal, 120n * OPEN);
  assert.equal(s.requestedAt, t(4));
  assert.equal(s.unlockAt, t(4) + 3600n);
  assert.equal(s.config, c);
  assert.deepEqual(actions(b).map((a) => [a.kind, a.amount, a.valueAfter]), [
    [M.StakeActionKind.STAKED, 100n * OPEN, 100n * OPEN],
    [M.StakeActionKind.TOPPED_UP, 20n * OPEN, s3.amount],
    [M.StakeActionKind.UNSTAKE_REQUESTED, frozen.amount, frozen.amount],
    [M.StakeActionKind.UNSTAKED, frozen.amount, frozen.amount],
  ]);
});

test('cooldown 0: a payout without request is valued by calculateAmount of the stake before the block', async () => {
  const t = (h: number) => BigInt(T0 + h * 100);
  const s: StakeTuple = { recipient: BOB, configId: 1n, updatedAt: t(2), amount: 50n * OPEN, startTime: t(2), principal: 50n * OPEN };
  const paid = 50n * OPEN + 12_345n;
  const { caller } = chain({
    [hashOf(1)]: { configs: { 1: config(0n) } },
    [hashOf(2)]: { stakes: { 0: s } },
    [hashOf(6)]: { amounts: { [s.amount.toString()]: paid } },
    [hashOf(5)]: { stakes: { 0: s } },
    // stake 1: opened and paid within block 7 (no block-end state shows it)
    [hashOf(7)]: {},
  });
  const b = new Batch();
  const rejected = await run(b, [
    ev(1, 0, 'ConfigCreated', { configId: 1n }),
    ev(2, 0, 'Staked', { stakingId: 0n, recipient: BOB, amount: 50n * OPEN }),
    ev(6, 0, 'Unstaked', { stakingId: 0n, recipient: BOB }),
    ev(7, 0, 'Staked', { stakingId: 1n, recipient: BOB, amount: 3n * OPEN }),
    ev(7, 1, 'Unstaked', { stakingId: 1n, recipient: BOB }),
  ], caller);
  assert.deepEqual([...rejected], []);
  assert.deepEqual([stakeAt(b, '0').status, stakeAt(b, '0').value], [M.StakeStatus.UNSTAKED, paid]);
  assert.deepEqual([stakeAt(b, '1').status, stakeAt(b, '1').value, stakeAt(b, '1').config], [M.StakeStatus.UNSTAKED, 3n * OPEN, null]);
  assert.equal(actions(b).filter((a) => a.kind === M.StakeActionKind.UNSTAKE_REQUESTED).length, 0);
});

test('a commitment stake: COMMITTED, then opened by its recipient with the request', async () => {
  const t = (h: number) => BigInt(T0 + h * 100);
  const opened: StakeTuple = { recipient: ALICE, configId: 2n, updatedAt: t(3), amount: 31n * OPEN, startTime: t(1) - 1000n, principal: 30n * OPEN };
  const { caller } = chain({
    [hashOf(1)]: { configs: { 2: config(86_400n) } },
    [hashOf(3)]: { requests: { 4: { requestAt: t(3), stake: opened } } },
  });
  const b = new Batch();
  const rejected = await run(b, [
    ev(1, 0, 'ConfigCreated', { configId: 2n }),
    ev(2, 0, 'CommitStake', { stakingId: 4n, commitment: '0xc0ffee' }),
    ev(3, 0, 'RequestUnstake', { stakingId: 4n, recipient: ALICE }),
  ], caller);
  assert.deepEqual([...rejected], []);
  const s = stakeAt(b, '4');
  assert.deepEqual(
    [s.status, s.recipient, s.config?.id, s.value, s.principal, s.commitment, s.unlockAt],
    [M.StakeStatus.COOLING_DOWN, ALICE, '2', 31n * OPEN, 30n * OPEN, '0xc0ffee', t(3) + 86_400n],
  );
  assert.deepEqual(actions(b).map((a) => a.kind), [M.StakeActionKind.COMMITTED, M.StakeActionKind.UNSTAKE_REQUESTED]);
});

test('a lying contract: reverting views, garbage answers and a contradicting recipient are rejected, the rest is stored', async () => {
  const t = (h: number) => BigInt(T0 + h * 100);
  const s: StakeTuple = { recipient: ALICE, configId: 1n, updatedAt: t(2), amount: 5n * OPEN, startTime: t(2), principal: 5n * OPEN };
  const { caller } = chain({
    [hashOf(1)]: { configs: { 1: config(10n) }, garbage: [] },
    [hashOf(2)]: { stakes: { 0: s, 1: s, 3: { ...s, updatedAt: 2n ** 200n } } }, // stake 1 names alice: its event says bob
    [hashOf(3)]: { reverts: ['configs'] },
    [hashOf(4)]: { garbage: ['unstakeRequests'] },
    [hashOf(5)]: { dirty: ['configs'] },
  });
  const b = new Batch();
  const rejected = await run(b, [
    ev(1, 0, 'ConfigCreated', { configId: 1n }),
    ev(2, 0, 'Staked', { stakingId: 0n, recipient: ALICE, amount: 5n * OPEN }),
    ev(2, 1, 'Staked', { stakingId: 1n, recipient: BOB, amount: 5n * OPEN }),
    ev(2, 2, 'Staked', { stakingId: 3n, recipient: ALICE, amount: 5n * OPEN }),
    ev(3, 0, 'ConfigCreated', { configId: 9n }),
    ev(4, 0, 'RequestUnstake', { stakingId: 0n, recipient: ALICE }),
    ev(4, 1, 'ToppedUp', { stakingId: 77n, recipient: ALICE, amount: 1n }),
    ev(5, 0, 'ConfigSet', { configId: 1n }),
  ], caller);
  assert.deepEqual([...rejected.keys()], ['2-1', '2-2', '3-0', '4-0', '4-1', '5-0']);
  assert.match(rejected.get('5-0')!, /configs\(1\) at block 0x0+5: undecodable answer .*word 10 is not a bool/);
  assert.match(rejected.get('2-1')!, /event names recipient 0x0+b0, the contract 0x0+a1/);
  assert.match(rejected.get('2-2')!, /updatedAt \d+ is no time/);
  assert.match(rejected.get('3-0')!, /configs\(9\) at block 0x0+3: eth_call reverted/);
  assert.match(rejected.get('4-0')!, /unstakeRequests\(0\) at block 0x0+4: undecodable answer 0x1234/);
  assert.match(rejected.get('4-1')!, /Stake 77 does not exist/);
  assert.equal(stakeAt(b, '0').status, M.StakeStatus.ACTIVE);
  assert.equal(b.stakes.get('1'), undefined);
});

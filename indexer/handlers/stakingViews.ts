// The view calls the Staking handlers make (OpenLedger's Staking events carry ids only): a stake
// (`stakes`, `unstakeRequests`) and a config (`configs`) as they are at the end of the event's
// block, a stake as it was before the block (at the parent block), and what that stake was worth at
// the event's block (`calculateAmount`, the contract's own interest math). Answers are decoded and
// checked here: a revert, data that does not decode, or a timestamp no date can hold is a reason to
// quarantine the log, never an exception.
import * as Staking from '../abi/Staking.ts';
import type { Batch } from '../batch/context.ts';
import type { BlockParam, ViewCall } from '../batch/viewCalls.ts';
import type { LogMeta } from '../decode.ts';

export interface StakeView {
  recipient: string;
  configId: bigint;
  updatedAt: bigint;
  amount: bigint;
  startTime: bigint;
  principal: bigint;
}

export interface ConfigView {
  bank: string;
  manager: string;
  token: string;
  interestRate: bigint;
  stakeDuration: bigint;
  cooldownDuration: bigint;
  maxStake: bigint;
  minStake: bigint;
  isActive: boolean;
  isTopupEnabled: boolean;
  isPublic: boolean;
}

/** A stake at the end of a block: held (ACTIVE), waiting for its cooldown, or neither (paid out, never made, a commitment). */
export type StakeState =
  | { kind: 'active'; stake: StakeView }
  | { kind: 'requested'; stake: StakeView; requestAt: bigint }
  | { kind: 'none' };

/** An answer: the value, or why there is none (undefined: not asked yet). */
export type Read<T> = { ok: true; value: T } | { ok: false; error: string };

/** Seconds a Date (and a Postgres timestamp) can hold. */
const MAX_SECONDS = 8_640_000_000_000n;

const atBlock = (log: LogMeta): BlockParam => ({ blockHash: log.block.hash });
const beforeBlock = (log: LogMeta): BlockParam =>
  log.block.parentHash ? { blockHash: log.block.parentHash } : { blockNumber: `0x${(log.block.height - 1).toString(16)}` };

const stakeCall = (log: LogMeta, id: bigint, block: BlockParam): ViewCall =>
  ({ to: log.address, data: Staking.functions.stakes.encode({ _0: id }), block });
const requestCall = (log: LogMeta, id: bigint): ViewCall =>
  ({ to: log.address, data: Staking.functions.unstakeRequests.encode({ _0: id }), block: atBlock(log) });
const configCall = (log: LogMeta, id: bigint): ViewCall =>
  ({ to: log.address, data: Staking.functions.configs.encode({ _0: id }), block: atBlock(log) });
const amountCall = (log: LogMeta, s: StakeView): ViewCall =>
  ({ to: log.address, data: Staking.functions.calculateAmount.encode({ s }), block: atBlock(log) });

function answer<T>(b: Batch, call: ViewCall, what: string, decode: (data: string) => T): Read<T> | undefined {
  const r = b.views.get(call);
  if (!r) return undefined;
  const where = `${what} at block ${'blockHash' in call.block ? call.block.blockHash : call.block.blockNumber}`;
  if (!r.ok) return { ok: false, error: `${where}: ${r.error}` };
  try {
    return { ok: true, value: decode(r.data) };
  } catch (err) {
    return { ok: false, error: `${where}: undecodable answer ${r.data.slice(0, 80)} (${err instanceof Error ? err.message : String(err)})` };
  }
}

type Word = 'address' | 'bool' | 'uint';
const STAKE_WORDS: Word[] = ['address', 'uint', 'uint', 'uint', 'uint', 'uint'];
const CONFIG_WORDS: Word[] = ['address', 'address', 'address', 'uint', 'uint', 'uint', 'uint', 'uint', 'bool', 'bool', 'bool'];

/**
 * Data that is the ABI encoding of these static words: long enough, an address's 12 high bytes
 * zero, a bool 0 or 1 (the decoder would take a longer or dirtier answer as something else).
 */
function strict(data: string, words: Word[]): string {
  const hex = data.slice(2);
  if (hex.length < words.length * 64) throw new Error(`${hex.length / 2} bytes, expected ${words.length * 32}`);
  words.forEach((w, i) => {
    const word = hex.slice(i * 64, (i + 1) * 64);
    if (w === 'address' && !/^0{24}/.test(word)) throw new Error(`word ${i} is not an address`);
    if (w === 'bool' && !/^0{63}[01]$/.test(word)) throw new Error(`word ${i} is not a bool`);
  });
  return data;
}

function checkedStake(s: StakeView): StakeView {
  if (s.updatedAt > MAX_SECONDS) throw new Error(`updatedAt ${s.updatedAt} is no time`);
  return { ...s, recipient: s.recipient.toLowerCase() };
}

/** Asks for the stake's state at the end of the event's block. */
export function wantStakeState(b: Batch, log: LogMeta, id: bigint): void {
  b.views.want(stakeCall(log, id, atBlock(log)));
  b.views.want(requestCall(log, id));
}

export function stakeState(b: Batch, log: LogMeta, id: bigint): Read<StakeState> | undefined {
  const held = answer(b, stakeCall(log, id, atBlock(log)), `stakes(${id})`, (d) => checkedStake(Staking.functions.stakes.decodeResult(strict(d, STAKE_WORDS))));
  const request = answer(b, requestCall(log, id), `unstakeRequests(${id})`, (d) => {
    const r = Staking.functions.unstakeRequests.decodeResult(strict(d, ['uint', ...STAKE_WORDS]));
    return { requestAt: r.requestAt, stake: checkedStake(r.stake) };
  });
  if (!held || !request) return undefined;
  if (!held.ok) return held;
  if (!request.ok) return request;
  if (held.value.amount > 0n) return { ok: true, value: { kind: 'active', stake: held.value } };
  if (request.value.requestAt > 0n) return { ok: true, value: { kind: 'requested', stake: request.value.stake, requestAt: request.value.requestAt } };
  return { ok: true, value: { kind: 'none' } };
}

/**
 * Asks for what the stake was worth at the event's block given its state before the block: the
 * parent block's `stakes(id)` first, then (next round) `calculateAmount` of it at the block.
 */
export function wantValueBefore(b: Batch, log: LogMeta, id: bigint): void {
  const parent = stakeCall(log, id, beforeBlock(log));
  b.views.want(parent);
  const before = answer(b, parent, `stakes(${id})`, (d) => checkedStake(Staking.functions.stakes.decodeResult(strict(d, STAKE_WORDS))));
  if (before?.ok && before.value.amount > 0n) b.views.want(amountCall(log, before.value));
}

/** The stake's value at the event's block as its state before the block gives it (undefined value: no stake then). */
export function valueBefore(b: Batch, log: LogMeta, id: bigint): Read<bigint | undefined> | undefined {
  const before = answer(b, stakeCall(log, id, beforeBlock(log)), `stakes(${id})`, (d) => checkedStake(Staking.functions.stakes.decodeResult(strict(d, STAKE_WORDS))));
  if (!before?.ok) return before;
  if (before.value.amount === 0n) return { ok: true, value: undefined };
  return answer(b, amountCall(log, before.value), `calculateAmount(stake ${id})`, (d) => Staking.functions.calculateAmount.decodeResult(strict(d, ['uint'])));
}

export function wantConfig(b: Batch, log: LogMeta, id: bigint): void {
  b.views.want(configCall(log, id));
}

export function configView(b: Batch, log: LogMeta, id: bigint): Read<ConfigView> | undefined {
  return answer(b, configCall(log, id), `configs(${id})`, (d) => {
    const c = Staking.functions.configs.decodeResult(strict(d, CONFIG_WORDS));
    return { ...c, bank: c.bank.toLowerCase(), manager: c.manager.toLowerCase(), token: c.token.toLowerCase() };
  });
}

/** Why an answer cannot be used (undefined when it can). */
export function unusable(r: Read<unknown> | undefined, what: string): string | undefined {
  if (r === undefined) return `${what}: no answer to its view calls`;
  return r.ok ? undefined : r.error;
}

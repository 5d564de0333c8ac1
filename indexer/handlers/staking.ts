// Staking (OpenLedger's public contract): configs, stake positions (with history) and their actions.
// The events carry ids (and the amount staked or topped up); everything else is read with view
// calls at the event's block (stakingViews.ts): a stake's state at the end of the block, a config as
// set, and for a payout without a request (cooldown 0) the stake's value at the block from its state
// before it. A log whose view calls revert or answer garbage, or whose answers contradict the event
// (another recipient, a stake still held after Unstaked), is quarantined.
import * as M from '../../db/model/index.ts';
import type { Batch } from '../batch/context.ts';
import type { LogMeta } from '../decode.ts';
import { existing, firstRejection, fresh, needs, withLog } from './common.ts';
import {
  configView, stakeState, unusable, valueBefore, wantConfig, wantStakeState, wantValueBefore,
  type StakeState, type StakeView,
} from './stakingViews.ts';
import { on, type Handler } from './types.ts';

const seconds = (log: LogMeta): bigint => BigInt(Math.floor(log.block.timestamp / 1000));
const dateOf = (unixSeconds: bigint): Date => new Date(Number(unixSeconds) * 1000);

function action(b: Batch, s: M.Stake, kind: M.StakeActionKind, amount: bigint, log: LogMeta): void {
  b.insert(withLog(new M.StakeAction({ stake: s, kind, amount, valueAfter: s.value }), log));
}

function touched(b: Batch, s: M.Stake, log: LogMeta): void {
  s.updatedAtBlock = log.block.height;
  b.stakeHistory.mark(s);
}

/** The state's fields copied onto the stake (its config must be loaded: checks verify it). */
function applyHeld(b: Batch, s: M.Stake, v: StakeView): void {
  s.recipient = v.recipient;
  s.config = b.stakingConfigs.get(v.configId.toString()) ?? null;
  s.value = v.amount;
  s.principal = v.principal;
  s.startTime = v.startTime;
  s.lastUpdate = dateOf(v.updatedAt);
}

function applyState(b: Batch, s: M.Stake, st: StakeState): void {
  if (st.kind === 'none') return;
  applyHeld(b, s, st.stake);
  if (st.kind === 'active') {
    s.status = M.StakeStatus.ACTIVE;
    s.requestedAt = 0n;
    s.unlockAt = 0n;
  } else {
    s.status = M.StakeStatus.COOLING_DOWN;
    s.requestedAt = st.requestAt;
    s.unlockAt = st.requestAt + (s.config?.cooldownDuration ?? 0n);
  }
}

/** The stake's value at the event's block before the event (a stake changed earlier in the block has its value as then). */
function valueNow(b: Batch, s: M.Stake, log: LogMeta): bigint {
  if (s.status === M.StakeStatus.COOLING_DOWN || s.status === M.StakeStatus.COMMITTED) return s.value;
  if (s.lastUpdate.getTime() === log.block.timestamp && s.updatedAtBlock === log.block.height) return s.value;
  const v = valueBefore(b, log, BigInt(s.id));
  return v?.ok && v.value !== undefined ? v.value : s.value;
}

// ---- checks ----

type StakeEvent = { args: { stakingId: bigint; recipient?: string }; log: LogMeta };

/** The end-of-block state, usable and consistent with the event: same recipient, config indexed. */
function checkState({ args, log }: StakeEvent, b: Batch, expect: (st: StakeState) => string | undefined): string | undefined {
  const st = stakeState(b, log, args.stakingId);
  const why = unusable(st, `stake ${args.stakingId}`);
  if (why || !st?.ok) return why;
  const state = st.value;
  if (state.kind !== 'none') {
    if (args.recipient !== undefined && state.stake.recipient !== args.recipient.toLowerCase()) {
      return `stake ${args.stakingId}: the event names recipient ${args.recipient}, the contract ${state.stake.recipient}`;
    }
    const config = needs(b.stakingConfigs, state.stake.configId);
    if (config) return `stake ${args.stakingId}: ${config}`;
  }
  return expect(state);
}

const anyState = () => undefined;

function loadState({ args, log }: StakeEvent, b: Batch): void {
  b.stakes.want(args.stakingId.toString());
  const st = stakeState(b, log, args.stakingId);
  if (st?.ok && st.value.kind !== 'none') b.stakingConfigs.want(st.value.stake.configId.toString());
}

const readState = ({ args, log }: StakeEvent, b: Batch) => wantStakeState(b, log, args.stakingId);
const readStateAndBefore = (e: StakeEvent, b: Batch) => (readState(e, b), wantValueBefore(b, e.log, e.args.stakingId));

function beforeUsable({ args, log }: StakeEvent, b: Batch): string | undefined {
  return unusable(valueBefore(b, log, args.stakingId), `stake ${args.stakingId} before block ${log.block.height}`);
}

// ---- configs ----

function setConfig(b: Batch, c: M.StakingConfig, log: LogMeta): void {
  const v = configView(b, log, BigInt(c.id));
  if (!v?.ok) return;
  Object.assign(c, v.value);
  c.updatedAtBlock = log.block.height;
}

const configRead = ({ args, log }: { args: { configId: bigint }; log: LogMeta }, b: Batch) => wantConfig(b, log, args.configId);
const configUsable = ({ args, log }: { args: { configId: bigint }; log: LogMeta }, b: Batch) =>
  unusable(configView(b, log, args.configId), `config ${args.configId}`);

export const stakingHandlers: Handler[] = [
  on('Staking', 'ConfigCreated', {
    read: configRead,
    load: ({ args }, b) => b.stakingConfigs.want(args.configId.toString()),
    check: (e, b) => firstRejection(() => fresh(b.stakingConfigs, e.args.configId), () => configUsable(e, b)),
    handle: ({ args, log }, b) => {
      const c = b.stakingConfigs.add(new M.StakingConfig({ id: args.configId.toString(), createdAtBlock: log.block.height }));
      setConfig(b, c, log);
    },
  }),
  on('Staking', 'ConfigSet', {
    read: configRead,
    load: ({ args }, b) => b.stakingConfigs.want(args.configId.toString()),
    check: (e, b) => firstRejection(() => needs(b.stakingConfigs, e.args.configId), () => configUsable(e, b)),
    handle: ({ args, log }, b) => {
      const c = existing(b.stakingConfigs, args.configId, log);
      if (c) setConfig(b, c, log);
    },
  }),
  on('Staking', 'CommitStake', {
    load: ({ args }, b) => b.stakes.want(args.stakingId.toString()),
    check: ({ args }, b) => fresh(b.stakes, args.stakingId),
    handle: ({ args, log }, b) => {
      const s = b.stakes.add(new M.Stake({
        id: args.stakingId.toString(), recipient: null, config: null, status: M.StakeStatus.COMMITTED, value: 0n, principal: 0n,
        startTime: 0n, requestedAt: 0n, unlockAt: 0n, lastUpdate: new Date(log.block.timestamp), commitment: args.commitment,
        createdAtBlock: log.block.height, updatedAtBlock: log.block.height,
      }));
      b.stakeHistory.mark(s);
      action(b, s, M.StakeActionKind.COMMITTED, 0n, log);
    },
  }),
  on('Staking', 'Staked', {
    read: readState,
    load: loadState,
    check: (e, b) => firstRejection(() => fresh(b.stakes, e.args.stakingId), () => checkState(e, b, anyState)),
    handle: ({ args, log }, b) => {
      const now = seconds(log);
      const s = b.stakes.add(new M.Stake({
        id: args.stakingId.toString(), recipient: args.recipient.toLowerCase(), config: null, status: M.StakeStatus.ACTIVE,
        value: args.amount, principal: args.amount, startTime: now, requestedAt: 0n, unlockAt: 0n,
        lastUpdate: new Date(log.block.timestamp), commitment: null, createdAtBlock: log.block.height, updatedAtBlock: log.block.height,
      }));
      const st = stakeState(b, log, args.stakingId)!;
      if (st.ok) applyState(b, s, st.value);
      touched(b, s, log);
      action(b, s, M.StakeActionKind.STAKED, args.amount, log);
    },
  }),
  on('Staking', 'ToppedUp', {
    read: readStateAndBefore,
    load: loadState,
    check: (e, b) => firstRejection(() => needs(b.stakes, e.args.stakingId), () => checkState(e, b, anyState), () => beforeUsable(e, b)),
    handle: ({ args, log }, b) => {
      const s = existing(b.stakes, args.stakingId, log);
      if (!s) return;
      const st = stakeState(b, log, args.stakingId)!;
      if (st.ok && st.value.kind !== 'none') {
        applyState(b, s, st.value);
      } else {
        // paid out later in the same block: the top-up's own result, from the value before it
        s.value = valueNow(b, s, log) + args.amount;
        s.principal += args.amount;
        s.startTime = seconds(log);
        s.lastUpdate = new Date(log.block.timestamp);
      }
      touched(b, s, log);
      action(b, s, M.StakeActionKind.TOPPED_UP, args.amount, log);
    },
  }),
  on('Staking', 'RequestUnstake', {
    read: readState,
    load: loadState,
    check: (e, b) => firstRejection(() => needs(b.stakes, e.args.stakingId), () => checkState(e, b, (st) =>
      st.kind === 'active' ? `stake ${e.args.stakingId}: RequestUnstake, but the contract still holds it as staked` : undefined)),
    handle: ({ args, log }, b) => {
      const s = existing(b.stakes, args.stakingId, log);
      if (!s) return;
      const st = stakeState(b, log, args.stakingId)!;
      s.recipient ??= args.recipient.toLowerCase();
      if (st.ok && st.value.kind === 'requested') applyState(b, s, st.value);
      else {
        s.status = M.StakeStatus.COOLING_DOWN;
        s.requestedAt = seconds(log);
      }
      touched(b, s, log);
      action(b, s, M.StakeActionKind.UNSTAKE_REQUESTED, s.value, log);
    },
  }),
  on('Staking', 'Unstaked', {
    read: readStateAndBefore,
    load: loadState,
    check: (e, b) => firstRejection(() => needs(b.stakes, e.args.stakingId), () => checkState(e, b, (st) =>
      st.kind === 'none' ? undefined : `stake ${e.args.stakingId}: Unstaked, but the contract still holds it`), () => beforeUsable(e, b)),
    handle: ({ args, log }, b) => {
      const s = existing(b.stakes, args.stakingId, log);
      if (!s) return;
      // a COMMITTED stake paid at once (a config without cooldown) shows its amount in no state: 0
      s.recipient ??= args.recipient.toLowerCase();
      s.value = valueNow(b, s, log);
      s.status = M.StakeStatus.UNSTAKED;
      touched(b, s, log);
      action(b, s, M.StakeActionKind.UNSTAKED, s.value, log);
    },
  }),
];

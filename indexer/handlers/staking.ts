// Staking: configs, stake positions (with history) and their actions. Each public event is
// followed in its transaction by a companion (ConfigUpdated / StakeUpdated) with the resulting
// state, which completes the row the public event started.
import * as M from '../../db/model/index.ts';
import type { Batch } from '../batch/context.ts';
import type { LogMeta } from '../decode.ts';
import { existing, firstRejection, fresh, needs, scratchKey, withLog } from './common.ts';
import { on, type Handler } from './types.ts';

const ACTION_IN_TX = 'stake-action';
const STATUS: Record<number, M.StakeStatus> = {
  1: M.StakeStatus.ACTIVE,
  2: M.StakeStatus.COOLING_DOWN,
  3: M.StakeStatus.UNSTAKED,
};

const stake = (b: Batch, id: bigint, log: LogMeta) => existing(b.stakes, id, log);

/** Records an action; its companion StakeUpdated fills in the resulting value. */
function action(b: Batch, s: M.Stake, kind: M.StakeActionKind, amount: bigint, log: LogMeta): void {
  const row = b.insert(withLog(new M.StakeAction({ stake: s, kind, amount, valueAfter: s.value }), log));
  b.scratch.set(scratchKey(ACTION_IN_TX, log, s.id), row);
}

const wantStake = (id: bigint, b: Batch) => b.stakes.want(id.toString());
const needStake = ({ args }: { args: { stakingId: bigint } }, b: Batch) => needs(b.stakes, args.stakingId);
const needConfig = ({ args }: { args: { configId: bigint } }, b: Batch) => needs(b.stakingConfigs, args.configId);

/** The contract's reward reserve as an event left it (both reserve events carry it). */
function reserve(b: Batch, balance: bigint, log: LogMeta): void {
  b.put(new M.StakingReserve({ id: log.address, balance, updatedAtBlock: log.block.height }));
}

export const stakingHandlers: Handler[] = [
  on('Staking', 'ConfigCreated', {
    load: ({ args }, b) => b.stakingConfigs.want(args.configId.toString()),
    check: ({ args }, b) => fresh(b.stakingConfigs, args.configId),
    handle: ({ args, log }, b) => {
      b.stakingConfigs.add(new M.StakingConfig({
        id: args.configId.toString(), ratePerSecond: 0n, cooldown: 0n, minStake: 0n, active: true,
        createdAtBlock: log.block.height, updatedAtBlock: log.block.height,
      }));
    },
  }),
  on('Staking', 'ConfigSet', {
    load: ({ args }, b) => b.stakingConfigs.want(args.configId.toString()),
    check: needConfig,
    handle: ({ args, log }, b) => {
      const c = existing(b.stakingConfigs, args.configId, log);
      if (c) c.updatedAtBlock = log.block.height;
    },
  }),
  on('Staking', 'ConfigUpdated', {
    load: ({ args }, b) => b.stakingConfigs.want(args.configId.toString()),
    check: needConfig,
    handle: ({ args, log }, b) => {
      const c = existing(b.stakingConfigs, args.configId, log);
      if (!c) return;
      c.ratePerSecond = args.ratePerSecond;
      c.cooldown = args.cooldown;
      c.minStake = args.minStake;
      c.active = args.active;
      c.updatedAtBlock = log.block.height;
    },
  }),
  on('Staking', 'Staked', {
    load: ({ args }, b) => wantStake(args.stakingId, b),
    check: ({ args }, b) => fresh(b.stakes, args.stakingId),
    handle: ({ args, log }, b) => {
      const s = b.stakes.add(new M.Stake({
        id: args.stakingId.toString(), recipient: args.recipient, status: M.StakeStatus.ACTIVE,
        value: args.amount, principal: args.amount, ratePerSecond: 0n, unlockAt: 0n,
        lastUpdate: new Date(log.block.timestamp), createdAtBlock: log.block.height, updatedAtBlock: log.block.height,
      }));
      action(b, s, M.StakeActionKind.STAKED, args.amount, log);
    },
  }),
  on('Staking', 'ToppedUp', {
    load: ({ args }, b) => wantStake(args.stakingId, b),
    check: needStake,
    handle: ({ args, log }, b) => {
      const s = stake(b, args.stakingId, log);
      if (!s) return;
      s.principal += args.amount;
      action(b, s, M.StakeActionKind.TOPPED_UP, args.amount, log);
    },
  }),
  on('Staking', 'RequestUnstake', {
    load: ({ args }, b) => wantStake(args.stakingId, b),
    check: needStake,
    handle: ({ args, log }, b) => {
      const s = stake(b, args.stakingId, log);
      if (s) action(b, s, M.StakeActionKind.UNSTAKE_REQUESTED, 0n, log);
    },
  }),
  on('Staking', 'Unstaked', {
    load: ({ args }, b) => wantStake(args.stakingId, b),
    check: needStake,
    handle: ({ args, log }, b) => {
      const s = stake(b, args.stakingId, log);
      if (s) action(b, s, M.StakeActionKind.UNSTAKED, 0n, log);
    },
  }),
  on('Staking', 'StakeUpdated', {
    load: ({ args }, b) => (wantStake(args.stakingId, b), b.stakingConfigs.want(args.configId.toString())),
    check: (e, b) => firstRejection(() => needStake(e, b), () => needConfig(e, b)),
    handle: ({ args, log }, b) => {
      const s = stake(b, args.stakingId, log);
      if (!s) return;
      s.config = b.stakingConfigs.get(args.configId.toString())!;
      s.status = STATUS[args.status] ?? s.status;
      s.value = args.value;
      s.ratePerSecond = args.ratePerSecond;
      s.unlockAt = args.unlockAt;
      s.lastUpdate = new Date(log.block.timestamp);
      s.updatedAtBlock = log.block.height;
      b.stakeHistory.mark(s);
      const act = b.scratch.get(scratchKey(ACTION_IN_TX, log, s.id)) as M.StakeAction | undefined;
      if (act) {
        act.valueAfter = args.value;
        if (act.kind === M.StakeActionKind.UNSTAKE_REQUESTED || act.kind === M.StakeActionKind.UNSTAKED) act.amount = args.value;
      }
    },
  }),
  on('Staking', 'RewardsFunded', {
    handle: ({ args, log }, b) => {
      b.insert(withLog(new M.StakingRewardFunding({ from: args.from, amount: args.amount }), log));
      reserve(b, args.rewardReserve, log);
    },
  }),
  on('Staking', 'RewardsAccrued', {
    load: ({ args }, b) => wantStake(args.stakingId, b),
    check: needStake,
    handle: ({ args, log }, b) => {
      reserve(b, args.rewardReserve, log);
      const s = stake(b, args.stakingId, log);
      if (s) b.insert(withLog(new M.StakeRewardAccrual({ stake: s, paid: args.paid, unpaid: args.unpaid, reserveAfter: args.rewardReserve }), log));
    },
  }),
];

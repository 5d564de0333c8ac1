// AttributionEngine: attributor bonds (with history), inference records, reward claims. The fee
// split and the per-contribution rewards are in rewards.ts.
import * as M from '../../db/model/index.ts';
import type { Batch } from '../batch/context.ts';
import type { LogMeta } from '../decode.ts';
import { account, existing, fresh, needs, repeated, withLog } from './common.ts';
import { userText } from './userText.ts';
import { on, type Handler } from './types.ts';

export function attributor(b: Batch, address: string, log: LogMeta): M.Attributor {
  const a = b.attributors.upsert(address, () =>
    new M.Attributor({
      id: address, activeStake: 0n, pendingStake: 0n, unlockAt: 0n, lastRecordAt: 0n, totalStaked: 0n, totalUnstaked: 0n,
      totalSlashed: 0n, slashCount: 0, recordCount: 0, feesAttributed: 0n, challengesReceived: 0,
      challengesLost: 0, challengesWon: 0, challengesExpired: 0, updatedAtBlock: log.block.height,
    }));
  a.updatedAtBlock = log.block.height;
  return a;
}

function bondEvent(b: Batch, a: M.Attributor, kind: M.AttributorBondEventKind, amount: bigint, log: LogMeta, challenge?: M.Challenge) {
  b.attributorHistory.mark(a);
  b.insert(withLog(new M.AttributorBondEvent({
    attributor: a, kind, amount, activeStakeAfter: a.activeStake,
    pendingStakeAfter: a.pendingStake, challenge: challenge ?? null,
  }), log));
}

export const attributionHandlers: Handler[] = [
  on('AttributionEngine', 'AttributorStaked', {
    load: ({ args }, b) => b.attributors.want(args.attributor),
    handle: ({ args, log }, b) => {
      const a = attributor(b, args.attributor, log);
      a.activeStake = args.activeStake;
      a.totalStaked += args.amount;
      bondEvent(b, a, M.AttributorBondEventKind.STAKED, args.amount, log);
    },
  }),
  on('AttributionEngine', 'AttributorUnstakeRequested', {
    load: ({ args }, b) => b.attributors.want(args.attributor),
    handle: ({ args, log }, b) => {
      const a = attributor(b, args.attributor, log);
      a.activeStake = args.activeStake;
      a.pendingStake += args.amount;
      a.unlockAt = args.unlockAt;
      bondEvent(b, a, M.AttributorBondEventKind.UNSTAKE_REQUESTED, args.amount, log);
    },
  }),
  on('AttributionEngine', 'AttributorUnstaked', {
    load: ({ args }, b) => b.attributors.want(args.attributor),
    handle: ({ args, log }, b) => {
      const a = attributor(b, args.attributor, log);
      a.pendingStake -= args.amount;
      a.totalUnstaked += args.amount;
      if (a.pendingStake === 0n) a.unlockAt = 0n;
      bondEvent(b, a, M.AttributorBondEventKind.UNSTAKED, args.amount, log);
    },
  }),
  on('AttributionEngine', 'AttributorSlashed', {
    load: ({ args }, b) => (b.attributors.want(args.attributor), b.challenges.want(args.challengeId.toString())),
    handle: ({ args, log }, b) => {
      const a = attributor(b, args.attributor, log);
      a.activeStake = args.activeStake;
      a.pendingStake = args.pendingStake;
      a.totalSlashed += args.amount;
      a.slashCount += 1;
      bondEvent(b, a, M.AttributorBondEventKind.SLASHED, args.amount, log, b.challenges.get(args.challengeId.toString()));
    },
  }),
  on('AttributionEngine', 'InferenceAttributed', {
    load: ({ args }, b) => {
      b.inferences.creating(args.inferenceId.toString());
      b.models.want(args.modelId.toString());
      b.modelVersions.want(`${args.modelId}-${args.modelVersion}`);
      b.attributors.want(args.attributor);
      for (const id of args.contributionIds) b.contributions.want(id.toString());
    },
    // an inference id is not looked up (`creating`): one the database holds already fails the
    // write, and the batch's fallback quarantines the log (docs/indexer.md, Hostile data)
    // (the bulk of a catch-up: plain statements, no closures per event)
    check: ({ args }, b) => {
      const { contributionIds: ids, shares } = args;
      if (ids.length !== shares.length) return `${ids.length} contribution ids but ${shares.length} shares`;
      let why = fresh(b.inferences, args.inferenceId) ?? needs(b.models, args.modelId)
        ?? needs(b.modelVersions, `${args.modelId}-${args.modelVersion}`) ?? repeated(ids, 'contribution');
      for (let i = 0; why === undefined && i < ids.length; i++) why = needs(b.contributions, ids[i]!);
      return why;
    },
    handle: (e, b) => {
      const { args, log } = e;
      const m = existing(b.models, args.modelId, log);
      if (!m) return;
      const a = attributor(b, args.attributor, log);
      a.recordCount += 1;
      a.feesAttributed += args.fee;
      a.lastRecordAt = BigInt(Math.floor(log.block.timestamp / 1000));
      b.attributorHistory.mark(a);
      m.inferenceCount += 1;
      m.feesTotal += args.fee;
      const input = userText(e, 'inputURI');
      b.inferences.add(withLog(new M.Inference({
        id: args.inferenceId.toString(), model: m,
        modelVersion: b.modelVersions.get(`${m.id}-${args.modelVersion}`)!, version: args.modelVersion,
        attributor: a, user: args.user, inputHash: args.inputHash, inputURI: input.text, inputURIRaw: input.raw, outputHash: args.outputHash,
        fee: args.fee, contributionIds: args.contributionIds.map(String), shares: args.shares.map(String), modelOwner: null,
        protocolAmount: 0n, modelOwnerAmount: 0n, contributorAmount: 0n, dust: 0n, challengeCount: 0, upheld: false,
      }), log));
    },
  }),
  on('AttributionEngine', 'RewardsClaimed', {
    load: ({ args }, b) => b.accounts.want(args.account),
    handle: ({ args, log }, b) => {
      account(b, args.account, log).rewardsClaimed += args.amount;
      b.insert(withLog(new M.RewardClaim({ account: args.account, amount: args.amount }), log));
    },
  }),
];

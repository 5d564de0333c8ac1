// DatanetFactory: the public fee event, datanets, contributions (status with history), reviews,
// versions, and per-contributor counts.
import * as M from '../../db/model/index.ts';
import type { Batch } from '../batch/context.ts';
import type { LogMeta } from '../decode.ts';
import { existing, firstRejection, fresh, needs, withLog } from './common.ts';
import { userText } from './userText.ts';
import { on, type Handler } from './types.ts';

/** The contributor's running totals (created on the first contribution). */
export function contributor(b: Batch, address: string, log: LogMeta): M.Contributor {
  const c = b.contributors.upsert(address, () =>
    new M.Contributor({
      id: address, contributionCount: 0, approvedCount: 0, influence: 0n, attributionCount: 0, rewardsEarned: 0n,
      firstContributionBlock: log.block.height, updatedAtBlock: log.block.height,
    }));
  c.updatedAtBlock = log.block.height;
  return c;
}

const datanet = (b: Batch, id: bigint, log: LogMeta) => existing(b.datanets, id, log);

export const datanetHandlers: Handler[] = [
  on('DatanetFactory', 'TransactionInitiated', {
    handle: ({ args, log }, b) => {
      b.insert(withLog(new M.DatanetTransaction({ transactionId: args.transactionId, user: args.user, amount: args.amount }), log));
    },
  }),
  on('DatanetFactory', 'DatanetCreated', {
    load: ({ args }, b) => b.datanets.want(args.datanetId.toString()),
    check: ({ args }, b) => fresh(b.datanets, args.datanetId),
    handle: (e, b) => {
      const { args, log } = e;
      const name = userText(e, 'name');
      const uri = userText(e, 'metadataURI');
      b.datanets.add(new M.Datanet({
        id: args.datanetId.toString(), owner: args.owner, name: name.text, nameRaw: name.raw,
        metadataURI: uri.text, metadataURIRaw: uri.raw,
        creationFee: args.fee, transactionId: args.transactionId, contributionCount: 0, approvedCount: 0n,
        rejectedCount: 0, rowCount: 0n, versionCount: 0n, influence: 0n, attributionCount: 0, rewardsEarned: 0n,
        createdAtBlock: log.block.height, createdAt: new Date(log.block.timestamp), createdTxHash: log.txHash,
      }));
    },
  }),
  on('DatanetFactory', 'ContributionSubmitted', {
    load: ({ args }, b) => {
      b.datanets.want(args.datanetId.toString());
      b.contributions.want(args.contributionId.toString());
      b.contributors.want(args.contributor);
      b.accounts.want(args.contributor);
    },
    check: ({ args }, b) => firstRejection(() => needs(b.datanets, args.datanetId), () => fresh(b.contributions, args.contributionId)),
    handle: (e, b) => {
      const { args, log } = e;
      const d = datanet(b, args.datanetId, log);
      if (!d) return;
      d.contributionCount += 1;
      d.rowCount += BigInt(args.rowCount);
      contributor(b, args.contributor, log).contributionCount += 1;
      const uri = userText(e, 'uri');
      const c = b.contributions.add(new M.Contribution({
        id: args.contributionId.toString(), datanet: d, contributor: args.contributor, contentHash: args.contentHash,
        uri: uri.text, uriRaw: uri.raw, rowCount: BigInt(args.rowCount), status: M.ContributionStatus.PENDING, reviewer: null,
        reviewedAtBlock: null, influence: 0n, attributionCount: 0, rewardsEarned: 0n,
        submittedAtBlock: log.block.height, submittedAt: new Date(log.block.timestamp), submittedTxHash: log.txHash,
      }));
      b.contributionHistory.mark(c);
    },
  }),
  on('DatanetFactory', 'ContributionReviewed', {
    load: ({ args }, b) => (b.contributions.want(args.contributionId.toString()), b.datanets.want(args.datanetId.toString())),
    check: ({ args }, b) => firstRejection(() => needs(b.contributions, args.contributionId), () => needs(b.datanets, args.datanetId)),
    handle: ({ args, log }, b) => {
      const c = existing(b.contributions, args.contributionId, log);
      const d = datanet(b, args.datanetId, log);
      if (!c || !d) return;
      c.status = args.approved ? M.ContributionStatus.APPROVED : M.ContributionStatus.REJECTED;
      c.reviewer = args.reviewer;
      c.reviewedAtBlock = log.block.height;
      d.approvedCount = BigInt(args.approvedCount);
      if (!args.approved) d.rejectedCount += 1;
      if (args.approved) contributor(b, c.contributor, log).approvedCount += 1;
      b.contributionHistory.mark(c);
    },
  }),
  on('DatanetFactory', 'DatanetVersionPublished', {
    load: ({ args }, b) => b.datanets.want(args.datanetId.toString()),
    check: ({ args }, b) => needs(b.datanets, args.datanetId),
    handle: ({ args, log }, b) => {
      const d = datanet(b, args.datanetId, log);
      if (!d) return;
      d.versionCount = args.version;
      b.insert(new M.DatanetVersion({
        id: `${d.id}-${args.version}`, datanet: d, version: args.version, merkleRoot: args.merkleRoot,
        contributionCount: BigInt(args.contributionCount), blockNumber: log.block.height,
        timestamp: new Date(log.block.timestamp), txHash: log.txHash,
      }));
    },
  }),
];

// SigDispersal (OpenLedger's signer-authorised airdrop): its token and vault, batches (enabled,
// fee, claims so far) and claims. A claim of a batch never enabled is quarantined (the contract
// refuses such claims); a second claim of one account in one batch fails on its key and is
// quarantined by the write fallback.
import * as M from '../../db/model/index.ts';
import type { Batch } from '../batch/context.ts';
import type { LogMeta } from '../decode.ts';
import { needs, withLog } from './common.ts';
import { on, type Handler } from './types.ts';

const batchId = (log: LogMeta, root: string): string => `${log.address}-${root}`;

function settings(b: Batch, log: LogMeta): M.AirdropSettings {
  const s = b.airdropSettings.upsert(log.address, () => new M.AirdropSettings({ id: log.address, token: null, vault: null }));
  s.updatedAtBlock = log.block.height;
  return s;
}

function airdropBatch(b: Batch, log: LogMeta, root: string): M.AirdropBatch {
  const a = b.airdropBatches.upsert(batchId(log, root), () => new M.AirdropBatch({
    id: batchId(log, root), contractAddress: log.address, root, enabled: false, fee: 0n, claimCount: 0, totalClaimed: 0n,
  }));
  a.updatedAtBlock = log.block.height;
  return a;
}

const wantBatch = ({ args, log }: { args: { root: string } | { batch: string }; log: LogMeta }, b: Batch) =>
  b.airdropBatches.want(batchId(log, 'root' in args ? args.root : args.batch));

export const airdropHandlers: Handler[] = [
  on('SigDispersal', 'TokenSet', {
    load: ({ log }, b) => b.airdropSettings.want(log.address),
    handle: ({ args, log }, b) => void (settings(b, log).token = args.token.toLowerCase()),
  }),
  on('SigDispersal', 'VaultSet', {
    load: ({ log }, b) => b.airdropSettings.want(log.address),
    handle: ({ args, log }, b) => void (settings(b, log).vault = args.vault.toLowerCase()),
  }),
  on('SigDispersal', 'BatchEnabled', {
    load: wantBatch,
    handle: ({ args, log }, b) => void (airdropBatch(b, log, args.root).enabled = args.enabled),
  }),
  on('SigDispersal', 'BatchFeeSet', {
    load: wantBatch,
    handle: ({ args, log }, b) => void (airdropBatch(b, log, args.root).fee = args.fee),
  }),
  on('SigDispersal', 'AirdropClaimed', {
    load: wantBatch,
    check: ({ args, log }, b) => needs(b.airdropBatches, batchId(log, args.batch)),
    handle: ({ args, log }, b) => {
      const batch = airdropBatch(b, log, args.batch);
      batch.claimCount += 1;
      batch.totalClaimed += args.amount;
      const account = args.account.toLowerCase();
      b.insert(withLog(new M.AirdropClaim({ id: `${batch.id}-${account}`, batch, account, amount: args.amount }), log));
    },
  }),
];

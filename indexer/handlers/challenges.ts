// ChallengeManager: a challenge through its whole life (opened, responded, resolved or expired),
// with its effect on the inference and the attributor's record, and its payouts: pull payments
// credited right after the resolution or expiry (same transaction) and withdrawn later.
import * as M from '../../db/model/index.ts';
import type { Batch } from '../batch/context.ts';
import type { LogMeta } from '../decode.ts';
import { attributor } from './attribution.ts';
import { existing, firstRejection, fresh, needs, scratchKey, withLog } from './common.ts';
import { userText } from './userText.ts';
import { on, type Handler } from './types.ts';

const challenge = (b: Batch, id: bigint, log: LogMeta) => existing(b.challenges, id, log);

const wantChallenge = (id: bigint, b: Batch) => b.challenges.want(id.toString());
const needChallenge = ({ args }: { args: { challengeId: bigint } }, b: Batch) => needs(b.challenges, args.challengeId);

/** The challenge whose resolution or expiry the following PaymentCredited events of the transaction pay. */
const PAYOUT_IN_TX = 'challenge-payout';

/** A pull-payment movement, and the account's owed balance it leaves (both events carry or imply it). */
function payment(b: Batch, kind: M.PaymentEventKind, account: string, amount: bigint, owedAfter: bigint, log: LogMeta, challenge: M.Challenge | null): void {
  b.put(new M.OwedPayment({ id: `${log.address}-${account}`, contract: log.address, account, owed: owedAfter, updatedAtBlock: log.block.height }));
  b.insert(withLog(new M.PaymentEvent({ contract: log.address, account, kind, amount, owedAfter, challenge }), log));
}

export const challengeHandlers: Handler[] = [
  on('ChallengeManager', 'ChallengeOpened', {
    load: ({ args }, b) => {
      b.inferences.want(args.inferenceId.toString());
      b.attributors.want(args.attributor);
      wantChallenge(args.challengeId, b);
    },
    check: ({ args }, b) => firstRejection(() => needs(b.inferences, args.inferenceId), () => fresh(b.challenges, args.challengeId)),
    handle: (e, b) => {
      const { args, log } = e;
      const inf = existing(b.inferences, args.inferenceId, log);
      if (!inf) return;
      inf.challengeCount += 1;
      const evidence = userText(e, 'evidenceURI');
      attributor(b, args.attributor, log).challengesReceived += 1;
      b.challenges.add(new M.Challenge({
        id: args.challengeId.toString(), inference: inf, challenger: args.challenger, attributor: args.attributor,
        bond: args.bond, evidenceHash: args.evidenceHash, evidenceURI: evidence.text, evidenceURIRaw: evidence.raw,
        deadline: args.deadline, status: M.ChallengeStatus.OPEN, responseHash: null, responseURI: null, responseURIRaw: null,
        respondedAtBlock: null, arbiter: null,
        slashedAmount: null, challengerReward: null, treasuryAmount: null, bondReturned: null,
        resolvedAtBlock: null, expiredAtBlock: null,
        openedAtBlock: log.block.height, openedAt: new Date(log.block.timestamp), openedTxHash: log.txHash,
      }));
    },
  }),
  on('ChallengeManager', 'ChallengeResponded', {
    load: ({ args }, b) => wantChallenge(args.challengeId, b),
    check: needChallenge,
    handle: (e, b) => {
      const { args, log } = e;
      const c = challenge(b, args.challengeId, log);
      if (!c) return;
      const response = userText(e, 'responseURI');
      c.responseHash = args.responseHash;
      c.responseURI = response.text;
      c.responseURIRaw = response.raw;
      c.respondedAtBlock = log.block.height;
    },
  }),
  on('ChallengeManager', 'ChallengeResolved', {
    load: ({ args }, b) => (wantChallenge(args.challengeId, b), b.inferences.want(args.inferenceId.toString())),
    check: needChallenge,
    handle: ({ args, log }, b) => {
      const c = challenge(b, args.challengeId, log);
      if (!c) return;
      c.status = args.upheld ? M.ChallengeStatus.UPHELD : M.ChallengeStatus.REJECTED;
      c.arbiter = args.arbiter;
      c.slashedAmount = args.slashedAmount;
      c.challengerReward = args.challengerReward;
      c.treasuryAmount = args.treasuryAmount;
      c.bondReturned = args.upheld ? c.bond : 0n;
      c.resolvedAtBlock = log.block.height;
      b.scratch.set(scratchKey(PAYOUT_IN_TX, log), c);
      const a = attributor(b, c.attributor, log);
      if (args.upheld) a.challengesLost += 1;
      else a.challengesWon += 1;
      const inf = b.inferences.update(args.inferenceId.toString());
      if (inf && args.upheld) inf.upheld = true;
    },
  }),
  on('ChallengeManager', 'ChallengeExpired', {
    load: ({ args }, b) => wantChallenge(args.challengeId, b),
    check: needChallenge,
    handle: ({ args, log }, b) => {
      const c = challenge(b, args.challengeId, log);
      if (!c) return;
      c.status = M.ChallengeStatus.EXPIRED;
      c.bondReturned = args.bondReturned;
      c.expiredAtBlock = log.block.height;
      b.scratch.set(scratchKey(PAYOUT_IN_TX, log), c);
      attributor(b, c.attributor, log).challengesExpired += 1;
    },
  }),
  on('ChallengeManager', 'PaymentCredited', {
    handle: ({ args, log }, b) => {
      const c = (b.scratch.get(scratchKey(PAYOUT_IN_TX, log)) as M.Challenge | undefined) ?? null;
      payment(b, M.PaymentEventKind.CREDITED, args.account, args.amount, args.owed, log, c);
    },
  }),
  on('ChallengeManager', 'PaymentWithdrawn', {
    // a withdrawal pays everything owed
    handle: ({ args, log }, b) => payment(b, M.PaymentEventKind.WITHDRAWN, args.account, args.amount, 0n, log, null),
  }),
];

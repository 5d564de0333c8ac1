// Challenges of attribution records: bonds, responses, resolutions and slashes.
import { col, rawCol, type EntitySpec } from '../sql/entity.ts';
import { Inference } from './attribution.ts';
import { defineEntity, defineEnum, defineNestedConnection, defineRootFields } from './entityTypes.ts';

defineEnum('ChallengeStatus', ['OPEN', 'UPHELD', 'REJECTED', 'EXPIRED']);

export const Challenge: EntitySpec = {
  name: 'Challenge',
  table: 'challenge',
  columns: {
    id: col('id', 'id', { description: 'challenge id (decimal)' }),
    challenger: col('challenger', 'address', { indexed: true }),
    attributor: col('attributor', 'address', { indexed: true }),
    bond: col('bond', 'bigint'),
    evidenceHash: col('evidence_hash', 'bytes'),
    evidenceURI: col('evidence_uri', 'string'),
    evidenceURIRaw: rawCol('evidence_uri_raw', 'evidence URI'),
    deadline: col('deadline', 'bigint', { description: 'unix seconds' }),
    status: col('status', 'enum', { enumName: 'ChallengeStatus', indexed: true }),
    responseHash: col('response_hash', 'bytes', { nullable: true }),
    responseURI: col('response_uri', 'string', { nullable: true }),
    responseURIRaw: rawCol('response_uri_raw', 'response URI'),
    respondedAtBlock: col('responded_at_block', 'int', { nullable: true }),
    arbiter: col('arbiter', 'address', { nullable: true }),
    slashedAmount: col('slashed_amount', 'bigint', { nullable: true }),
    challengerReward: col('challenger_reward', 'bigint', { nullable: true }),
    treasuryAmount: col('treasury_amount', 'bigint', { nullable: true }),
    bondReturned: col('bond_returned', 'bigint', { nullable: true }),
    resolvedAtBlock: col('resolved_at_block', 'int', { nullable: true }),
    expiredAtBlock: col('expired_at_block', 'int', { nullable: true }),
    openedAtBlock: col('opened_at_block', 'int', { indexed: true }),
    openedAt: col('opened_at', 'datetime'),
    openedTxHash: col('opened_tx_hash', 'bytes'),
  },
  relations: { inference: { target: () => Inference, column: 'inference_id' } },
};

defineEntity(Challenge);
defineRootFields(Challenge, { list: 'challenges', lookup: 'challenge' });
defineNestedConnection(Inference, 'challenges', Challenge, 'inference_id', "the inference's challenges");

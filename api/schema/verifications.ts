// The watchdog's verdicts (docs/verifier.md), from the verifier's own schema, read through the
// read-only role like every other table: `verifications` and `Inference.verification`.
import { builder } from '../builder.ts';
import { loadByIds } from '../sql/page.ts';
import { declareFieldNeeds } from '../sql/projection.ts';
import { col, type EntitySpec, type Row } from '../sql/entity.ts';
import { Inference } from './attribution.ts';
import { Challenge } from './challenges.ts';
import { defineEntity, defineEnum, defineRootFields, entityRef } from './entityTypes.ts';

defineEnum('VerificationVerdict', ['MATCH', 'DISPUTE', 'UNVERIFIABLE'], 'what recomputing a record from its committed artifacts found');

export const Verification: EntitySpec = {
  name: 'Verification',
  table: 'verifier.verification',
  optional: true,
  description: "A watchdog's verdict on one attribution record (docs/verifier.md).",
  columns: {
    id: col('id', 'id', { description: 'the inference id (decimal)' }),
    verdict: col('verdict', 'enum', { enumName: 'VerificationVerdict', indexed: true }),
    reason: col('reason', 'string', { nullable: true, description: 'why the record is UNVERIFIABLE (an error code and what was expected and got)' }),
    distance: col('distance', 'string', { nullable: true, description: 'total-variation distance between posted and recomputed shares (decimal)' }),
    tolerance: col('tolerance', 'string', { description: 'the dispute threshold on the distance (decimal)' }),
    recomputedContributionIds: col('recomputed_ids', 'stringList', { nullable: true }),
    recomputedShares: col('recomputed_shares', 'stringList', { nullable: true, description: 'parts per billion, in the order of recomputedContributionIds' }),
    method: col('method', 'string', { nullable: true }),
    manifestHash: col('manifest_hash', 'bytes', { nullable: true }),
    backend: col('backend', 'string', { nullable: true, description: 'the compute backend (tensorflow, wasm, cpu; exact-integer for n-gram)' }),
    durationMs: col('duration_ms', 'int'),
    engineVersion: col('engine_version', 'string'),
    evidenceHash: col('evidence_hash', 'bytes', { nullable: true }),
    evidenceURI: col('evidence_uri', 'string', { nullable: true }),
    challengeTxHash: col('challenge_tx', 'bytes', { nullable: true }),
    attempts: col('attempts', 'int'),
    verifiedAt: col('verified_at', 'datetime', { indexed: true }),
  },
  relations: {
    inference: { target: () => Inference, column: 'id', description: 'the record verified' },
    challenge: { target: () => Challenge, column: 'challenge_key', nullable: true, description: 'the challenge the verifier opened (or found opened) for a DISPUTE' },
  },
};

defineEntity(Verification);
defineRootFields(Verification, { list: 'verifications', lookup: 'verification', description: "The watchdog's verdicts, by inference id." });
declareFieldNeeds(Inference, 'verification', ['id']);
builder.objectField(entityRef(Inference) as any, 'verification', (t: any) =>
  t.loadable({
    type: entityRef(Verification),
    nullable: true,
    description: "the watchdog's verdict on this record (null until it was verified)",
    load: (ids: string[], ctx: { db: any }) => loadByIds(ctx.db, Verification, ids),
    resolve: (row: Row) => row.id,
  }),
);

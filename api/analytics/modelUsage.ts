// A model's usage over time from its rollup: inferences, fees and their split between the protocol
// (treasury, dust included), the model's owner and the contributors, with running totals.
import type { Queryable } from '../sql/page.ts';
import { big, fillBuckets, type BucketWindow } from './buckets.ts';

export interface ModelUsageBucket {
  bucketStart: Date;
  inferences: bigint;
  fees: bigint;
  protocolAmount: bigint;
  modelOwnerAmount: bigint;
  contributorAmount: bigint;
  cumulativeInferences: bigint;
  cumulativeFees: bigint;
}

const ADDITIVE = ['inferences', 'fees', 'protocolAmount', 'modelOwnerAmount', 'contributorAmount'] as const;

/** The model's rollup rows in the window and its running totals before it (both on the unique index (model, period, bucket_start)). */
export async function modelUsage(db: Queryable, id: string, w: BucketWindow): Promise<ModelUsageBucket[]> {
  const [window, before] = await Promise.all([
    db.query(
      `SELECT bucket_start AS bucket, inferences, fees, protocol_amount AS "protocolAmount",
              model_owner_amount AS "modelOwnerAmount", contributor_amount AS "contributorAmount"
         FROM model_rollup WHERE model_id = $1 AND period = $2 AND bucket_start >= $3 AND bucket_start < $4`,
      [id, w.interval, w.start, w.end],
    ),
    db.query(
      `SELECT cumulative_inferences, cumulative_fees FROM model_rollup
        WHERE model_id = $1 AND period = $2 AND bucket_start < $3 ORDER BY bucket_start DESC LIMIT 1`,
      [id, w.interval, w.start],
    ),
  ]);
  const carry = before.rows[0];
  return fillBuckets(w, window.rows, ADDITIVE, { cumulativeInferences: 'inferences', cumulativeFees: 'fees' }, {
    cumulativeInferences: big(carry?.cumulative_inferences),
    cumulativeFees: big(carry?.cumulative_fees),
  });
}

// A model's usage over time from its rollup: inferences, fees and their split between the protocol
// (treasury, dust included), the model's owner and the contributors, with running totals.
import type { Queryable } from '../sql/page.ts';
import { big, fillBuckets, type BucketWindow } from './buckets.ts';
import { rollupWindow } from './rollupWindow.ts';

export interface ModelUsageBucket {
  bucketStart: Date;
  /** decimal strings */
  inferences: string;
  fees: string;
  protocolAmount: string;
  modelOwnerAmount: string;
  contributorAmount: string;
  cumulativeInferences: string;
  cumulativeFees: string;
}

const ADDITIVE = ['inferences', 'fees', 'protocolAmount', 'modelOwnerAmount', 'contributorAmount'] as const;

/** The model's buckets from its rollup (rollupWindow.ts: one statement); null for a model that is not indexed. */
export async function modelUsage(db: Queryable, id: string, w: BucketWindow): Promise<ModelUsageBucket[] | null> {
  const { found, rows, carry } = await rollupWindow(db, {
    table: 'model_rollup',
    key: 'model_id',
    subject: 'model',
    columns: { inferences: 'inferences', fees: 'fees', protocolAmount: 'protocol_amount', modelOwnerAmount: 'model_owner_amount', contributorAmount: 'contributor_amount' },
    carry: { cumulativeInferences: 'cumulative_inferences', cumulativeFees: 'cumulative_fees' },
  }, id, w);
  if (!found) return null;
  return fillBuckets(w, rows, ADDITIVE, { cumulativeInferences: 'inferences', cumulativeFees: 'fees' }, {
    cumulativeInferences: big(carry?.cumulativeInferences),
    cumulativeFees: big(carry?.cumulativeFees),
  });
}

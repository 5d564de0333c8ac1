// A model's usage over time from its rollup: inferences, fees and their split between the protocol
// (treasury, dust included), the model's owner and the contributors, with running totals.
import type { Queryable } from '../sql/page.ts';
import type { BucketWindow } from './buckets.ts';
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

/** The model's buckets from its rollup (rollupWindow.ts: one statement); null for a model that is not indexed. */
export async function modelUsage(db: Queryable, id: string, w: BucketWindow): Promise<ModelUsageBucket[] | null> {
  return rollupWindow(db, {
    table: 'model_rollup',
    key: 'model_id',
    subject: 'model',
    columns: { inferences: 'inferences', fees: 'fees', protocolAmount: 'protocol_amount', modelOwnerAmount: 'model_owner_amount', contributorAmount: 'contributor_amount' },
    running: { cumulativeInferences: ['cumulative_inferences', 'inferences'], cumulativeFees: ['cumulative_fees', 'fees'] },
  }, id, w);
}

// How deep the chain itself says blocks become final: the distance between the `latest` and
// `finalized` blocks (the `finalized` tag, EIP-1898/"The Merge" block tags; OP Stack nodes answer it
// with the L2 block whose batch is in a finalized L1 block). Used by `npm run finality` and at the
// processor's start to compare with the configured hot-block depth.
import type { JsonRpc } from './retryingRpc.ts';

export interface FinalityMeasure {
  latest: number;
  /** the `finalized` block, when the RPC answers the tag */
  finalized?: number;
  /** latest - finalized */
  distance?: number;
  /** why there is no distance (the RPC does not answer the tag) */
  unavailable?: string;
}

interface BlockHeader {
  number: string;
}

export async function measureFinality(rpc: JsonRpc): Promise<FinalityMeasure> {
  const latestBlock = await rpc.call<BlockHeader | null>('eth_getBlockByNumber', ['latest', false]);
  if (!latestBlock) throw new Error('eth_getBlockByNumber("latest") returned no block');
  const latest = Number(latestBlock.number);
  let finalizedBlock: BlockHeader | null;
  try {
    finalizedBlock = await rpc.call<BlockHeader | null>('eth_getBlockByNumber', ['finalized', false]);
  } catch (err) {
    return { latest, unavailable: `the RPC does not answer the "finalized" tag (${(err as Error).message.split('\n')[0]})` };
  }
  if (!finalizedBlock || typeof finalizedBlock.number !== 'string') {
    return { latest, unavailable: 'the RPC answered the "finalized" tag with no block' };
  }
  const finalized = Number(finalizedBlock.number);
  return { latest, finalized, distance: latest - finalized };
}

export interface FinalityAdvice {
  level: 'info' | 'warn';
  message: string;
}

/** What the measure says about a configured hot-block depth. */
export function adviseFinality(measure: FinalityMeasure, configured: number): FinalityAdvice {
  if (measure.distance === undefined) {
    return { level: 'info', message: `${measure.unavailable}: the hot-block depth stays the configured ${configured} (see docs/indexer.md, Finality)` };
  }
  if (measure.distance > configured) {
    return {
      level: 'warn',
      message: `the chain finalizes ${measure.distance} blocks behind its head, deeper than the hot-block depth ${configured}: ` +
        `a reorg between them could not be undone; set FINALITY_CONFIRMATION to at least ${measure.distance}`,
    };
  }
  return { level: 'info', message: `the chain finalizes ${measure.distance} blocks behind its head, within the hot-block depth ${configured}` };
}

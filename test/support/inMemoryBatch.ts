// Handlers on an in-memory batch, for their unit tests (no anvil, no Postgres): events are encoded
// as their contracts would emit them (ABI logs at the family's watched address) and decoded by the
// indexer's Decoder, their handlers run as the batch handler runs them (every load, then the rows
// loaded from `seed` instead of the database, then per block each log's checks and, unless one
// rejects it, its handlers), and the Batch is returned with what each check rejected.
import { Batch } from '../../indexer/batch/context.ts';
import type { WithId } from '../../indexer/batch/withId.ts';
import { Decoder, isFailure, type DecodedEvent } from '../../indexer/decode.ts';
import type { Family } from '../../indexer/families.ts';
import { handlerKey, handlerRegistry } from '../../indexer/handlers/index.ts';
import { blocksOf, encodeLog, familyAddress, watchedNetwork } from './hostileLogs.ts';

export interface EventSpec {
  family: Family;
  event: string;
  args: Record<string, unknown>;
}

export interface MemoryRun {
  batch: Batch;
  /** the decoded events, in order */
  events: DecodedEvent[];
  /** the rejection of each quarantined log, by log id */
  rejected: Map<string, string>;
}

/** The address the in-memory runs watch `family` at (a row keyed by contract address uses it). */
export const addressOf = (family: Family): string => familyAddress(family).toLowerCase();

/**
 * Runs `blocks` (each a list of events; a block's logs pair into transactions two by two, so an event
 * and its companion share one) from block `start`, on a batch whose "database" holds `seed`.
 */
export async function runInMemory(blocks: readonly (readonly EventSpec[])[], seed: readonly WithId[] = [], start = 100): Promise<MemoryRun> {
  const decoder = new Decoder(watchedNetwork().contracts);
  const registry = handlerRegistry();
  const batch = new Batch();
  const perBlock: { height: number; events: DecodedEvent[] }[] = [];
  let height = start;
  for (const specs of blocks) {
    const logs = specs.map((s) => ({ family: s.family, event: s.event, args: s.args, log: encodeLog(s.family, s.event, s.args) }));
    const [block] = blocksOf(logs, height, Math.max(1, logs.length), 'memory').blocks;
    const events = (block?.logs ?? []).map((raw) => {
      const decoded = decoder.decode(raw, block!.header);
      if (!decoded || isFailure(decoded)) throw new Error(`runInMemory: log ${raw.id} did not decode: ${decoded ? decoded.error : 'not watched'}`);
      return decoded;
    });
    perBlock.push({ height, events });
    height += 1;
  }
  const handlersOf = (e: DecodedEvent) => {
    const handlers = registry.get(handlerKey(e.family, e.name));
    if (!handlers) throw new Error(`runInMemory: no handler for ${e.family}.${e.name}`);
    return handlers;
  };
  for (const { events } of perBlock) {
    for (const e of events) {
      batch.contracts.want(e.log.address);
      for (const h of handlersOf(e)) h.load?.(e, batch);
    }
  }
  await batch.loadFrom(seed);
  const rejected = new Map<string, string>();
  for (const { height: h, events } of perBlock) {
    for (const e of events) {
      const handlers = handlersOf(e);
      const why = handlers.map((x) => x.check?.(e, batch)).find((r) => r !== undefined);
      if (why !== undefined) rejected.set(e.log.id, why);
      else for (const x of handlers) x.handle(e, batch);
    }
    batch.endBlock(h);
  }
  return { batch, events: perBlock.flatMap((b) => b.events), rejected };
}

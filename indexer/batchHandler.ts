// The batch handler: decode the batch's logs, load every row they need in bulk, apply the handlers
// block by block in log order, write each entity type once. Undecodable logs become DecodeFailure
// rows and structured warnings; logs a handler's check rejects become QuarantinedLog rows; a write
// that fails on its data is rolled back to a savepoint and done again in parts (writeInParts.ts).
import { createLogger } from '@subsquid/logger';
import * as M from '../db/model/index.ts';
import { Batch } from './batch/context.ts';
import { deferIndexesMode, IndexDeferral, type DeferralOptions } from './batch/deferredIndexes.ts';
import { Decoder, isFailure, type BlockRef, type DecodeFailureInfo, type DecodedEvent, type RawLog } from './decode.ts';
import { handlerKey, handlerRegistry } from './handlers/index.ts';
import type { Handler } from './handlers/types.ts';
import { startBlockOf, type NetworkConfig } from './networks/types.ts';
import { startWriting, storeOf, type BatchStore } from './pipeline.ts';
import { Progress } from './progress.ts';
import { describeError, quarantine } from './quarantine.ts';
import { DEFAULT_STATE_SCHEMA } from './status.ts';
import { storeAccess } from './batch/storeAccess.ts';
import { notifyBatch } from './batchNotify.ts';
import type { ViewCaller } from './batch/viewCalls.ts';
import { BATCH_SAVEPOINT, underSavepoint, writeInParts, type ItemOps } from './writeInParts.ts';

/** What the handler needs of a block (the processor's BlockData, or one a test builds). */
export interface BlockInput {
  header: { height: number; hash: string; timestamp: number; parentHash?: string };
  logs: RawLog[];
}

export interface BatchInput {
  blocks: BlockInput[];
  /** squid's Store, or PipelinedDatabase's DeferredStore (bound once the transaction starts) */
  store: BatchStore;
  isHead: boolean;
  /** the chain head, for the progress line's lag */
  fetchHead?: () => Promise<number>;
  /** sends the handlers' view calls (eth_call at a block hash); without it each is answered with an error */
  views?: ViewCaller;
}

/** What the batch needs per kind of event, made once per process: its EventCount id and its handlers. */
interface EventKind {
  family: string;
  name: string;
  countId: string;
  handlers: Handler[];
}

type Item = { event: DecodedEvent; kind: EventKind } | { failure: DecodeFailureInfo };

/** EventKinds by family and name (no key string built per event). */
function eventKinds(registry: Map<string, Handler[]>): (family: string, name: string) => EventKind {
  const byFamily = new Map<string, Map<string, EventKind>>();
  return (family, name) => {
    let byName = byFamily.get(family);
    if (!byName) byFamily.set(family, (byName = new Map()));
    let kind = byName.get(name);
    if (!kind) byName.set(name, (kind = { family, name, countId: `${family}.${name}`, handlers: registry.get(handlerKey(family, name)) ?? [] }));
    return kind;
  };
}

const decodeLog = createLogger('sqd:processor:decode');
const writeLog = createLogger('sqd:processor:write');

function countEvent(b: Batch, kind: EventKind, address: string, height: number): void {
  const { family, name, countId } = kind;
  const contract = b.contracts.upsert(address, () => new M.Contract({ id: address, name: family, treasury: null, eventCount: 0 }));
  contract.eventCount += 1;
  const count = b.eventCounts.upsert(countId, () => new M.EventCount({ id: countId, contract: family, event: name, count: 0, lastBlock: height }));
  count.count += 1;
  count.lastBlock = height;
}

function recordFailure(b: Batch, f: DecodeFailureInfo): void {
  const { log } = f;
  decodeLog.warn(
    { block: log.block.height, tx: log.txHash, logIndex: log.logIndex, address: log.address, contract: f.family, topic0: f.topic0, error: f.error },
    'undecodable log',
  );
  b.insert(new M.DecodeFailure({
    id: log.id, blockNumber: log.block.height, blockHash: log.block.hash, timestamp: new Date(log.block.timestamp),
    txHash: log.txHash, logIndex: log.logIndex, address: log.address, contract: f.family, topic0: f.topic0 ?? null,
    data: f.data, error: f.error,
  }));
}

/** Names what an item needs loaded. */
function wantItem(b: Batch, item: Item): void {
  if ('failure' in item) {
    b.contracts.want(item.failure.log.address);
    return;
  }
  const { event, kind } = item;
  b.contracts.want(event.log.address);
  b.eventCounts.want(kind.countId);
  for (const h of kind.handlers) h.load?.(event, b);
}

/** Applies an item: its failure row, or its count and either its handlers or, when a check rejects it, its quarantine. */
function applyItem(b: Batch, item: Item): void {
  if ('failure' in item) {
    recordFailure(b, item.failure);
    return;
  }
  const { event, kind } = item;
  countEvent(b, kind, event.log.address, event.log.block.height);
  for (const h of kind.handlers) {
    const rejected = h.check?.(event, b);
    if (rejected !== undefined) {
      quarantine(b, event, rejected);
      return;
    }
  }
  for (const h of kind.handlers) h.handle(event, b);
}

/** Rounds of view calls: the second may ask what the first's answers show is needed. */
const VIEW_ROUNDS = 2;

/**
 * The view calls the batch's events need, one JSON-RPC batch per round (a round asks only what is
 * not answered yet; most batches need one round or none); then the loads they show are needed.
 */
async function readViews(b: Batch, perBlock: { items: Item[] }[], caller: ViewCaller | undefined): Promise<number> {
  let sent = 0;
  const reading: { event: DecodedEvent; handlers: Handler[] }[] = [];
  for (const { items } of perBlock) {
    for (const item of items) {
      if ('failure' in item) continue;
      const handlers = item.kind.handlers.filter((h) => h.read);
      if (handlers.length > 0) reading.push({ event: item.event, handlers });
    }
  }
  if (reading.length === 0) return 0;
  for (let round = 0; round < VIEW_ROUNDS; round++) {
    for (const { event, handlers } of reading) for (const h of handlers) h.read!(event, b);
    if (b.views.pending === 0) break;
    sent += await b.views.fetch(caller);
  }
  for (const { event, handlers } of reading) for (const h of handlers) h.load?.(event, b);
  return sent;
}

const ITEM_OPS: ItemOps<Item> = {
  want: wantItem,
  apply: applyItem,
  quarantine(b, item, reason) {
    if ('failure' in item) throw new Error(`a decode failure cannot fail to be written: ${reason}`);
    countEvent(b, item.kind, item.event.log.address, item.event.log.block.height);
    quarantine(b, item.event, reason);
  },
  unit: (item) => ('failure' in item ? `failure:${item.failure.log.id}` : item.event.log.txHash),
};

export interface HandlerOptions {
  /** the catch-up's index deferral (default: DEFER_INDEXES in the state schema `squid_processor`, built in-transaction) */
  indexes?: IndexDeferral;
  /** the processor's state schema, where the chain head it saw is kept (default `squid_processor`) */
  stateSchema?: string;
}

/** The default index deferral of a network's processor. */
export function indexDeferral(network: NetworkConfig, options: Partial<DeferralOptions> = {}): IndexDeferral {
  return new IndexDeferral({
    stateSchema: DEFAULT_STATE_SCHEMA,
    mode: deferIndexesMode(),
    startBlock: startBlockOf(network),
    ...(network.to === undefined ? {} : { lastBlock: network.to }),
    ...options,
  });
}

export function createBatchHandler(network: NetworkConfig, options: HandlerOptions = {}) {
  const decoder = new Decoder(network.contracts);
  const indexes = options.indexes ?? indexDeferral(network);
  const kindOf = eventKinds(handlerRegistry());
  const progress = new Progress();
  const stateSchema = options.stateSchema ?? DEFAULT_STATE_SCHEMA;

  return async function handleBatch(ctx: BatchInput): Promise<void> {
    const started = performance.now();
    const b = new Batch();
    const perBlock: { ref: BlockRef; items: Item[] }[] = [];
    let events = 0;
    let failures = 0;
    for (const block of ctx.blocks) {
      const { height, hash, timestamp, parentHash } = block.header;
      const ref: BlockRef = parentHash === undefined ? { height, hash, timestamp } : { height, hash, timestamp, parentHash };
      const items: Item[] = [];
      for (const raw of block.logs) {
        const decoded = decoder.decode(raw, ref);
        if (!decoded) continue;
        let item: Item;
        if (isFailure(decoded)) {
          failures += 1;
          item = { failure: decoded };
        } else {
          events += 1;
          item = { event: decoded, kind: kindOf(decoded.family, decoded.name) };
        }
        wantItem(b, item);
        items.push(item);
      }
      perBlock.push({ ref, items });
    }

    const viewCalls = await readViews(b, perBlock, ctx.views);
    const first = ctx.blocks[0]?.header.height ?? 0;
    const last = ctx.blocks.at(-1)?.header.height ?? first;
    const head = await progress.chainHead(last, ctx.fetchHead);
    const decoded = performance.now();
    // pipelined catch-up: the store exists once the previous batch has committed
    const store = await storeOf(ctx.store);
    const ready = performance.now();
    await b.load(store);
    const loaded = performance.now();
    // a handler that throws leaves the batch's state half-changed: the batch is written in parts
    let failed: string | undefined;
    try {
      for (const { ref, items } of perBlock) {
        for (const item of items) applyItem(b, item);
        b.endBlock(ref.height);
      }
    } catch (err) {
      failed = `handler error: ${describeError(err)}`;
    }
    const handled = performance.now();
    startWriting(ctx.store);
    const hooks = indexes.hooks({ from: first, to: last, isHead: ctx.isHead, fetchHead: ctx.fetchHead });
    let written = new Map<string, number>();
    // a savepoint around the batch's writes, so that a failed write can be undone alone
    failed ??= await underSavepoint(storeAccess(store), BATCH_SAVEPOINT, async () => {
      written = await b.flush(store, hooks);
    });
    if (failed !== undefined) {
      indexes.discardStaged(storeAccess(store).em);
      writeLog.warn({ from: first, to: last, error: failed }, 'batch write failed on its data: writing it in parts');
      const ops: ItemOps<Item> = { ...ITEM_OPS, batch: () => new Batch(b.views) };
      written = await writeInParts(store, perBlock.map(({ ref, items }) => ({ height: ref.height, items })), ops, hooks);
    }
    // the batch's notice (its range, the head seen before its transaction) and the head's row, delivered when it commits
    await notifyBatch(storeAccess(store).em, stateSchema, head === undefined ? { from: first, to: last } : { from: first, to: last, head });
    const flushed = performance.now();

    progress.report({
      from: first,
      to: last,
      blocks: ctx.blocks.length,
      events,
      decodeFailures: failures,
      viewCalls,
      rows: [...written.values()].reduce((x, y) => x + y, 0),
      ms: Math.round(flushed - started),
      phases: {
        decode: Math.round(decoded - started),
        wait: Math.round(ready - decoded),
        load: Math.round(loaded - ready),
        handle: Math.round(handled - loaded),
        write: Math.round(flushed - handled),
      },
      isHead: ctx.isHead,
    }, ctx.fetchHead);
  };
}

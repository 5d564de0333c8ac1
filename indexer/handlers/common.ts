// Helpers the handler modules share: log fields of record rows, accounts, event scratch space.
import { createLogger } from '@subsquid/logger';
import * as M from '../../db/model/index.ts';
import type { Batch } from '../batch/context.ts';
import type { EntityMap } from '../batch/entityMap.ts';
import type { WithId } from '../batch/withId.ts';
import type { BlockRef, LogMeta } from '../decode.ts';
import type { Rejection } from './types.ts';

/** The block's time as a Date, one per block (rows share it; nothing mutates it). */
export function blockDate(log: LogMeta): Date {
  const block = log.block as BlockRef & { date?: Date };
  return (block.date ??= new Date(block.timestamp));
}

/** The fields every one-log row carries. */
interface LogRow {
  id: string;
  blockNumber: number;
  timestamp: Date;
  txHash: string;
  logIndex: number;
}

/**
 * Sets the fields every one-log row carries (and its id, unless the row has its own). Assigned after
 * construction: `new M.X({ ...fields, more })` is an order of magnitude slower (V8's object spread).
 */
export function withLog<E extends LogRow>(row: E, log: LogMeta): E {
  if (row.id === undefined) row.id = log.id;
  row.blockNumber = log.block.height;
  row.timestamp = blockDate(log);
  row.txHash = log.txHash;
  row.logIndex = log.logIndex;
  return row;
}

/** The account of `address` (created with zeros on first sight), marked changed. */
export function account(b: Batch, address: string, log: LogMeta): M.Account {
  const a = b.accounts.upsert(address, () =>
    new M.Account({
      id: address,
      openBalance: 0n,
      wopenBalance: 0n,
      gopenBalance: 0n,
      votingPower: 0n,
      delegate: null,
      creditBalance: 0n,
      creditsPurchased: 0n,
      rewardsEarned: 0n,
      rewardsClaimed: 0n,
      firstSeenBlock: log.block.height,
      updatedAtBlock: log.block.height,
    }),
  );
  a.updatedAtBlock = log.block.height;
  return a;
}

export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';

/** Per-transaction scratch: values one event leaves for a later event of the same transaction. */
export function scratchKey(kind: string, log: LogMeta, key: string | bigint = ''): string {
  return `${kind}:${log.txHash}:${String(key)}`;
}

/** Arguments as JSON (BigInt as decimal strings) for ParameterChange rows. */
export function argsJson(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, jsonValue(v)]));
}

function jsonValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(jsonValue);
  return v;
}

export const handlerLog = createLogger('sqd:processor:handlers');

/** Why an event that needs row `id` of `map` cannot be stored (undefined when the row exists). */
export function needs(map: EntityMap<any>, id: bigint | string | undefined | null): Rejection {
  if (id === undefined || id === null) return `${map.cls.name}: no id`;
  return map.get(id.toString()) ? undefined : `${map.cls.name} ${id.toString()} does not exist`;
}

/** Why an event that creates row `id` of `map` cannot be stored (undefined when the id is new). */
export function fresh(map: EntityMap<any>, id: bigint | string): Rejection {
  return map.get(id.toString()) ? `${map.cls.name} ${id.toString()} exists already` : undefined;
}

/** Why a list of ids cannot be stored: one of them twice. */
export function repeated(ids: readonly bigint[], what: string): Rejection {
  if (ids.length <= 8) {
    // the usual few: pairwise, without a Set per event
    for (let i = 1; i < ids.length; i++) for (let j = 0; j < i; j++) if (ids[i] === ids[j]) return `${what} ${ids[i]} is listed twice`;
    return undefined;
  }
  const seen = new Set<bigint>();
  for (const id of ids) {
    if (seen.has(id)) return `${what} ${id} is listed twice`;
    seen.add(id);
  }
  return undefined;
}

/** The first rejection of several (checks in order, each run only while none has rejected). */
export function firstRejection(...checks: (() => Rejection)[]): Rejection {
  for (const c of checks) {
    const r = c();
    if (r !== undefined) return r;
  }
  return undefined;
}

/** A warning for an event that points at a row the database does not have (e.g. a late start block). */
export function missing(what: string, id: string, at: LogMeta): void {
  handlerLog.warn({ what, id, block: at.block.height, tx: at.txHash, logIndex: at.logIndex }, 'event refers to an unknown row');
}

/** The entity `id` of `map` marked changed, or undefined with a warning when it is unknown. */
export function existing<E extends WithId>(map: EntityMap<E>, id: bigint | string, at: LogMeta): E | undefined {
  const e = map.update(id.toString());
  if (!e) missing(map.cls.name, id.toString(), at);
  return e;
}

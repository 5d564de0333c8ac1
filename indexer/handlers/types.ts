// Ponder-style handlers: one small definition per `Family:Event`. `load` names the rows the event
// needs (collected for the whole batch and read in bulk); `handle` applies the event to the batch's
// in-memory state, synchronously, in log order.
import type { AbiEvent, EventParams } from '@subsquid/evm-abi';
import type { Batch } from '../batch/context.ts';
import type { DecodedEvent, LogMeta } from '../decode.ts';
import type { EventName, Family, FamilyEvents } from '../families.ts';

export type Args<F extends Family, E extends EventName<F>> =
  FamilyEvents<F>[E] extends AbiEvent<any> ? EventParams<FamilyEvents<F>[E]> : never;

export interface Ev<A> {
  family: Family;
  name: string;
  args: A;
  log: LogMeta;
}

export interface HandlerDef<A> {
  load?(e: Ev<A>, b: Batch): void;
  handle(e: Ev<A>, b: Batch): void;
}

export interface Handler {
  family: Family;
  event: string;
  load?(e: DecodedEvent, b: Batch): void;
  handle(e: DecodedEvent, b: Batch): void;
}

/** Registers the handler of one event of one family, typed by the family's ABI. */
export function on<F extends Family, E extends EventName<F>>(family: F, event: E, def: HandlerDef<Args<F, E>>): Handler {
  return { family, event, ...(def as unknown as Pick<Handler, 'load' | 'handle'>) };
}

/** The same handler for an event several families share (RoleGranted, TreasurySet, ...). */
export function onEach(families: readonly Family[], event: string, def: HandlerDef<Record<string, any>>): Handler[] {
  return families.map((family) => ({ family, event, ...(def as unknown as Pick<Handler, 'load' | 'handle'>) }));
}

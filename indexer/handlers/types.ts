// Ponder-style handlers: one small definition per `Family:Event`. `load` names the rows the event
// needs (collected for the whole batch and read in bulk); `check` says why the log cannot be stored
// (a row it refers to does not exist, a duplicate id, lists of different lengths), before any
// handler of the event changes anything: such a log is quarantined (a QuarantinedLog row) and the
// batch goes on; `handle` applies the event to the batch's in-memory state, synchronously, in log
// order, and may rely on what `check` verified. `read` (before `load`) names the view calls (eth_call at
// the event's block) the event needs, for contracts whose events leave state out (batch/viewCalls.ts):
// it runs in two rounds, the second seeing the first round's answers; `load` runs again after them.
import type { AbiEvent, EventParams } from '@subsquid/evm-abi';
import type { Batch } from '../batch/context.ts';
import type { DecodedEvent, LogMeta, RawLog } from '../decode.ts';
import type { EventName, Family, FamilyEvents } from '../families.ts';

export type Args<F extends Family, E extends EventName<F>> =
  FamilyEvents<F>[E] extends AbiEvent<any> ? EventParams<FamilyEvents<F>[E]> : never;

export interface Ev<A> {
  family: Family;
  name: string;
  args: A;
  log: LogMeta;
  raw: RawLog;
}

/** Why a log cannot be stored, or undefined when it can. */
export type Rejection = string | undefined;

export interface HandlerDef<A> {
  read?(e: Ev<A>, b: Batch): void;
  load?(e: Ev<A>, b: Batch): void;
  check?(e: Ev<A>, b: Batch): Rejection;
  handle(e: Ev<A>, b: Batch): void;
}

export interface Handler {
  family: Family;
  event: string;
  read?(e: DecodedEvent, b: Batch): void;
  load?(e: DecodedEvent, b: Batch): void;
  check?(e: DecodedEvent, b: Batch): Rejection;
  handle(e: DecodedEvent, b: Batch): void;
}

/** Registers the handler of one event of one family, typed by the family's ABI. */
export function on<F extends Family, E extends EventName<F>>(family: F, event: E, def: HandlerDef<Args<F, E>>): Handler {
  return { family, event, ...(def as unknown as Pick<Handler, 'read' | 'load' | 'check' | 'handle'>) };
}

/** The same handler for an event several families share (RoleGranted, TreasurySet, ...). */
export function onEach(families: readonly Family[], event: string, def: HandlerDef<Record<string, any>>): Handler[] {
  return families.map((family) => ({ family, event, ...(def as unknown as Pick<Handler, 'read' | 'load' | 'check' | 'handle'>) }));
}

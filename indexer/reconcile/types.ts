// What reconciliation compares: expectations (an indexed value and the view call that should
// return it at the indexed height) and the mismatches found.
import type { ContractName } from '../../contracts/artifacts.ts';

/** One view function call: contract, address, function and arguments (viem-encoded). */
export interface ViewCall {
  contract: ContractName;
  address: string;
  fn: string;
  args: readonly unknown[];
}

/** An indexed field and how the chain says it should be. */
export interface Expectation {
  /** entity (table) name, e.g. "Account" */
  entity: string;
  id: string;
  field: string;
  indexed: unknown;
  call: ViewCall;
  /** the field's value out of the decoded result (default: the result itself) */
  pick?: (result: any) => unknown;
}

export interface Mismatch {
  entity: string;
  id: string;
  field: string;
  indexed: string;
  chain: string;
}

/** What a check module gets: the database snapshot and the watched contracts. */
export interface CheckContext {
  /** rows of `sql` in the reconciliation's snapshot */
  rows<T = Record<string, any>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** the address of the contract of `family`, if the network watches it */
  address(family: ContractName): string | undefined;
}

/** A family of checks: the expectations for every row it covers; `objects` counts the rows. */
export type Check = (ctx: CheckContext) => Promise<{ objects: number; expectations: Expectation[] }>;

/** Values as the comparison sees them: decimal integers, lowercase hex, 'null'. */
export function show(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return /^0x[0-9a-fA-F]*$/.test(v) ? v.toLowerCase() : v;
  if (Array.isArray(v)) return `[${v.map(show).join(',')}]`;
  return JSON.stringify(v);
}

/** Expectations of one row against one call: `field(name, indexed, pick)` for each compared field. */
export function against(entity: string, id: string, call: ViewCall) {
  return (field: string, indexed: unknown, pick?: (result: any) => unknown): Expectation => ({
    entity, id, field, indexed, call, ...(pick ? { pick } : {}),
  });
}

/** A row count against a counter view function (ids start at 1 and count up). */
export function countOf(contract: ContractName, address: string, fn: string, entity: string, rows: number): Expectation {
  return { entity: 'Count', id: `${contract}.${fn}`, field: entity, indexed: rows, call: { contract, address, fn, args: [] } };
}

export { ZERO_ADDRESS } from '../handlers/common.ts';
export const unixSeconds = (d: Date | string) => Math.floor(new Date(d).getTime() / 1000);

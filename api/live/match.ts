// In-memory filters of subscriptions: `<field>_eq` and `<field>_in` on a row's values, compared as
// text (ids are decimal text; addresses arrive lowercased by the Address scalar, as rows hold them).
import { GraphQLError } from 'graphql';
import { MAX_IN_VALUES } from '../sql/where.ts';

export type LiveWhere = Record<string, string | readonly string[] | null | undefined>;

/** Checks a subscription's `where` once, when it subscribes: a clear error for an oversized `_in`. */
export function checkWhere(arg: string, where: LiveWhere | null | undefined): void {
  for (const [key, value] of Object.entries(where ?? {})) {
    if (Array.isArray(value) && value.length > MAX_IN_VALUES) {
      throw new GraphQLError(`${arg}.${key}: expected at most ${MAX_IN_VALUES} values, got ${value.length}`);
    }
  }
}

/** Whether `row` meets every condition of `where` (a null condition is no condition). */
export function matches(row: Record<string, unknown>, where: LiveWhere | null | undefined): boolean {
  for (const [key, want] of Object.entries(where ?? {})) {
    if (want === null || want === undefined) continue;
    const m = /^(.+)_(eq|in)$/.exec(key);
    if (!m) throw new Error(`live filter: unknown condition ${key}`);
    const value = row[m[1]!];
    const have = value === null || value === undefined ? null : String(value);
    if (m[2] === 'eq' ? have !== want : have === null || !(want as readonly string[]).includes(have)) return false;
  }
  return true;
}

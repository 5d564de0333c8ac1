// Text a user chose (a name, a URI, a description, a vote reason), stored losslessly and safely:
// the text column gets what Postgres can hold (db/safeText.ts: U+0000 as U+FFFD; bytes that are
// not UTF-8 were already decoded as U+FFFD), and when that differs from the bytes the event
// carried, the field's `...Raw` column gets those bytes as 0x-hex (null otherwise), so a user can
// always get back exactly what was sent (docs/indexer.md, Hostile data).
import { isSafeText, REPLACEMENT, safeText } from '../../db/safeText.ts';
import type { RawLog } from '../decode.ts';
import { eventsOf, type Family } from '../families.ts';
import { stringBytes } from '../rawStrings.ts';

/** What userText needs of an event. */
interface EventSource {
  family: Family;
  name: string;
  args: unknown;
  raw: RawLog;
}

export interface UserText {
  text: string;
  /** the exact bytes (0x-hex) when `text` is not them, else null */
  raw: string | null;
}

/** Whether decoding may have altered `s` or Postgres cannot hold it. */
const suspect = (s: string) => s.includes(REPLACEMENT) || !isSafeText(s);

const utf8Hex = (s: string) => `0x${Buffer.from(s, 'utf8').toString('hex')}`;

function exact(text: string, bytes: string): UserText {
  return { text, raw: utf8Hex(text) === bytes ? null : bytes };
}

function bytesOf(e: EventSource, field: string): string | string[] {
  const event = eventsOf(e.family)[e.name];
  if (!event) throw new Error(`userText: family ${e.family} has no event ${e.name}`);
  const bytes = stringBytes(event, e.raw)[field];
  if (bytes === undefined) throw new Error(`userText: ${e.family}.${e.name} has no string argument ${field}`);
  return bytes;
}

/** The string argument `field` of `e` as stored text and, when altered, its exact bytes. */
export function userText(e: EventSource, field: string): UserText {
  const s = (e.args as Record<string, string>)[field]!;
  if (!suspect(s)) return { text: s, raw: null };
  return exact(safeText(s), bytesOf(e, field) as string);
}

/** The string[] argument `field` of `e`: the stored texts and, when one was altered, every element's bytes. */
export function userTexts(e: EventSource, field: string): { texts: string[]; raw: string[] | null } {
  const list = (e.args as Record<string, string[]>)[field]!;
  if (!list.some(suspect)) return { texts: list, raw: null };
  const bytes = bytesOf(e, field) as string[];
  const parts = list.map((s, i) => exact(safeText(s), bytes[i]!));
  return { texts: parts.map((x) => x.text), raw: parts.some((x) => x.raw !== null) ? bytes : null };
}

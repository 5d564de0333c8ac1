// Formatting of the API's values for people: OPEN amounts (wei, 18 decimals) as OPEN, ppb shares
// as percentages, influence (summed ppb) as whole inferences' worth, times in UTC.
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

export const isAddress = (s: string): boolean => ADDRESS.test(s);

/** Why `s` is not an address, in words, or undefined when it is one. */
export function addressProblem(s: string): string | undefined {
  if (isAddress(s)) return undefined;
  const shown = s.length > 60 ? `${s.slice(0, 60)}…` : s;
  if (s === '') return 'Nothing was entered: paste an address, 0x followed by 40 hex digits.';
  if (!s.startsWith('0x')) return `“${shown}” is not an address: an address starts with 0x, followed by 40 hex digits.`;
  const digits = s.slice(2);
  if (/[^0-9a-fA-F]/.test(digits)) return `“${shown}” is not an address: it has characters that are not hex digits (0-9, a-f).`;
  return `“${shown}” is not an address: expected 40 hex digits after 0x, got ${digits.length}.`;
}

const WEI = 10n ** 18n;

/** wei (decimal string) to OPEN with at most `digits` decimals, trailing zeros dropped. */
export function formatOpen(wei: string | bigint, digits = 4): string {
  const v = BigInt(wei);
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const whole = abs / WEI;
  const frac = (abs % WEI).toString().padStart(18, '0').slice(0, digits).replace(/0+$/, '');
  const tiny = whole === 0n && frac === '' && abs > 0n;
  const text = `${whole.toLocaleString('en-US')}${frac ? `.${frac}` : ''}`;
  return `${neg ? '-' : ''}${tiny ? '<0.' + '0'.repeat(digits - 1) + '1' : text} OPEN`;
}

/** wei to a float number of OPEN (for charts). */
export const openNumber = (wei: string | bigint): number => Number(BigInt(wei) / 10n ** 9n) / 1e9;

/** A share in parts per billion as a percentage. */
export const formatShare = (ppb: string | bigint): string => `${(Number(BigInt(ppb)) / 1e7).toFixed(Number(BigInt(ppb)) % 10_000_000 === 0 ? 0 : 2)}%`;

/** Influence (shares summed, ppb) as a number of whole inferences' worth. */
export const influenceNumber = (ppb: string | bigint): number => Number(BigInt(ppb)) / 1e9;
export const formatInfluence = (ppb: string | bigint): string => influenceNumber(ppb).toLocaleString('en-US', { maximumFractionDigits: 3 });

/** An ISO time as `2026-11-27 07:35 UTC`. */
export const formatTime = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

export const shortHex = (hex: string): string => (hex.length > 14 ? `${hex.slice(0, 8)}…${hex.slice(-4)}` : hex);

export const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

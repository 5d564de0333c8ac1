// A non-negative integer from the environment, with an error naming the variable and what it held.

/**
 * `env[key]` as a non-negative safe integer (within `range` when given); undefined when unset or
 * empty.
 */
export function envInt(env: NodeJS.ProcessEnv, key: string, range?: { min: number; max: number }): number | undefined {
  const raw = env[key];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${key}: expected a non-negative integer, got ${raw}`);
  if (range && (n < range.min || n > range.max)) throw new Error(`${key}: expected an integer from ${range.min} to ${range.max}, got ${raw}`);
  return n;
}

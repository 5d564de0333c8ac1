// A non-negative integer from the environment, with an error naming the variable and what it held.

/** `env[key]` as a non-negative safe integer; undefined when unset or empty. */
export function envInt(env: NodeJS.ProcessEnv, key: string): number | undefined {
  const raw = env[key];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${key}: expected a non-negative integer, got ${raw}`);
  return n;
}

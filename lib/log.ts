/** Structured logs: one JSON object per line on stderr, so stdout stays for results. */
export type LogFields = Record<string, unknown>;

function logLine(component: string, msg: string, fields: LogFields = {}, level: 'info' | 'warn' | 'error' = 'info'): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, component, msg, ...fields }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  process.stderr.write(`${line}\n`);
}

export function logger(component: string) {
  return {
    info: (msg: string, fields?: LogFields) => logLine(component, msg, fields, 'info'),
    warn: (msg: string, fields?: LogFields) => logLine(component, msg, fields, 'warn'),
    error: (msg: string, fields?: LogFields) => logLine(component, msg, fields, 'error'),
  };
}

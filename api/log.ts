// Structured logs: one JSON object per line on stdout ({time, level, msg, ...fields}).
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Log {
  (level: LogLevel, msg: string, fields?: Record<string, unknown>): void;
}

export const jsonLog: Log = (level, msg, fields = {}) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
};

export const silentLog: Log = () => {};

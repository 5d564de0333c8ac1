/**
 * A program's last word on an error nothing caught: one structured log line, then exit — 0 when the
 * program was already stopping on a signal (work cut short by the stop, such as a request to an
 * anvil or a Postgres that is going away), 1 otherwise. Registered first, before a library adds
 * its own (TensorFlow.js's wasm backend rethrows from its handlers, which would end the process
 * with a bare stack instead of a log line).
 */
import type { logger } from './log.ts';

export function exitOnUnhandled(log: ReturnType<typeof logger>, stopping: () => boolean): void {
  const last = (kind: string) => (e: unknown) => {
    const error = e instanceof Error ? e.message : String(e);
    if (stopping()) {
      log.warn(`${kind} while stopping`, { error });
      process.exit(0);
    }
    log.error(kind, { error });
    process.exit(1);
  };
  process.on('unhandledRejection', last('unhandled rejection'));
  process.on('uncaughtException', last('uncaught exception'));
}

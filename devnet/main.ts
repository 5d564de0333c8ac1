/**
 * `npm run devnet -- [--seed N] [--once] [--scale N] ...`: anvil, the content
 * store, every contract, and the activity simulator. With `--once` the
 * scenario runs to completion, its summary is printed as the last line (JSON),
 * and everything stops; otherwise activity goes on until Ctrl-C.
 */
import { runOnce, produce, startDevnet, type RunningDevnet } from './devnet.ts';
import { exitOnUnhandled } from '../lib/exitOnUnhandled.ts';
import { logger } from '../lib/log.ts';
import { OptionError, parseOptions } from './options.ts';

const log = logger('devnet');
/** Set once a signal asked to stop: work cut short by it is not a failure. */
let stopping: AbortSignal | undefined;

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const abort = new AbortController();
  let devnet: RunningDevnet | undefined;
  const shutdown = async (signal: string) => {
    if (abort.signal.aborted) return;
    abort.abort();
    log.info('stopping', { signal });
    await devnet?.stop().catch((e: Error) => log.warn('stopping the devnet', { error: e.message }));
    process.exit(0);
  };
  stopping = abort.signal;
  exitOnUnhandled(log, () => abort.signal.aborted);
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  devnet = await startDevnet(options);
  if (abort.signal.aborted) return 0;
  try {
    const summary = await runOnce(devnet);
    if (options.once) {
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      return 0;
    }
    log.info('scenario done; producing until Ctrl-C', { events: summary.totalEvents });
    await produce(devnet, abort.signal);
    return 0;
  } finally {
    if (!abort.signal.aborted) await devnet.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    // Stopping kills anvil under the scenario's feet; the signal handler exits when it is done.
    if (stopping?.aborted) return;
    if (e instanceof OptionError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    log.error('devnet failed', { error: e.message });
    process.exit(1);
  },
);

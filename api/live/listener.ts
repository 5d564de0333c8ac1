// The API process's one LISTEN connection (a login of the read-only role may LISTEN): it hears the
// indexer's batch notices on BATCH_CHANNEL and hands each valid one on. When the connection drops
// it reconnects with a doubling delay (RECONNECT_MIN_MS up to RECONNECT_MAX_MS) and says so in the
// structured log; notices sent meanwhile are lost, and the fan-out covers the gap at the next one
// (fanout.ts). A notice that is not of the expected shape is ignored and logged (its size and
// sender's backend pid only, never its text).
import pg from 'pg';
import { BATCH_CHANNEL, parseBatchNotice, type BatchNotice } from '../../lib/batchNotice.ts';
import type { Log } from '../log.ts';

export const RECONNECT_MIN_MS = 250;
export const RECONNECT_MAX_MS = 30_000;

export interface BatchListener {
  /** resolves once the first LISTEN is in place (or the first attempt failed: it keeps trying) */
  readonly started: Promise<void>;
  /** whether the LISTEN connection is up */
  readonly connected: boolean;
  close(): Promise<void>;
}

export interface ListenerHooks {
  onNotice(notice: BatchNotice): void;
  /** a notice that was not of the expected shape */
  onIgnored?(reason: string): void;
}

export function listenForBatches(config: pg.ClientConfig, hooks: ListenerHooks, log: Log): BatchListener {
  let client: pg.Client | undefined;
  let closed = false;
  let connected = false;
  let delay = RECONNECT_MIN_MS;
  let attempt = 0;
  let connections = 0;
  let timer: NodeJS.Timeout | undefined;
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));

  const retry = (reason: string) => {
    if (closed || timer) return;
    connected = false;
    log('warn', 'live listener disconnected, reconnecting', { channel: BATCH_CHANNEL, error: reason, retryInMs: delay, attempt: attempt + 1 });
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
    delay = Math.min(delay * 2, RECONNECT_MAX_MS);
  };

  const connect = async () => {
    attempt += 1;
    // a pool's options hold the password as a non-enumerable property: named here, not spread
    const c = new pg.Client({ ...config, password: config.password, keepAlive: true, application_name: 'openledger-api-listen' });
    client = c;
    let failed = false;
    const fail = (err: Error | undefined) => {
      if (failed || client !== c) return;
      failed = true;
      c.removeAllListeners('notification');
      c.end().catch(() => {});
      retry(err?.message ?? 'the connection ended');
    };
    c.on('error', fail);
    c.on('end', () => fail(undefined));
    c.on('notification', (msg) => {
      if (msg.channel !== BATCH_CHANNEL) return;
      const notice = parseBatchNotice(msg.payload);
      if (typeof notice === 'string') {
        log('warn', 'live listener ignored a notice', { channel: BATCH_CHANNEL, reason: notice, bytes: msg.payload?.length ?? 0, senderPid: msg.processId });
        hooks.onIgnored?.(notice);
        return;
      }
      hooks.onNotice(notice);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${BATCH_CHANNEL}`);
    } catch (err) {
      fail(err as Error);
      markStarted();
      return;
    }
    if (closed) {
      await c.end().catch(() => {});
      return;
    }
    connected = true;
    connections += 1;
    log('info', connections > 1 ? 'live listener reconnected' : 'live listener connected', { channel: BATCH_CHANNEL, attempt });
    attempt = 0;
    delay = RECONNECT_MIN_MS;
    markStarted();
  };

  void connect();
  return {
    started,
    get connected() {
      return connected;
    },
    async close() {
      closed = true;
      connected = false;
      if (timer) clearTimeout(timer);
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    },
  };
}

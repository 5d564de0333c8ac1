// One structured log line per batch: the blocks and events it covered, rows written, time taken,
// rates, and how far the indexed height is behind the chain head.
import { createLogger, type Logger } from '@subsquid/logger';

export interface BatchStats {
  from: number;
  to: number;
  blocks: number;
  events: number;
  decodeFailures: number;
  /** view calls sent (eth_call, see batch/viewCalls.ts) */
  viewCalls?: number;
  rows: number;
  ms: number;
  /** milliseconds per phase: decoding, waiting for the previous batch's commit, bulk reads, handlers, writes */
  phases?: { decode: number; wait: number; load: number; handle: number; write: number };
  isHead: boolean;
}

export class Progress {
  private readonly startedAt = Date.now();
  private events = 0;
  private blocks = 0;
  private head: number | undefined;
  private headAskedAt = 0;

  constructor(private readonly log: Logger = createLogger('sqd:processor:progress')) {}

  /** Asks the chain for its head, at most once a second, without waiting (failures are ignored). */
  private refreshHead(fetchHead?: () => Promise<number>): void {
    if (!fetchHead || Date.now() - this.headAskedAt < 1000) return;
    this.headAskedAt = Date.now();
    fetchHead().then(
      (h) => (this.head = Math.max(h, this.head ?? 0)),
      () => {},
    );
  }

  /**
   * The chain head as far as known (at least `to`): asked and waited for when nothing is known yet,
   * then refreshed at most once a second without waiting. Undefined without `fetchHead` or when the
   * first ask fails.
   */
  async chainHead(to: number, fetchHead?: () => Promise<number>): Promise<number | undefined> {
    if (!fetchHead) return undefined;
    if (this.head === undefined) {
      this.headAskedAt = Date.now();
      this.head = await fetchHead().catch(() => undefined);
    } else {
      this.refreshHead(fetchHead);
    }
    return this.head === undefined ? undefined : Math.max(this.head, to);
  }

  report(s: BatchStats, fetchHead?: () => Promise<number>): void {
    this.refreshHead(fetchHead);
    this.events += s.events;
    this.blocks += s.blocks;
    const seconds = (Date.now() - this.startedAt) / 1000;
    const head = this.head === undefined ? undefined : Math.max(this.head, s.to);
    this.log.info(
      {
        ...s,
        height: s.to,
        head,
        lag: head === undefined ? undefined : head - s.to,
        eventsPerSecond: Math.round(s.events / Math.max(s.ms / 1000, 1e-3)),
        totalEvents: this.events,
        totalBlocks: this.blocks,
        averageEventsPerSecond: Math.round(this.events / Math.max(seconds, 1e-3)),
      },
      'batch',
    );
  }
}

// The fan-out: every batch notice is read ONCE per subscription field that has subscribers (one
// statement: e.g. the inferences of the batch's block range), and the rows are then matched in
// memory against each subscriber's `where`. Notices are handled one at a time, in order. A field
// remembers the last block it covered: a notice that starts past it (notices lost while the
// listener reconnected, or a read that failed) is widened back to it, so no batch is skipped.
import type { BatchNotice } from '../../lib/batchNotice.ts';
import type { Log } from '../log.ts';
import type { Queryable } from '../sql/page.ts';
import { Subscriber } from './subscriber.ts';

/** The most rows one field reads for one notice; the rest are left out (and logged). */
export const MAX_ROWS_PER_NOTICE = 10_000;

/** What a subscription field reads for a block range, in one statement (at most `limit` rows). */
export interface Feed<Row> {
  name: string;
  load(db: Queryable, range: { from: number; to: number }, limit: number): Promise<Row[]>;
}

export interface FanoutMetrics {
  subscribers(field: string, count: number): void;
}

interface Entry<Row> {
  accept: (row: Row) => boolean;
  subscriber: Subscriber<Row>;
}

interface FeedState {
  entries: Set<Entry<any>>;
  coveredTo?: number;
}

export class Fanout {
  private readonly feeds = new Map<Feed<any>, FeedState>();
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly db: Queryable,
    private readonly log: Log,
    private readonly metrics?: FanoutMetrics,
  ) {}

  /** A subscriber of `feed` that gets the rows `accept` takes, from the next batch on. */
  subscribe<Row>(feed: Feed<Row>, accept: (row: Row) => boolean): Subscriber<Row> {
    let state = this.feeds.get(feed);
    if (!state) this.feeds.set(feed, (state = { entries: new Set() }));
    const entries = state.entries;
    const entry: Entry<Row> = {
      accept,
      subscriber: new Subscriber<Row>(() => {
        entries.delete(entry);
        this.metrics?.subscribers(feed.name, entries.size);
      }),
    };
    if (this.closed) entry.subscriber.end();
    else entries.add(entry);
    this.metrics?.subscribers(feed.name, entries.size);
    return entry.subscriber;
  }

  /** Queues the fan-out of a notice (after the ones before it). */
  notify(notice: BatchNotice): Promise<void> {
    this.queue = this.queue.then(() => this.fanOut(notice));
    return this.queue;
  }

  /** Ends every subscription (their waiting events are still delivered). */
  close(): void {
    this.closed = true;
    for (const state of this.feeds.values()) for (const e of [...state.entries]) e.subscriber.end();
  }

  private async fanOut(notice: BatchNotice): Promise<void> {
    if (this.closed) return;
    for (const [feed, state] of this.feeds) {
      const from = state.coveredTo !== undefined && state.coveredTo + 1 < notice.from ? state.coveredTo + 1 : notice.from;
      if (state.entries.size === 0) {
        state.coveredTo = notice.to;
        continue;
      }
      let rows: unknown[];
      try {
        rows = await feed.load(this.db, { from, to: notice.to }, MAX_ROWS_PER_NOTICE + 1);
      } catch (err) {
        // not covered: the next notice widens its range back to here
        this.log('error', 'live fan-out read failed', { field: feed.name, from, to: notice.to, error: (err as Error).message });
        continue;
      }
      if (rows.length > MAX_ROWS_PER_NOTICE) {
        this.log('warn', 'live fan-out: too many rows for one notice, the rest left out', { field: feed.name, from, to: notice.to, limit: MAX_ROWS_PER_NOTICE });
        rows = rows.slice(0, MAX_ROWS_PER_NOTICE);
      }
      state.coveredTo = notice.to;
      for (const entry of [...state.entries]) {
        for (const row of rows) if (entry.accept(row)) entry.subscriber.push(row);
      }
    }
  }
}

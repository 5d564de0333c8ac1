// One subscriber's queue of events: an async iterator graphql-js reads the subscription from. The
// fan-out pushes; a subscriber that lets more than MAX_QUEUED events wait (a client that does not
// read) is ended with an error instead of growing without bound; `return()` (the client went away,
// or yoga ends the stream) unsubscribes.
import { GraphQLError } from 'graphql';

/** Events one subscriber may have waiting before it is dropped. */
export const MAX_QUEUED = 1000;

export class Subscriber<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | undefined;
  private failure: Error | undefined;
  private done = false;

  /** `onClose` runs once, when the subscription ends for any reason. */
  constructor(private readonly onClose: () => void) {}

  get closed(): boolean {
    return this.done;
  }

  push(item: T): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: item, done: false });
    } else if (this.items.length >= MAX_QUEUED) {
      this.failure = new GraphQLError(`subscription: more than ${MAX_QUEUED} events waited to be read; the subscription ended`);
      this.close();
    } else {
      this.items.push(item);
    }
  }

  /** Ends the subscription (the server is stopping): waiting events are still read, then done. */
  end(): void {
    this.close();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift()!, done: false });
    if (this.failure) {
      const failure = this.failure;
      this.failure = undefined;
      return Promise.reject(failure);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.items.length = 0;
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(err: unknown): Promise<IteratorResult<T>> {
    this.return();
    return Promise.reject(err);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private close(): void {
    if (this.done) return;
    this.done = true;
    this.onClose();
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: undefined, done: true });
    }
  }
}

// New inferences as they are indexed, through the API's `newInferences` subscription over
// server-sent events: an EventSource on GET /graphql?query=subscription… (yoga's distinct
// connections mode; `next` events carry `{"data": …}`). The events carry ids; views load what they
// show through queries. When the server has no such subscription, or the stream closes for good,
// the page polls the latest inferences instead (and tries the stream again later), and says so.
import { ENDPOINT, gql } from './graphql.ts';
import { LIVE_INFERENCES, POLL_LATEST } from './queries.ts';
import { schemaInfo } from './schemaInfo.ts';

export interface LiveInference {
  id: string;
  contributionIds: string[];
}

export type LiveState = 'connecting' | 'live' | 'polling';

type Listener = (inferences: LiveInference[]) => void;

const listeners = new Set<Listener>();
let stateListener: ((s: LiveState, detail: string) => void) | undefined;
let started = false;

/** Calls `fn` with each batch of new inferences until the returned function is called. */
export function onNewInferences(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

const seen = new Set<string>();
function emit(batch: LiveInference[]): void {
  const fresh = batch.filter((i) => !seen.has(i.id));
  for (const i of fresh) seen.add(i.id);
  if (fresh.length) for (const fn of listeners) fn(fresh);
}

const POLL_MS = 15_000;
const RETRY_STREAM_MS = 60_000;

/** Starts the live feed once (subscription, else polling); `onState` hears how it goes. */
export function startLive(onState: (s: LiveState, detail: string) => void): void {
  stateListener = onState;
  if (started) return;
  started = true;
  void connect();
}

const setState = (s: LiveState, detail: string) => stateListener?.(s, detail);

async function connect(): Promise<void> {
  setState('connecting', 'connecting to the live feed');
  let available = false;
  try {
    available = (await schemaInfo()).hasSubscription('newInferences');
  } catch {
    return poll('the API did not answer', true);
  }
  if (!available) return poll('the API has no newInferences subscription');
  const source = new EventSource(`${ENDPOINT}?query=${encodeURIComponent(LIVE_INFERENCES)}`);
  source.onopen = () => {
    stopPolling();
    setState('live', 'new inferences arrive as they are indexed');
  };
  source.addEventListener('next', (e) => {
    try {
      const inference = (JSON.parse((e as MessageEvent<string>).data) as { data?: { newInferences?: LiveInference } }).data?.newInferences;
      if (inference?.id) emit([inference]);
    } catch {
      /* not JSON: ignored */
    }
  });
  source.onerror = () => {
    // CONNECTING: the browser reconnects by itself; CLOSED: it gave up (not an event stream)
    if (source.readyState === EventSource.CLOSED) {
      source.close();
      void poll('the live feed closed', true);
    } else setState('connecting', 'the live feed dropped; reconnecting');
  };
}

/**
 * Opens an EventSource on the API's subscription `query` (one root field); calls `onNext` with the
 * field's value of each event. Returns a function that closes it. The browser reconnects a dropped
 * stream by itself.
 */
export function subscribe<T>(query: string, onNext: (value: T) => void): () => void {
  const source = new EventSource(`${ENDPOINT}?query=${encodeURIComponent(query)}`);
  source.addEventListener('next', (e) => {
    try {
      const data = (JSON.parse((e as MessageEvent<string>).data) as { data?: Record<string, T> }).data;
      const value = data ? Object.values(data)[0] : undefined;
      if (value != null) onNext(value);
    } catch {
      /* not JSON: ignored */
    }
  });
  return () => source.close();
}

let lastSeen: number | undefined;
let pollTimer: ReturnType<typeof setInterval> | undefined;

function stopPolling(): void {
  if (pollTimer !== undefined) clearInterval(pollTimer);
  pollTimer = undefined;
}

/** Polls the newest inferences every POLL_MS; with `retry`, tries the stream again after a while. */
async function poll(reason: string, retry = false): Promise<void> {
  setState('polling', `${reason}; checking for new inferences every ${POLL_MS / 1000} s`);
  if (retry) setTimeout(() => void connect(), RETRY_STREAM_MS);
  if (pollTimer !== undefined) return;
  const tick = async () => {
    try {
      const d = await gql<{ inferences: { nodes: (LiveInference & { blockNumber: number })[] } }>(
        POLL_LATEST,
      );
      const nodes = d.inferences.nodes;
      if (lastSeen !== undefined) emit(nodes.filter((n) => n.blockNumber > lastSeen!));
      else for (const n of nodes) seen.add(n.id);
      lastSeen = Math.max(lastSeen ?? 0, ...nodes.map((n) => n.blockNumber));
    } catch {
      /* the views show the API's errors themselves */
    }
  };
  pollTimer = setInterval(() => void tick(), POLL_MS);
  await tick();
}

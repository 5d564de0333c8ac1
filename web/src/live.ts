// New inferences as they are indexed, through the API's `newInferences` subscription over
// server-sent events (GraphQL over SSE, distinct connections: a POST of the subscription with
// `accept: text/event-stream`, answered by `next` events). When the server has no such
// subscription, or the stream breaks, the page polls the latest inferences instead, and says so.
import { ENDPOINT, gql } from './graphql.ts';
import { schemaInfo, unwrap } from './schemaInfo.ts';

/** The inference fields the page shows, as far as the subscription's type has them. */
export interface LiveInference {
  id: string;
  timestamp?: string;
  fee?: string;
  user?: string;
  model?: { id: string; name: string };
  contributionIds?: string[];
}

export type LiveState = 'connecting' | 'live' | 'polling' | 'off';

type Listener = (inferences: LiveInference[]) => void;

const listeners = new Set<Listener>();
let stateListener: ((s: LiveState, detail: string) => void) | undefined;
let started = false;

/** Calls `fn` with each batch of new inferences until the returned function is called. */
export function onNewInferences(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

const emit = (batch: LiveInference[]) => {
  if (batch.length) for (const fn of listeners) fn(batch);
};

const WANTED = ['id', 'timestamp', 'fee', 'user', 'contributionIds'];
const POLL_MS = 15_000;

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
  let selection: string | undefined;
  let field = 'newInferences';
  try {
    const info = await schemaInfo();
    const sub = info.subscription(field);
    if (sub) {
      const type = unwrap(sub.type).name ?? '';
      const fields = await info.fieldsOf(type);
      const names = new Set(fields.map((f) => f.name));
      const model = fields.find((f) => f.name === 'model' && f.kind === 'OBJECT');
      selection = [...WANTED.filter((n) => names.has(n)), model ? 'model { id name }' : ''].filter(Boolean).join(' ');
      if (!names.has('id')) selection = undefined;
    }
  } catch {
    selection = undefined;
  }
  if (!selection) return poll('the API has no newInferences subscription');
  await stream(`subscription PageLive { ${field} { ${selection} } }`);
}

/** Reads the subscription's event stream; on any end, falls back to polling (which retries the stream). */
async function stream(query: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify({ query }) });
  } catch {
    return poll('the live feed is not reachable');
  }
  if (!res.ok || !res.body || !(res.headers.get('content-type') ?? '').includes('text/event-stream')) return poll(`the live feed answered HTTP ${res.status}`);
  setState('live', 'new inferences arrive as they are indexed');
  stopPolling();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        handleEvent(block);
      }
    }
  } catch {
    /* the connection broke */
  }
  return poll('the live feed closed', true);
}

function handleEvent(block: string): void {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  if (event !== 'next' || !data.length) return;
  try {
    const payload = JSON.parse(data.join('\n')) as { data?: Record<string, LiveInference | LiveInference[] | null> };
    const value = payload.data ? Object.values(payload.data)[0] : null;
    emit(value == null ? [] : Array.isArray(value) ? value : [value]);
  } catch {
    /* not JSON: ignored */
  }
}

let lastSeen: number | undefined;
let polling = false;
let pollTimer: ReturnType<typeof setInterval> | undefined;

function stopPolling(): void {
  if (pollTimer !== undefined) clearInterval(pollTimer);
  pollTimer = undefined;
  polling = false;
}

/** Polls the newest inferences every POLL_MS; with `retry`, tries the stream again after a while. */
async function poll(reason: string, retry = false): Promise<void> {
  setState('polling', `${reason}; checking for new inferences every ${POLL_MS / 1000} s`);
  if (retry) setTimeout(() => void connect(), POLL_MS * 4);
  if (polling) return;
  polling = true;
  const tick = async () => {
    try {
      const d = await gql<{ inferences: { nodes: (LiveInference & { blockNumber: number })[] } }>(
        'query PageLatest { inferences(last: 10, orderBy: [blockNumber_ASC]) { nodes { id blockNumber timestamp fee user model { id name } contributionIds } } }',
      );
      const nodes = d.inferences.nodes;
      const newest = nodes.length ? nodes[nodes.length - 1]!.blockNumber : 0;
      if (lastSeen !== undefined) emit(nodes.filter((n) => n.blockNumber > lastSeen!).reverse());
      lastSeen = Math.max(lastSeen ?? 0, newest);
    } catch {
      /* the views show the API's errors themselves */
    }
  };
  await tick();
  pollTimer = setInterval(() => void tick(), POLL_MS);
}

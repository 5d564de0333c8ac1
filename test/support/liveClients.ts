// Subscription clients over real HTTP for the API's tests: a plain EventSource (the `eventsource`
// package, as a browser's) on `/graphql?query=...`, and the graphql-sse client on `/graphql/stream`
// (distinct connections or single connection mode). Each collects what it receives.
import { EventSource } from 'eventsource';
import { createClient } from 'graphql-sse';

export interface LiveClient {
  /** the `data` of every result received, in order */
  events: any[];
  /** errors received (GraphQL errors or a failed connection) */
  errors: unknown[];
  /** resolves once the stream is open (EventSource) or the first attempt is under way (graphql-sse) */
  opened: Promise<void>;
  close(): void;
}

/** A browser's EventSource on `/graphql?query=...` (yoga's own SSE, distinct connections). */
export function eventSourceSubscription(apiUrl: string, query: string, variables?: Record<string, unknown>): LiveClient {
  const url = new URL('/graphql', apiUrl);
  url.searchParams.set('query', query);
  if (variables) url.searchParams.set('variables', JSON.stringify(variables));
  const source = new EventSource(url);
  const client: LiveClient = {
    events: [],
    errors: [],
    opened: new Promise((resolve) => source.addEventListener('open', () => resolve())),
    close: () => source.close(),
  };
  source.addEventListener('next', (e) => {
    const result = JSON.parse(e.data) as { data?: unknown; errors?: unknown[] };
    if (result.errors) client.errors.push(...result.errors);
    else client.events.push(result.data);
  });
  source.addEventListener('error', (e) => client.errors.push(e));
  return client;
}

/** The graphql-sse client on `/graphql/stream`. */
export function graphqlSseSubscription(apiUrl: string, query: string, variables: Record<string, unknown> = {}, singleConnection = false): LiveClient {
  const sse = createClient({ url: new URL('/graphql/stream', apiUrl).toString(), singleConnection, retryAttempts: 0 });
  let markOpened!: () => void;
  const client: LiveClient = {
    events: [],
    errors: [],
    opened: new Promise((resolve) => (markOpened = resolve)),
    close: () => {
      dispose();
      sse.dispose();
    },
  };
  const dispose = sse.subscribe(
    { query, variables },
    {
      next: (result) => (result.errors ? client.errors.push(...result.errors) : client.events.push(result.data)),
      error: (err) => client.errors.push(err),
      complete: () => {},
    },
  );
  markOpened();
  return client;
}

// The API's HTTP server: GraphQL (graphql-yoga, GraphiQL on GET /graphql), /health, /ready,
// /metrics, and the page at / (api/page.ts). Bodies are read here with a size limit before yoga sees them.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createYoga, type Plugin } from 'graphql-yoga';
import { getOperationAST } from 'graphql';
import type pg from 'pg';
import type { Context } from './builder.ts';
import { CONSOLE_PATH, GRAPHIQL_CSP, localGraphiql } from './graphiql.ts';
import { documentLimits } from './limits.ts';
import { Fanout } from './live/fanout.ts';
import { graphqlSse } from './live/graphqlSse.ts';
import { listenForBatches, type BatchListener } from './live/listener.ts';
import { jsonLog, type Log } from './log.ts';
import { createMetrics, type ApiMetrics } from './metrics.ts';
import { createPageHandler, isPagePath } from './page.ts';
import { variableErrors } from './variableErrors.ts';
import { metricsText } from './workers.ts';
import { apiSchema } from './schema/index.ts';
import { ident } from './sql/entity.ts';
import type { Queryable } from './sql/page.ts';
import { preparedQueryable } from './sql/prepared.ts';

/** The largest request body accepted (bytes). */
export const MAX_BODY_BYTES = 1 << 20;
/** The most operations in one batched request. */
export const MAX_BATCH = 10;
export const DEFAULT_PORT = 4350;
/** graphql-sse's endpoint (its single-connection and distinct-connection modes); `/graphql` serves SSE too */
export const STREAM_PATH = '/graphql/stream';

/**
 * The port of the environment: `PORT`, else `GQL_PORT` (OpenReader's variable, for tooling and
 * hosts that set it for a squid's api service), else DEFAULT_PORT.
 */
export function portFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const name = env.PORT ? 'PORT' : env.GQL_PORT ? 'GQL_PORT' : undefined;
  if (name === undefined) return DEFAULT_PORT;
  const value = env[name]!;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new Error(`${name}: expected a port number 0 to 65535, got ${JSON.stringify(value)}`);
  return n;
}

export interface ServerOptions {
  pool: pg.Pool;
  port?: number;
  host?: string;
  log?: Log;
  /** the processor's state schema (its status table tells /ready the indexer has committed) */
  stateSchema?: string;
  /**
   * where the LISTEN connection of subscriptions connects (default: the pool's own settings); false:
   * no subscriptions
   */
  listen?: pg.ClientConfig | false;
}

export interface ApiServer {
  url: string;
  metrics: ApiMetrics;
  close(): Promise<void>;
}

function metricsPlugin(metrics: ApiMetrics): Plugin {
  return {
    onExecute({ args }) {
      const start = process.hrtime.bigint();
      return {
        onExecuteDone({ result }) {
          const errors = 'errors' in result && Array.isArray(result.errors) ? result.errors.length : 0;
          metrics.observe(args.operationName ?? getOperationAST(args.document)?.name?.value, Number(process.hrtime.bigint() - start) / 1e9, errors);
        },
      };
    },
  };
}

function send(res: ServerResponse, status: number, body: string | Buffer, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const graphqlError = (message: string) => JSON.stringify({ errors: [{ message }] });

const isEventStream = (request: Request) => request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/event-stream');

/**
 * yoga's CSRF prevention, except for a GET that asks for an event stream: a browser's EventSource
 * cannot add a header, and the API changes nothing (no mutations), so such a GET can do no harm.
 */
function csrfPrevention(): Plugin {
  const csrf = useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf'] });
  return {
    onRequestParse(payload) {
      if (isEventStream(payload.request)) return;
      return csrf.onRequestParse!(payload);
    },
  };
}

/** The body of `req`, or undefined when it is over the limit (the rest is drained, not kept). */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    req.resume();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      req.resume();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Starts the API on `port` (0: any free port); resolves once it listens. */
export async function createServer(options: ServerOptions): Promise<ApiServer> {
  const log = options.log ?? jsonLog;
  const pool = options.pool;
  const metrics = createMetrics(pool);
  // in a worker of several (workers.ts), the metrics of them all
  const metricsOf = metricsText(metrics.registry);
  const stateSchema = options.stateSchema || 'squid_processor';
  // one LISTEN connection per process; each notice is read once per subscription field (live/)
  const live = options.listen === false ? undefined : new Fanout(pool as unknown as Queryable, log, metrics);
  let listener: BatchListener | undefined;
  if (live) {
    listener = listenForBatches(options.listen || (pool as unknown as { options: pg.ClientConfig }).options, {
      onNotice: (notice) => {
        metrics.notice('received');
        void live.notify(notice);
      },
      onIgnored: () => metrics.notice('ignored'),
    }, log);
    await listener.started;
  }
  // requests' statements prepared (sql/prepared.ts)
  const db = preparedQueryable(pool);
  const yoga = createYoga<{}, Context>({
    schema: apiSchema(),
    graphqlEndpoint: '/graphql',
    graphiql: { title: 'OpenLedger API' },
    landingPage: false,
    maskedErrors: true,
    // the body is read and limited here (readBody, MAX_BODY_BYTES) before yoga sees it; yoga's own limit would stream it again
    maxRequestBodySize: false,
    batching: { limit: MAX_BATCH },
    context: (): Context => ({ db, loaders: new Map(), stateSchema, live }),
    logging: {
      debug: () => {},
      info: () => {},
      warn: (...args: unknown[]) => log('warn', 'graphql', { detail: args.map(String).join(' ') }),
      error: (...args: unknown[]) => log('error', 'graphql', { detail: args.map(String).join(' ') }),
    },
    plugins: [
      csrfPrevention(),
      graphqlSse(STREAM_PATH),
      documentLimits(),
      variableErrors(),
      // queries run as compiled JavaScript (graphql-jit; compiled once per document, cached); subscriptions as graphql-js runs them
      useGraphQlJit({}, { enableIf: (args) => getOperationAST(args.document, args.operationName)?.operation === 'query' }),
      metricsPlugin(metrics),
    ],
  });

  const graphiql = localGraphiql('OpenLedger API');
  if (!graphiql) log('warn', 'graphiql: @subsquid/graphiql-console is not installed; browsers get yoga\'s GraphiQL, which loads its scripts from unpkg.com');

  const ready = async (): Promise<{ ok: boolean; height?: number; reason?: string }> => {
    try {
      const { rows } = await pool.query(`SELECT height FROM ${ident(stateSchema)}.status WHERE id = 0`);
      const height = rows[0] ? Number(rows[0].height) : -1;
      return height >= 0 ? { ok: true, height } : { ok: false, reason: 'the indexer has not committed a block yet' };
    } catch {
      return { ok: false, reason: 'the database does not answer or the indexer has no status yet' };
    }
  };

  const page = createPageHandler(log);
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    const path = (req.url ?? '/').split('?')[0];
    res.on('finish', () => {
      metrics.httpResponse(res.statusCode);
      log('info', 'request', { method: req.method, path, status: res.statusCode, ms: Date.now() - started });
    });
    if (path === '/health') return send(res, 200, JSON.stringify({ status: 'ok' }));
    if (path === '/ready') {
      const r = await ready();
      return send(res, r.ok ? 200 : 503, JSON.stringify(r.ok ? { status: 'ready', height: r.height } : { status: 'not ready', reason: r.reason }));
    }
    if (path === '/metrics') return send(res, 200, await metricsOf(), metrics.registry.contentType);
    if (isPagePath(path)) return page.serve(req, res, path ?? '/');
    if (graphiql && path?.startsWith(CONSOLE_PATH) && (req.method === 'GET' || req.method === 'HEAD')) {
      const file = graphiql.asset(path!.slice(CONSOLE_PATH.length));
      if (!file) return send(res, 404, JSON.stringify({ error: 'not found' }));
      res.setHeader('cache-control', 'public, max-age=86400');
      return send(res, 200, file.body, file.type);
    }
    if (graphiql && path === '/graphql' && req.method === 'GET' && !new URL(req.url ?? '/', 'http://localhost').searchParams.has('query') && /text\/html/.test(req.headers.accept ?? '')) {
      res.setHeader('content-security-policy', GRAPHIQL_CSP);
      return send(res, 200, graphiql.html, 'text/html; charset=utf-8');
    }
    if (path !== '/graphql' && path !== STREAM_PATH) return send(res, 404, JSON.stringify({ error: 'not found: the API is at /graphql, the page at /' }));
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const body = hasBody ? await readBody(req) : undefined;
    if (hasBody && body === undefined) return send(res, 413, graphqlError(`request body: at most ${MAX_BODY_BYTES} bytes`));
    // yoga's own Fetch API (whatwg-node's, lighter than Node's undici one)
    const { Request, Headers } = yoga.fetchAPI;
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    // a client that goes away aborts its request and cancels its response (a subscription ends)
    const aborted = new AbortController();
    // (only a response that did not finish: an abort builds an error, a cost on every request otherwise)
    res.on('close', () => {
      if (!res.writableFinished) aborted.abort();
    });
    const request = new Request(`http://localhost${req.url ?? '/'}`, { method: req.method, headers, body: hasBody ? body!.toString('utf8') : undefined, signal: aborted.signal });
    const response = await yoga.fetch(request, {});
    if (/^application\/(graphql-response\+)?json/.test(response.headers.get('content-type') ?? '')) {
      // a whole JSON answer: one write with its length (a stream, e.g. server-sent events, is passed on as it comes)
      const bytes = Buffer.from(await response.arrayBuffer());
      res.writeHead(response.status, { ...Object.fromEntries(response.headers), 'content-length': bytes.length });
      res.end(bytes);
      return;
    }
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (response.body) {
      const reader = response.body.getReader();
      aborted.signal.addEventListener('abort', () => void reader.cancel().catch(() => {}));
      for (;;) {
        const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (done || aborted.signal.aborted) break;
        res.write(value);
      }
    }
    res.end();
  };

  const server = createHttpServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      log('error', 'request failed', { error: err.message });
      if (!res.headersSent) send(res, 500, graphqlError('internal error'));
      else res.destroy();
    });
  });
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  const listenPort = options.port ?? DEFAULT_PORT;
  const listenHost = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      void listener?.close();
      reject(err.code === 'EADDRINUSE' ? new Error(`PORT: port ${listenPort} is already in use on ${listenHost}; set PORT to a free port (0 picks one)`) : err);
    });
    server.listen(listenPort, listenHost, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    metrics,
    async close() {
      // subscriptions end first, so their streams finish and their connections close
      live?.close();
      await listener?.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 5000);
      await closed;
      clearTimeout(force);
    },
  };
}

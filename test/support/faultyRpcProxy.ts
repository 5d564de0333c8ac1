// A JSON-RPC proxy on loopback in front of anvil that misbehaves on purpose, driven by a seeded RNG:
// it drops connections (destroys the socket), answers HTTP 500 and delays replies, and counts every
// fault it injected. HTTP requests are forwarded whole; a WebSocket upgrade is forwarded as raw
// bytes to the target (so frames pass through untouched), which lets the proxy refuse an upgrade
// with a 500, drop an open WebSocket at any moment, or hold back what the server sends. With a
// `gate`, it stands for a provider whose URL carries an API key: only requests to the key's path,
// with the key's query and basic credentials, pass (401 otherwise), and reach anvil at its root.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { Random } from '../../devnet/simulator/random.ts';

export type FaultKind = 'drop' | 'error500' | 'delay';
/** Where a fault lands: a plain HTTP request, a WebSocket handshake, or a chunk of an open WebSocket. */
export type FaultSite = 'http' | 'upgrade' | 'stream';

export interface FaultRates {
  /** per HTTP request: destroy the socket (before forwarding, or after, losing the reply) */
  drop?: number;
  /** per HTTP request or WebSocket handshake: answer 500 instead of forwarding */
  error500?: number;
  /** per HTTP reply or per chunk the server sends over a WebSocket: hold it back for `delayMs` */
  delay?: number;
}

export interface FaultyRpcProxyOptions {
  /** anvil's http URL; WebSocket upgrades go to the same host and port */
  target: string;
  seed: number;
  http?: FaultRates;
  upgrade?: Pick<FaultRates, 'drop' | 'error500'>;
  stream?: Pick<FaultRates, 'drop' | 'delay'>;
  /** delay range in ms (default 20..250) */
  delayMs?: [number, number];
  /**
   * At most this many failures (drop or 500) in a row per site, then one request passes (default
   * 2): the client's backoff grows with failures in a row (rpc-client: 10, 100, 500, 2000 ms, …),
   * so an unlucky streak would only make the test slow, not harder.
   */
  maxFailuresInRow?: number;
  /**
   * Inject every kind with a rate above 0 at its site's first chances, then draw at random: a test
   * can then count on each kind having happened however little traffic there was.
   */
  eachKindEarly?: boolean;
  /** what a request must carry to pass, as a key-carrying RPC URL gives it */
  gate?: RpcGate;
}

export interface RpcGate {
  /** the path every request must have, e.g. `/v2/<key>` (anvil sees `/`) */
  path: string;
  /** the exact query, e.g. `apikey=<key>` */
  query?: string;
  /** basic-auth credentials, `user:password` */
  basic?: string;
}

/** Whether a request line's path and query and its headers are what the gate asks for. */
function passesGate(gate: RpcGate | undefined, req: IncomingMessage): boolean {
  if (!gate) return true;
  const url = new URL(req.url ?? '/', 'http://proxy');
  const path = url.pathname.replace(/\/$/, '');
  if (path !== gate.path.replace(/\/$/, '') || url.search.replace(/^\?/, '') !== (gate.query ?? '')) return false;
  if (gate.basic === undefined) return true;
  return req.headers.authorization === `Basic ${Buffer.from(gate.basic).toString('base64')}`;
}

export type FaultCounts = Record<FaultSite, Record<FaultKind | 'passed', number>>;

export interface FaultyRpcProxy {
  httpUrl: string;
  wsUrl: string;
  counts: FaultCounts;
  /** requests and handshakes the gate turned away */
  rejected(): number;
  /** total injected faults of one kind, over every site */
  total(kind: FaultKind): number;
  close(): Promise<void>;
}

const KINDS = ['drop', 'error500', 'delay'] as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFaultyRpcProxy(options: FaultyRpcProxyOptions): Promise<FaultyRpcProxy> {
  const target = new URL(options.target);
  const targetPort = Number(target.port);
  const rng = new Random(options.seed);
  const [minDelay, maxDelay] = options.delayMs ?? [20, 250];
  const maxInRow = options.maxFailuresInRow ?? 2;
  const site = () => ({ drop: 0, error500: 0, delay: 0, passed: 0 });
  const counts: FaultCounts = { http: site(), upgrade: site(), stream: site() };
  const failuresInRow: Record<FaultSite, number> = { http: 0, upgrade: 0, stream: 0 };
  const injected: Record<FaultSite, Set<FaultKind>> = { http: new Set(), upgrade: new Set(), stream: new Set() };
  let faultsOn = true;
  let rejected = 0;
  const sockets = new Set<Socket | Duplex>();
  const track = (s: Socket | Duplex) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  };

  /** One draw per unit of traffic: which fault (if any) it gets. */
  function decide(where: FaultSite, rates: FaultRates | undefined): FaultKind | undefined {
    const r = rng.float();
    if (!faultsOn || !rates) return undefined;
    const kinds = KINDS.filter((k) => (rates[k] ?? 0) > 0);
    const allowed = (k: FaultKind) => k === 'delay' || failuresInRow[where] < maxInRow;
    let kind = options.eachKindEarly ? kinds.find((k) => !injected[where].has(k) && allowed(k)) : undefined;
    if (kind === undefined) {
      let edge = 0;
      const drawn = kinds.find((k) => r < (edge += rates[k] ?? 0));
      kind = drawn !== undefined && allowed(drawn) ? drawn : undefined;
    }
    failuresInRow[where] = kind === 'drop' || kind === 'error500' ? failuresInRow[where] + 1 : 0;
    if (kind) injected[where].add(kind);
    return kind;
  }
  const count = (where: FaultSite, kind: FaultKind | 'passed') => {
    counts[where][kind] += 1;
  };
  /** Lets a reply through: at once, or after a delay when that is its fault. */
  const pass = async (where: FaultSite, fault: FaultKind | undefined) => {
    count(where, fault === 'delay' ? 'delay' : 'passed');
    if (fault === 'delay') await sleep(rng.int(minDelay, maxDelay));
  };

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (!passesGate(options.gate, req)) {
      rejected += 1;
      res.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorized');
      return;
    }
    const fault = decide('http', options.http);
    if (fault === 'error500') {
      count('http', 'error500');
      res.writeHead(500, { 'content-type': 'text/plain' }).end('injected fault: internal server error');
      return;
    }
    const dropBefore = fault === 'drop' && rng.chance(0.5);
    if (dropBefore) {
      count('http', 'drop');
      req.socket.destroy();
      return;
    }
    let upstream: Response;
    let body: Buffer;
    try {
      upstream = await fetch(new URL(options.gate ? '/' : (req.url ?? '/'), target), {
        method: req.method,
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks),
      });
      body = Buffer.from(await upstream.arrayBuffer());
    } catch {
      req.socket.destroy(); // the target is gone: so is the client's connection
      return;
    }
    if (fault === 'drop') {
      count('http', 'drop'); // the request was served, its reply is lost
      req.socket.destroy();
      return;
    }
    await pass('http', fault);
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(body);
  }

  function onUpgrade(req: IncomingMessage, client: Duplex, head: Buffer): void {
    track(client);
    client.on('error', () => client.destroy());
    if (!passesGate(options.gate, req)) {
      rejected += 1;
      client.end('HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      return;
    }
    const fault = decide('upgrade', options.upgrade);
    if (fault === 'error500') {
      count('upgrade', 'error500');
      client.end('HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/plain\r\ncontent-length: 15\r\nconnection: close\r\n\r\ninjected fault\n');
      return;
    }
    if (fault === 'drop') {
      count('upgrade', 'drop');
      client.destroy();
      return;
    }
    count('upgrade', 'passed');
    const server = connect(targetPort, target.hostname);
    track(server);
    const closeBoth = () => {
      client.destroy();
      server.destroy();
    };
    server.on('error', closeBoth);
    client.on('close', closeBoth);
    server.on('close', closeBoth);
    // The handshake as the client sent it (raw header names and order), then the rest of its bytes.
    const lines = [`${req.method} ${options.gate ? '/' : req.url} HTTP/${req.httpVersion}`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    server.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length > 0) server.write(head);
    client.pipe(server);

    // Server -> client: chunk by chunk, in order; a chunk may be held back (and everything after
    // it with it) or the connection dropped.
    let queue = Promise.resolve();
    let handshakeDone = false;
    server.on('data', (chunk: Buffer) => {
      // The 101 response itself passes untouched: faults start once the WebSocket is open.
      const fault = handshakeDone ? decide('stream', options.stream) : undefined;
      handshakeDone = true;
      queue = queue.then(async () => {
        if (client.destroyed) return;
        if (fault === 'drop') {
          count('stream', 'drop');
          closeBoth();
          return;
        }
        await pass('stream', fault);
        if (!client.destroyed) client.write(chunk);
      });
    });
  }

  const http = createServer((req, res) => {
    onRequest(req, res).catch(() => req.socket.destroy());
  });
  http.on('connection', track);
  http.on('upgrade', onUpgrade);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const address = http.address();
  if (address === null || typeof address === 'string') throw new Error('proxy: expected a TCP address');
  const port = address.port;

  return {
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    counts,
    rejected: () => rejected,
    total: (kind) => counts.http[kind] + counts.upgrade[kind] + counts.stream[kind],
    close: async () => {
      faultsOn = false;
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

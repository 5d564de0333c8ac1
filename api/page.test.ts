// The page's static handler over real HTTP (api/page.ts): what it serves with which headers, that
// nothing outside the built assets is reachable (raw request paths, not normalised by a client),
// methods, caching, and a failing build. The page in a browser: web/page.test.ts.
import assert from 'node:assert/strict';
import { createServer as createHttpServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { silentLog } from './log.ts';
import { createPageHandler, PAGE_CSP } from './page.ts';
import { createServer, type ApiServer } from './server.ts';

let api: ApiServer;
let pool: pg.Pool;

before(async () => {
  // the page needs no database: a pool that is never used (nothing listens on port 1)
  pool = new pg.Pool({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 500 });
  api = await createServer({ pool, port: 0, log: silentLog, listen: false });
});
after(async () => {
  await api?.close();
  await pool?.end();
});

/** A request with its path sent exactly as given (fetch would normalise `..`). */
function raw(base: string, path: string, opts: { method?: string; headers?: Record<string, string> } = {}) {
  const url = new URL(base);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the page, its script, styles and icon are served with their content types, the CSP and nosniff', async () => {
  const page = await raw(api.url, '/');
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(page.headers['content-security-policy'], PAGE_CSP);
  assert.match(PAGE_CSP, /default-src 'none'/);
  assert.match(PAGE_CSP, /script-src 'self'(;|$)/);
  assert.equal(page.headers['x-content-type-options'], 'nosniff');
  assert.equal(page.headers['referrer-policy'], 'no-referrer');
  // every asset the page refers to is served from this origin (works offline: no CDN)
  const refs = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((r) => !r.startsWith('#'));
  assert.deepEqual(refs.filter((r) => !r.startsWith('/')), [], 'only same-origin references');
  const expected: Record<string, string> = { '/assets/page.js': 'text/javascript; charset=utf-8', '/assets/page.css': 'text/css; charset=utf-8', '/assets/icon.svg': 'image/svg+xml' };
  for (const [path, type] of Object.entries(expected)) {
    assert.ok(refs.includes(path), `${path} is referenced by the page`);
    const r = await raw(api.url, path);
    assert.equal(r.status, 200, path);
    assert.equal(r.headers['content-type'], type, path);
    assert.equal(r.headers['content-security-policy'], PAGE_CSP, path);
    assert.ok(Number(r.headers['content-length']) > 100, path);
  }
  const js = (await raw(api.url, '/assets/page.js')).body;
  assert.match(js, /newInferences/, 'the bundle is the page (its live feed)');
  assert.match(js, /uplot/i, 'with uPlot bundled in');
  assert.doesNotMatch((await raw(api.url, '/assets/page.css')).body, /url\(\s*["']?https?:/, 'no remote stylesheet resource');
  assert.equal((await raw(api.url, '/index.html')).body, page.body);
});

test('no path outside the built assets is served, however it is spelled', async () => {
  const attempts = [
    '/assets/../package.json', '/assets/%2e%2e/package.json', '/assets/..%2fpackage.json', '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    '/assets/page.js/../../package.json', '/assets//etc/passwd', '/assets/../../../../etc/passwd', '/assets/..\\package.json',
    '/assets/build.ts', '/assets/src/main.ts', '/assets/index.html', '/assets/', '/assets', '/web/build.ts', '/package.json', '/%2e%2e/package.json',
  ];
  for (const path of attempts) {
    const r = await raw(api.url, path);
    assert.equal(r.status, 404, path);
    assert.doesNotMatch(r.body, /openledger-squid|root:|import \{/, path);
  }
  const unknown = await raw(api.url, '/assets/nope.js');
  assert.equal(unknown.headers['content-type'], 'text/plain; charset=utf-8');
  assert.match(unknown.body, /^not found: \/assets\/nope\.js \(the page is at \/, the API at \/graphql\)$/);
});

test('HEAD, conditional GET, refused methods; GraphiQL stays at /graphql', async () => {
  const head = await raw(api.url, '/assets/page.js', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
  assert.ok(Number(head.headers['content-length']) > 1000);
  const etag = String(head.headers.etag);
  assert.match(etag, /^"[\w-]+"$/);
  assert.equal((await raw(api.url, '/assets/page.js', { headers: { 'if-none-match': etag } })).status, 304);
  assert.equal((await raw(api.url, '/assets/page.js', { headers: { 'if-none-match': '"other"' } })).status, 200);
  const post = await raw(api.url, '/', { method: 'POST' });
  assert.equal(post.status, 405);
  assert.equal(post.headers.allow, 'GET, HEAD');
  assert.match(post.body, /method POST not allowed: the page answers GET and HEAD/);
  const graphiql = await raw(api.url, '/graphql', { headers: { accept: 'text/html' } });
  assert.equal(graphiql.status, 200);
  assert.match(String(graphiql.headers['content-type']), /^text\/html/);
  assert.match(graphiql.body, /graphiql/i);
  assert.notEqual(graphiql.headers['content-security-policy'], PAGE_CSP, 'GraphiQL keeps its own headers');
});

test('a failing build answers 500 with a readable message, logs it, and the next request builds again', async () => {
  const logged: string[] = [];
  let calls = 0;
  const handler = createPageHandler((_level, msg, fields) => logged.push(`${msg} ${JSON.stringify(fields)}`), async () => {
    if (++calls === 1) throw new Error('esbuild exploded');
    return new Map([['/', { body: Buffer.from('<p>ok</p>'), type: 'text/html; charset=utf-8' }]]);
  });
  const server: Server = createHttpServer((req, res) => void handler.serve(req, res, req.url!));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const failed = await raw(base, '/');
    assert.equal(failed.status, 500);
    assert.equal(failed.body, 'the page could not be built (see the API log); the API itself is at /graphql');
    assert.deepEqual(logged, ['page build failed {"error":"esbuild exploded"}']);
    const again = await raw(base, '/');
    assert.equal(again.status, 200);
    assert.equal(again.body, '<p>ok</p>');
    assert.equal(calls, 2);
    await raw(base, '/');
    assert.equal(calls, 2, 'built once, then kept');
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

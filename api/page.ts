// Serves the contributor and watchdog page (web/, built in memory by web/build.ts on the first
// request) at `/` and `/assets/*`. Only the built assets are served, looked up by exact path: no
// file system path is ever formed from a request, so there is nothing to traverse.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildPage, type PageAssets } from '../web/build.ts';
import type { Log } from './log.ts';

/**
 * The page's Content-Security-Policy: its own script, styles and images only, requests to its own
 * origin only (the GraphQL API), no frames, no plugins, no inline script or style elements.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Whether `path` is the page's to answer (the page, its assets, or a 404 among them). */
export const isPagePath = (path: string | undefined): boolean => path === '/' || path === '/index.html' || (path?.startsWith('/assets/') ?? false);

export interface PageHandler {
  serve(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
}

/** The page's handler; the bundle is built once, on the first request, and kept. */
export function createPageHandler(log: Log, build: () => Promise<PageAssets> = buildPage): PageHandler {
  let built: Promise<Map<string, { body: Buffer; type: string; etag: string }>> | undefined;
  const assets = () =>
    (built ??= build().then(
      (a) => new Map([...a].map(([path, asset]) => [path, { ...asset, etag: `"${createHash('sha256').update(asset.body).digest('base64url').slice(0, 27)}"` }])),
      (err: Error) => {
        built = undefined; // the next request tries again
        throw err;
      },
    ));
  const plain = (res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), 'x-content-type-options': 'nosniff', ...extra });
    res.end(text);
  };
  return {
    async serve(req, res, path) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, `method ${req.method} not allowed: the page answers GET and HEAD`, { allow: 'GET, HEAD' });
      let map;
      try {
        map = await assets();
      } catch (err) {
        log('error', 'page build failed', { error: (err as Error).message });
        return plain(res, 500, 'the page could not be built (see the API log); the API itself is at /graphql');
      }
      const asset = map.get(path === '/index.html' ? '/' : path);
      if (!asset) return plain(res, 404, `not found: ${path.length > 100 ? `${path.slice(0, 100)}…` : path} (the page is at /, the API at /graphql)`);
      const headers = {
        'content-type': asset.type,
        'content-security-policy': PAGE_CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-cache',
        etag: asset.etag,
      };
      if (req.headers['if-none-match'] === asset.etag) {
        res.writeHead(304, headers);
        return void res.end();
      }
      res.writeHead(200, { ...headers, 'content-length': asset.body.length });
      res.end(req.method === 'HEAD' ? undefined : asset.body);
    },
  };
}

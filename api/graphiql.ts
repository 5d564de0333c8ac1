// GraphiQL served from this server, never from a CDN: graphql-yoga's own GraphiQL page loads its
// scripts from unpkg.com (no page without internet, and third-party code running on the API's
// origin). The console OpenReader serves (@subsquid/graphiql-console: GraphiQL with the explorer
// pane, a prebuilt bundle installed with @subsquid/graphql-server) is served instead, its files
// under /console/ from a list made at startup (a request names a listed file or gets a 404).
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative } from 'node:path';

export interface LocalGraphiql {
  /** the page for GET /graphql from a browser */
  html: string;
  /** a file under /console/ (`path` relative to it), or undefined */
  asset(path: string): { body: Buffer; type: string } | undefined;
}

/** Where the console's files are served from. */
export const CONSOLE_PATH = '/console/';

const TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.svg': 'image/svg+xml',
};

/** Only the page itself and same-origin requests: scripts, styles and queries all come from here. */
export const GRAPHIQL_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

function files(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name), root) : [relative(root, join(dir, e.name)).split('\\').join('/')],
  );
}

/**
 * The console with its files read into memory (a few MB), pointed at the API's `/graphql` and titled
 * `title`; undefined when the package is not installed (then yoga's own page is served).
 */
export function localGraphiql(title: string): LocalGraphiql | undefined {
  let build: string;
  try {
    build = join(dirname(createRequire(import.meta.url).resolve('@subsquid/graphiql-console/package.json')), 'build');
  } catch {
    return undefined;
  }
  const served = new Map<string, { body: Buffer; type: string }>();
  for (const file of files(build)) {
    // source maps, the service worker and its precache list are not needed to run it
    if (file.endsWith('.map') || file.includes('service-worker') || file.startsWith('precache-manifest') || file === 'index.html') continue;
    const type = TYPES[extname(file)];
    if (type) served.set(file, { body: readFileSync(join(build, file)), type });
  }
  const escapedTitle = title.replace(/[<>&"$]/g, '');
  const html = readFileSync(join(build, 'index.html'), 'utf8')
    .replace(/"\/static\//g, `"${CONSOLE_PATH.slice(1)}static/`)
    .replace('"/manifest.json"', `"${CONSOLE_PATH.slice(1)}manifest.json"`)
    .replace('${GRAPHQL_API}', 'graphql')
    .replace('${APP_TITLE}', escapedTitle);
  return { html, asset: (path) => served.get(path) };
}

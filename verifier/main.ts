/**
 * `npm run verify -- --watch [--dry-run] [--json]`: the watchdog service (selection, queue,
 * verification, challenges) with a progress line per batch.
 * `npm run verify -- --inference <id> [--json]`: recomputes one indexed record and prints the
 * verdict, the distance, the contributions that moved most and the evidence hash (nothing is written
 * or sent). Settings: docs/verifier.md.
 */
import pg from 'pg';
import { resolveDatabase, settingsToUrl } from '../db/postgres.ts';
import { exitOnUnhandled } from '../lib/exitOnUnhandled.ts';
import { logger } from '../lib/log.ts';
import { passwordSecrets, redactOutput, urlSecrets } from '../lib/redact.ts';
import { configFromEnv, ConfigError } from './service/config.ts';
import { inspectRecord, printInspection } from './service/inspect.ts';
import { VerifierService } from './service/service.ts';

const log = logger('verifier');

export interface CliArgs {
  mode: 'watch' | 'inference';
  inference?: bigint;
  json: boolean;
  dryRun: boolean;
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const out: CliArgs = { mode: 'watch', json: false, dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--watch') out.mode = 'watch';
    else if (a === '--json') out.json = true;
    else if (a === '--dry-run') out.dryRun = true;
    else if (a === '--inference') {
      const v = argv[++i];
      if (!v || !/^[1-9]\d{0,77}$/.test(v)) throw new ConfigError(`--inference: expected a positive inference id, got ${v === undefined ? 'nothing' : JSON.stringify(v.slice(0, 40))}`);
      out.mode = 'inference';
      out.inference = BigInt(v);
    } else throw new ConfigError(`unknown option ${JSON.stringify(a.slice(0, 40))}: expected --watch, --inference <id>, --json, --dry-run`);
  }
  return out;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const cfg = configFromEnv(process.env, { dryRun: args.dryRun });
  redactOutput([...urlSecrets(cfg.rpcUrl), ...cfg.secrets.map((text) => ({ text, shown: '***' }))]);
  const db = await resolveDatabase(process.env);
  redactOutput(passwordSecrets(db.settings.password));
  const pool = new pg.Pool({ ...db.settings, max: 6, application_name: 'openledger-verifier' });
  pool.on('error', () => {});
  if (args.mode === 'inference') {
    try {
      const result = await inspectRecord(pool, cfg, args.inference!);
      process.stdout.write(args.json ? `${JSON.stringify(result)}\n` : printInspection(result));
      return 0;
    } finally {
      await pool.end();
      await db.stop();
    }
  }
  const service = new VerifierService(cfg, pool, settingsToUrl(db.settings), {
    onBatch(r) {
      if (r.records === 0) return;
      const line = { records: r.records, ...r.verdicts, scoresPerSecond: Number(r.scoresPerSecond.toFixed(2)), backend: r.backend ?? null };
      process.stdout.write(args.json
        ? `${JSON.stringify({ time: new Date().toISOString(), level: 'info', component: 'verifier', msg: 'batch verified', ...line })}\n`
        : `batch: ${r.records} records  MATCH ${r.verdicts.MATCH}  DISPUTE ${r.verdicts.DISPUTE}  UNVERIFIABLE ${r.verdicts.UNVERIFIABLE}  ${line.scoresPerSecond} scores/s  backend ${line.backend ?? '-'}\n`);
    },
  });
  let stopping = false;
  exitOnUnhandled(log, () => stopping);
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await service.stop().catch((e: Error) => log.warn('stopping the service', { error: e.message }));
    await pool.end().catch(() => {});
    await db.stop().catch(() => {});
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await service.start();
  await service.run();
  return 0;
}

main().then(
  (code) => code !== 0 && process.exit(code),
  (e: Error) => {
    if (e instanceof ConfigError) {
      process.stderr.write(`verify: ${e.message}\n`);
      process.exit(2);
    }
    log.error('verifier failed', { error: e.message });
    process.exit(1);
  },
);

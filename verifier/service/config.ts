// The watchdog's settings, from the environment (docs/verifier.md lists them) with the devnet's
// state file as the default for the chain, the contracts and the content store. The signing key
// is read here and kept only in the account object: it is never logged nor put in an error.
import { readFileSync } from 'node:fs';
import type { Address, PrivateKeyAccount } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { readDevnetState } from '../../devnet/state.ts';
import { DEFAULT_SAMPLE_RATE_PPM, DEFAULT_SEED_DELAY, DEFAULT_TOLERANCE } from './engine.ts';

export interface VerifierConfig {
  rpcUrl: string;
  chainId?: number;
  challengeManager: Address;
  attributionEngine: Address;
  fromBlock: bigint;
  stores: string[];
  ipfsGateway?: string;
  ratePpm: number;
  seedDelay: number;
  finalityDepth: number;
  tolerance: number;
  account?: PrivateKeyAccount;
  /** Strings the process must never print (the key's hex), for its output redaction. */
  secrets: string[];
  capPerHourWei: bigint;
  dryRun: boolean;
  pollMs: number;
  batchSize: number;
  retryLimit: number;
  retryDelaySeconds: number;
  expireSeconds: number;
  metricsPort?: number;
  maxModels: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function int(env: NodeJS.ProcessEnv, key: string, def: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return def;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) throw new ConfigError(`${key}: expected an integer in [${min}, ${max}], got ${JSON.stringify(raw)}`);
  return v;
}

function address(env: NodeJS.ProcessEnv, key: string, def: string | undefined): Address {
  const v = env[key] || def;
  if (!v || !/^0x[0-9a-fA-F]{40}$/.test(v)) throw new ConfigError(`${key}: expected a 0x-prefixed 20-byte address, got ${v === undefined ? 'nothing (and no devnet state file)' : JSON.stringify(v)}`);
  return v as Address;
}

/** The signing account from VERIFIER_PRIVATE_KEY or VERIFIER_KEY_FILE; errors never quote the key. */
export function accountFromEnv(env: NodeJS.ProcessEnv): PrivateKeyAccount | undefined {
  return signingKeyFromEnv(env)?.account;
}

function signingKeyFromEnv(env: NodeJS.ProcessEnv): { account: PrivateKeyAccount; hex: string } | undefined {
  let key = env.VERIFIER_PRIVATE_KEY;
  if (!key && env.VERIFIER_KEY_FILE) {
    try {
      key = readFileSync(env.VERIFIER_KEY_FILE, 'utf8').trim();
    } catch (e) {
      throw new ConfigError(`VERIFIER_KEY_FILE: expected a readable file holding a private key, got ${(e as NodeJS.ErrnoException).code ?? 'an unreadable path'}`);
    }
  }
  if (!key) return undefined;
  const k = key.startsWith('0x') ? key : `0x${key}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(k)) throw new ConfigError(`signing key: expected 32 bytes of hex (64 hex digits, 0x optional), got ${k.length - 2} characters (not shown)`);
  try {
    return { account: privateKeyToAccount(k as `0x${string}`), hex: k.slice(2) };
  } catch {
    throw new ConfigError('signing key: not a valid secp256k1 private key (not shown)');
  }
}

/** OPEN (decimal, up to 18 places) to wei. */
function openToWei(key: string, raw: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,18}))?$/.exec(raw);
  if (!m) throw new ConfigError(`${key}: expected an amount of OPEN like 100 or 2.5, got ${JSON.stringify(raw)}`);
  return BigInt(m[1]!) * 10n ** 18n + BigInt((m[2] ?? '').padEnd(18, '0'));
}

export function configFromEnv(env: NodeJS.ProcessEnv, flags: { dryRun?: boolean } = {}): VerifierConfig {
  let state: ReturnType<typeof readDevnetState> | undefined;
  const needState = !env.RPC_URL || !env.CHALLENGE_MANAGER || !env.ATTRIBUTION_ENGINE || !env.CONTENT_STORES;
  if (needState) {
    try {
      state = readDevnetState();
    } catch (e) {
      throw new ConfigError(`set RPC_URL, CHALLENGE_MANAGER, ATTRIBUTION_ENGINE and CONTENT_STORES, or run a devnet: ${(e as Error).message}`);
    }
  }
  const rate = int(env, 'VERIFIER_SAMPLE_RATE_PPM', DEFAULT_SAMPLE_RATE_PPM, 0, 1_000_000);
  const tolerance = env.VERIFIER_TOLERANCE ? Number(env.VERIFIER_TOLERANCE) : DEFAULT_TOLERANCE;
  if (!(tolerance >= 0 && tolerance < 1)) throw new ConfigError(`VERIFIER_TOLERANCE: expected a number in [0, 1), got ${JSON.stringify(env.VERIFIER_TOLERANCE)}`);
  const key = signingKeyFromEnv(env);
  const stores = (env.CONTENT_STORES || state?.contentStoreUrl || '').split(',').map((s) => s.trim()).filter(Boolean);
  return {
    rpcUrl: env.RPC_URL || state!.rpcUrl,
    challengeManager: address(env, 'CHALLENGE_MANAGER', state?.contracts.ChallengeManager.address),
    attributionEngine: address(env, 'ATTRIBUTION_ENGINE', state?.contracts.AttributionEngine.address),
    fromBlock: BigInt(int(env, 'VERIFIER_FROM_BLOCK', state?.contracts.ChallengeManager.startBlock ?? 0, 0, Number.MAX_SAFE_INTEGER)),
    stores,
    ipfsGateway: env.IPFS_GATEWAY || undefined,
    ratePpm: rate,
    seedDelay: int(env, 'VERIFIER_SEED_DELAY', DEFAULT_SEED_DELAY, 1, 10_000),
    finalityDepth: int(env, 'VERIFIER_FINALITY_DEPTH', 32, 0, 100_000),
    tolerance,
    account: key?.account,
    secrets: key ? [key.hex, key.hex.toLowerCase(), key.hex.toUpperCase()] : [],
    capPerHourWei: openToWei('VERIFIER_BOND_CAP_PER_HOUR', env.VERIFIER_BOND_CAP_PER_HOUR || '100'),
    dryRun: flags.dryRun ?? false,
    pollMs: int(env, 'VERIFIER_POLL_MS', 1000, 10, 3_600_000),
    batchSize: int(env, 'VERIFIER_BATCH_SIZE', 32, 1, 10_000),
    retryLimit: int(env, 'VERIFIER_RETRY_LIMIT', 5, 0, 100),
    retryDelaySeconds: int(env, 'VERIFIER_RETRY_DELAY_SECONDS', 2, 1, 3600),
    expireSeconds: int(env, 'VERIFIER_JOB_EXPIRE_SECONDS', 300, 5, 86_400),
    metricsPort: env.VERIFIER_METRICS_PORT ? int(env, 'VERIFIER_METRICS_PORT', 0, 0, 65535) : undefined,
    maxModels: int(env, 'VERIFIER_MAX_MODELS', 4, 1, 1000),
  };
}

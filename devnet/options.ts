/** Command-line options of the devnet and its activity simulator. */
export interface DevnetOptions {
  /** Seed of every random choice of the simulator. */
  seed: number;
  /** Run one scenario to completion and exit, instead of producing forever. */
  once: boolean;
  /** Bulk multiplier: each unit adds a round of batched activity (about 2,000 events). */
  scale: number;
  /** Fraction of the dishonest attributor's records that are falsified. */
  falsify: number;
  /** Anvil's block time in seconds; 0 mines a block per transaction. */
  blockTime: number;
  /** Anvil's port; 0 picks a free one. */
  port: number;
  /** The content store's port; 0 picks a free one. */
  storePort: number;
  /** Pause between rounds when producing forever, in milliseconds. */
  intervalMs: number;
  /**
   * An external watchdog (`npm run verify`) challenges records: the simulator opens no challenge of
   * its own, funds the watchdog's devnet key, and governance resolves open challenges every 10 rounds.
   */
  watchdog: boolean;
}

export const DEFAULT_OPTIONS: DevnetOptions = {
  seed: 1,
  once: false,
  scale: 0,
  falsify: 0.3,
  blockTime: 0,
  port: 0,
  storePort: 0,
  intervalMs: 1000,
  watchdog: false,
};

interface Spec {
  key: keyof DevnetOptions;
  kind: 'int' | 'number' | 'flag';
  min?: number;
  max?: number;
  help: string;
}

const SPECS: Record<string, Spec> = {
  '--seed': { key: 'seed', kind: 'int', min: 0, max: 2 ** 31 - 1, help: 'random seed (integer)' },
  '--once': { key: 'once', kind: 'flag', help: 'run one scenario to completion and exit' },
  '--scale': { key: 'scale', kind: 'int', min: 0, max: 100_000, help: 'bulk rounds of ~2,000 events each' },
  '--falsify': { key: 'falsify', kind: 'number', min: 0, max: 1, help: "fraction of the dishonest attributor's records falsified" },
  '--block-time': { key: 'blockTime', kind: 'int', min: 0, max: 3600, help: 'anvil block time in seconds (0: a block per transaction)' },
  '--port': { key: 'port', kind: 'int', min: 0, max: 65535, help: 'anvil port (0: any free port)' },
  '--store-port': { key: 'storePort', kind: 'int', min: 0, max: 65535, help: 'content store port (0: any free port)' },
  '--watchdog': { key: 'watchdog', kind: 'flag', help: "an external watchdog challenges records (its devnet key is funded; governance resolves)" },
  '--interval': { key: 'intervalMs', kind: 'int', min: 0, max: 3_600_000, help: 'pause between rounds in ms when producing forever' },
};

export class OptionError extends Error {
  override readonly name = 'OptionError';
}

export function usage(): string {
  return [
    'usage: npm run devnet -- [options]',
    ...Object.entries(SPECS).map(([flag, s]) => `  ${flag.padEnd(14)} ${s.help}${s.kind === 'flag' ? '' : ` (${s.min}..${s.max}, default ${DEFAULT_OPTIONS[s.key]})`}`),
  ].join('\n');
}

/** Parses `--name value` / `--name=value` arguments; out-of-range or unknown ones throw OptionError. */
export function parseOptions(argv: readonly string[]): DevnetOptions {
  const out: DevnetOptions = { ...DEFAULT_OPTIONS };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const spec = SPECS[flag];
    if (!spec) throw new OptionError(`unknown option ${flag}\n${usage()}`);
    if (spec.kind === 'flag') {
      (out as unknown as Record<string, unknown>)[spec.key] = true;
      continue;
    }
    const raw = inline ?? argv[++i];
    if (raw === undefined) throw new OptionError(`${flag}: expected a value, got nothing`);
    const value = Number(raw);
    const ok = raw.trim() !== '' && Number.isFinite(value) && (spec.kind === 'number' || Number.isInteger(value));
    if (!ok || value < spec.min! || value > spec.max!) {
      throw new OptionError(`${flag}: expected ${spec.kind === 'int' ? 'an integer' : 'a number'} in [${spec.min}, ${spec.max}], got ${raw}`);
    }
    (out as unknown as Record<string, unknown>)[spec.key] = value;
  }
  return out;
}

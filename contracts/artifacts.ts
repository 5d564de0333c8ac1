// Compiled contract artifacts (contracts/out/<Name>.json) and the source hash that ties them to
// contracts/src. Used by the build script, the devnet deployer and the tests.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keccak256, toBytes, type Abi, type Hex } from 'viem';

const here = dirname(fileURLToPath(import.meta.url));
export const SOURCE_DIR = join(here, 'src');
export const OUT_DIR = join(here, 'out');

/** solc settings shared by the build and the staleness check (they are part of the hash). */
export const COMPILER_SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
} as const;

/** The protocol contracts: OpenZeppelin AccessControl, administered by the timelock. */
export const PROTOCOL_CONTRACTS = [
  'CreditManager',
  'DatanetFactory',
  'ModelFactory',
  'AttributionEngine',
  'ChallengeManager',
] as const;

/** OpenLedger's staking and airdrop contracts: Solady-style ownership and role bits (OwnableRoles.sol). */
export const OWNED_CONTRACTS = ['Staking', 'Bank', 'SigDispersal'] as const;

/** Every contract the build writes to contracts/out, one file each (also the deployment order). */
export const CONTRACT_NAMES = ['OPEN', 'WOPEN', 'GOPEN', 'OpenLedgerTimelock', 'OpenLedgerGovernor', ...OWNED_CONTRACTS, ...PROTOCOL_CONTRACTS] as const;
export type ContractName = (typeof CONTRACT_NAMES)[number];

export interface Artifact {
  generated: string;
  contractName: ContractName;
  sourceName: string;
  solcVersion: string;
  sourceHash: Hex;
  abi: Abi;
  bytecode: Hex;
}

const require = createRequire(import.meta.url);

function packageVersion(name: string): string {
  const pkg = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string };
  return pkg.version;
}

/** The `.sol` files of contracts/src, sorted by name, with their contents. */
export function readSources(): { name: string; content: string }[] {
  return readdirSync(SOURCE_DIR)
    .filter((f) => f.endsWith('.sol'))
    .sort()
    .map((name) => ({ name, content: readFileSync(join(SOURCE_DIR, name), 'utf8') }));
}

/**
 * keccak256 over the solc and OpenZeppelin versions, the compiler settings and every source file
 * (sorted by name). Cheap: no compiler is loaded, so a test can compare it with contracts/out.
 */
export function computeSourceHash(): Hex {
  const material = {
    solc: packageVersion('solc'),
    openzeppelin: packageVersion('@openzeppelin/contracts'),
    settings: COMPILER_SETTINGS,
    sources: readSources().map((s) => [s.name, s.content]),
  };
  return keccak256(toBytes(JSON.stringify(material)));
}

const cache = new Map<ContractName, Artifact>();

/** Loads contracts/out/<name>.json; throws a clear message when the build has not run. */
export function loadArtifact(name: ContractName): Artifact {
  const hit = cache.get(name);
  if (hit) return hit;
  // OPENLEDGER_CONTRACTS_OUT reads artifacts from elsewhere (tests of a missing build use it).
  const file = join(process.env.OPENLEDGER_CONTRACTS_OUT ?? OUT_DIR, `${name}.json`);
  let artifact: Artifact;
  try {
    artifact = JSON.parse(readFileSync(file, 'utf8')) as Artifact;
  } catch (err) {
    throw new Error(`missing contract artifact ${file}: run \`npm run contracts:build\` (${String(err)})`);
  }
  cache.set(name, artifact);
  return artifact;
}

/** The ABI of a compiled contract. */
export function abiOf(name: ContractName): Abi {
  return loadArtifact(name).abi;
}

// Compiles contracts/src with solc-js and writes contracts/out/<Contract>.json.
// Usage: npm run contracts:build
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  COMPILER_SETTINGS,
  CONTRACT_NAMES,
  OUT_DIR,
  computeSourceHash,
  readSources,
  type Artifact,
  type ContractName,
} from '../artifacts.ts';

interface SolcOutput {
  errors?: { severity: 'error' | 'warning' | 'info'; formattedMessage: string }[];
  contracts?: Record<
    string,
    Record<string, { abi: Artifact['abi']; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>
  >;
}
interface Solc {
  compile(input: string, callbacks: { import: (path: string) => { contents: string } | { error: string } }): string;
  version(): string;
}

const require = createRequire(import.meta.url);
const nodeModules = join(dirname(require.resolve('@openzeppelin/contracts/package.json')), '..', '..');
const GENERATED = 'by contracts/scripts/build.ts; do not edit';
const CODE_SIZE_LIMIT = 24_576; // EIP-170

function findImports(path: string): { contents: string } | { error: string } {
  try {
    return { contents: readFileSync(join(nodeModules, path), 'utf8') };
  } catch {
    return { error: `not found: ${path}` };
  }
}

function main(): void {
  const started = Date.now();
  const solc = require('solc') as Solc;
  const sources = readSources();
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(sources.map((s) => [s.name, { content: s.content }])),
    settings: {
      ...COMPILER_SETTINGS,
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  for (const w of output.errors ?? []) if (w.severity === 'warning') console.warn(w.formattedMessage);
  if (errors.length > 0) {
    for (const e of errors) console.error(e.formattedMessage);
    throw new Error(`solc failed with ${errors.length} error(s)`);
  }

  const sourceHash = computeSourceHash();
  const solcVersion = solc.version();
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  const written: ContractName[] = [];
  for (const name of CONTRACT_NAMES) {
    const sourceName = `${name}.sol`;
    const compiled = output.contracts?.[sourceName]?.[name];
    if (!compiled) throw new Error(`contract ${name} not found in ${sourceName}`);
    const size = compiled.evm.deployedBytecode.object.length / 2;
    if (size > CODE_SIZE_LIMIT) throw new Error(`${name} is ${size} bytes, above the ${CODE_SIZE_LIMIT}-byte limit`);
    const artifact: Artifact = {
      generated: GENERATED,
      contractName: name,
      sourceName: `contracts/src/${sourceName}`,
      solcVersion,
      sourceHash,
      abi: compiled.abi,
      bytecode: `0x${compiled.evm.bytecode.object}`,
    };
    writeFileSync(join(OUT_DIR, `${name}.json`), `${JSON.stringify(artifact, null, 2)}\n`);
    written.push(name);
    console.log(`${name.padEnd(20)} ${String(size).padStart(6)} bytes deployed`);
  }
  console.log(`wrote ${written.length} artifacts to contracts/out (${sourceHash}) in ${Date.now() - started} ms`);
}

main();

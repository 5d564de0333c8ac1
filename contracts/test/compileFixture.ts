// Compiles a test fixture of contracts/test/fixtures with the project's solc-js (same settings as
// the build). Fixtures are not protocol contracts: they are compiled when a test needs them and
// never written to contracts/out.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Abi, Hex } from 'viem';
import { COMPILER_SETTINGS } from '../artifacts.ts';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

interface Output {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
}

/** The ABI and creation bytecode of `fixtures/<name>.sol`'s contract `name` (no imports allowed). */
export function compileFixture(name: string): { abi: Abi; bytecode: Hex } {
  const solc = createRequire(import.meta.url)('solc') as { compile(input: string): string };
  const file = `${name}.sol`;
  const input = {
    language: 'Solidity',
    sources: { [file]: { content: readFileSync(join(FIXTURES, file), 'utf8') } },
    settings: { ...COMPILER_SETTINGS, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input))) as Output;
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`compiling ${file}: ${errors.map((e) => e.formattedMessage).join('\n')}`);
  const compiled = out.contracts?.[file]?.[name];
  if (!compiled) throw new Error(`compiling ${file}: expected a contract named ${name}, found ${Object.keys(out.contracts?.[file] ?? {}).join(', ') || 'none'}`);
  return { abi: compiled.abi, bytecode: `0x${compiled.evm.bytecode.object}` };
}

// `npm run typegen`: contracts/out/<Name>.json (and indexer/external-abi/*.json, ABIs of contracts
// the devnet does not deploy) -> indexer/abi/<Name>.ts with squid-evm-typegen, each file marked
// GENERATED. `npm run typegen -- --check` fails when indexer/abi/ is stale.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTRACT_NAMES, loadArtifact } from '../contracts/artifacts.ts';
import { ROOT, generatedHeader, readTree, runTool, withScratch, writeOrCheck, type GeneratedFiles } from './generated.ts';

export const ABI_DIR = join(ROOT, 'indexer', 'abi');
const EXTERNAL_ABI_DIR = join(ROOT, 'indexer', 'external-abi');

/** ABI sources: name -> [path shown in the header, ABI]. */
function sources(): Map<string, [string, unknown]> {
  const out = new Map<string, [string, unknown]>();
  for (const name of CONTRACT_NAMES) out.set(name, [`contracts/out/${name}.json`, loadArtifact(name).abi]);
  for (const file of readdirSync(EXTERNAL_ABI_DIR).filter((f) => f.endsWith('.json')).sort()) {
    const { abi } = JSON.parse(readFileSync(join(EXTERNAL_ABI_DIR, file), 'utf8')) as { abi: unknown };
    out.set(file.replace(/\.json$/, ''), [`indexer/external-abi/${file}`, abi]);
  }
  return out;
}

export function generateAbis(): GeneratedFiles {
  return withScratch((dir) => {
    const all = sources();
    const files = [...all].map(([name, [, abi]]) => {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(abi));
      return file;
    });
    runTool('squid-evm-typegen', [join(dir, 'out'), ...files], dir);
    const out: GeneratedFiles = new Map();
    for (const [path, code] of readTree(join(dir, 'out'))) {
      const source = all.get(path.replace(/\.ts$/, ''))?.[0] ?? 'an ABI';
      out.set(path, generatedHeader('squid-evm-typegen', source, 'npm run typegen') + code);
    }
    return out;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeOrCheck('typegen', ABI_DIR, generateAbis());
}

// `npm run codegen`: schema/schema.graphql -> db/model/generated/ with squid-typeorm-codegen.
// The tool reads every .graphql file of schema/ (where api.graphql also lives) and writes to
// src/model/generated, so it runs in a scratch folder holding only schema.graphql; its output
// gets explicit `.ts` import extensions (ESM), a GENERATED header, and the `design:type` metadata
// of the primary key: tsx (esbuild) does not emit decorator metadata, and typeorm needs it to type
// an `id` column declared without a type (it becomes `character varying`, as under tsc).
// `npm run codegen -- --check` fails when db/model/generated/ is stale.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, addTsExtensions, generatedHeader, readTree, runTool, withScratch, writeOrCheck, type GeneratedFiles } from './generated.ts';

const SCHEMA_FILE = join(ROOT, 'schema', 'schema.graphql');
export const MODEL_DIR = join(ROOT, 'db', 'model', 'generated');

/** What `emitDecoratorMetadata` would add for `@PrimaryColumn_() id!: string`. */
function withPrimaryKeyType(code: string): string {
  return code.replace(/^(\s*)@PrimaryColumn_\(\)\n(?=\s*id!: string)/gm, '$&$1@Reflect.metadata("design:type", String)\n');
}

export function generateModels(): GeneratedFiles {
  return withScratch((dir) => {
    copyFileSync(SCHEMA_FILE, join(dir, 'schema.graphql'));
    runTool('squid-typeorm-codegen', [], dir);
    const header = generatedHeader('squid-typeorm-codegen', 'schema/schema.graphql', 'npm run codegen');
    const out: GeneratedFiles = new Map();
    for (const [path, code] of readTree(join(dir, 'src', 'model', 'generated'))) {
      out.set(path, header + withPrimaryKeyType(addTsExtensions(code)));
    }
    return out;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeOrCheck('codegen', MODEL_DIR, generateModels());
}

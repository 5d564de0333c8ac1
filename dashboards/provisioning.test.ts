// The provisioning files: a Postgres datasource with the uid the dashboards name, the database under
// jsonData, the password under secureJsonData from the environment (never in the file), a login of the
// read-only role; a file provider reading the generated dashboards.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT } from '../lib/runtime.ts';
import { allDashboards } from './panelQueries.ts';
import { DATASOURCE } from './panels.ts';

/** `key: value` lines of a small YAML file as dotted paths by indentation (list items open a level). */
function yamlPaths(file: string): Map<string, string> {
  const paths = new Map<string, string>();
  const stack: { indent: number; key: string }[] = [];
  for (const raw of readFileSync(join(PROJECT_ROOT, 'dashboards', 'provisioning', file), 'utf8').split('\n')) {
    const line = raw.replace(/\s+#.*$/, '');
    const m = /^(\s*)(- )?([A-Za-z]\w*):\s*(.*)$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    const indent = m[1]!.length + (m[2] ? 2 : 0);
    while (stack.length > 0 && stack.at(-1)!.indent >= indent) stack.pop();
    const path = [...stack.map((s) => s.key), m[3]!].join('.');
    if (m[4]) paths.set(path, m[4]);
    stack.push({ indent, key: m[3]! });
  }
  return paths;
}

test('the datasource: Postgres, the uid every panel names, database in jsonData, password from the environment in secureJsonData', () => {
  const ds = yamlPaths('datasources/openledger.yaml');
  assert.equal(ds.get('apiVersion'), '1');
  assert.equal(ds.get('datasources.type'), DATASOURCE.type);
  assert.equal(ds.get('datasources.uid'), DATASOURCE.uid);
  assert.match(ds.get('datasources.jsonData.database') ?? '', /^\$\{OPENLEDGER_PG_DATABASE\}$/);
  assert.match(ds.get('datasources.secureJsonData.password') ?? '', /^\$\{OPENLEDGER_PG_PASSWORD\}$/);
  assert.equal(ds.get('datasources.password'), undefined, 'no plain password');
  assert.equal(ds.get('datasources.database'), undefined, 'the database sits under jsonData');
  assert.match(ds.get('datasources.user') ?? '', /^\$\{OPENLEDGER_PG_USER\}$/);
  for (const [, d] of allDashboards()) {
    for (const p of d.panels ?? []) assert.deepEqual('datasource' in p ? p.datasource : undefined, DATASOURCE, `${d.uid}/${p.title}`);
  }
});

test('the dashboards provider reads the generated JSON from a folder the environment names', () => {
  const p = yamlPaths('dashboards/openledger.yaml');
  assert.equal(p.get('providers.type'), 'file');
  assert.equal(p.get('providers.folder'), 'OpenLedger');
  assert.equal(p.get('providers.allowUiUpdates'), 'false');
  assert.equal(p.get('providers.options.path'), '${OPENLEDGER_DASHBOARDS_DIR}');
});

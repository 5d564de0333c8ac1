// The dashboards as code: they compile against the SDK's types, the generated JSON is current and
// valid against the dashboard schema, and they keep the project's conventions (OPEN amounts in OPEN,
// variables declared where used, contributor links that reach the contributor dashboard).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import ts from 'typescript';
import { PROJECT_ROOT } from '../lib/runtime.ts';
import { DASHBOARD_SCHEMA } from './dashboardSchema.ts';
import { staleOutputs } from './generate.ts';
import { allDashboards, panelQueries, variableQueries } from './panelQueries.ts';
import { UID } from './panels.ts';

test('every dashboard module compiles against the SDK types', () => {
  const dir = join(PROJECT_ROOT, 'dashboards');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => join(dir, f));
  const config = ts.getParsedCommandLineOfConfigFile(join(PROJECT_ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const program = ts.createProgram(files, config.options);
  const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  assert.deepEqual(errors, []);
  assert.ok(files.length >= 10, `${files.length} modules`);
});

test('dashboards/out holds exactly what npm run dashboards generates', () => {
  assert.deepEqual(staleOutputs(), [], 'run npm run dashboards and commit dashboards/out');
});

test('every dashboard validates against the dashboard schema; the schema rejects what Grafana could not use', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(DASHBOARD_SCHEMA);
  const dashboards = allDashboards();
  assert.equal(dashboards.length, 7);
  for (const [name, d] of dashboards) {
    const plain = JSON.parse(JSON.stringify(d));
    assert.ok(validate(plain), `${name}: ${JSON.stringify(validate.errors?.slice(0, 5))}`);
  }
  const [, sample] = dashboards[0]!;
  const broken = JSON.parse(JSON.stringify(sample));
  broken.panels[0].targets[0].format = 'logs';
  assert.equal(validate(broken), false, 'an unknown query format');
  const noSql = JSON.parse(JSON.stringify(sample));
  noSql.panels[1].targets[0].rawSql = '';
  assert.equal(validate(noSql), false, 'an empty query');
  const otherDs = JSON.parse(JSON.stringify(sample));
  otherDs.panels[2].datasource = { type: 'prometheus', uid: 'x' };
  assert.equal(validate(otherDs), false, 'another datasource');
});

test('layout: unique panel ids, every panel inside the 24-column grid', () => {
  for (const [name, d] of allDashboards()) {
    const ids = (d.panels ?? []).map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length, `${name}: panel ids`);
    for (const p of d.panels ?? []) assert.ok(p.gridPos!.x + p.gridPos!.w <= 24, `${name}/${p.title}: x + w <= 24`);
  }
});

test('OPEN amounts are shown in OPEN, percentages as percent, time series ask for the time_series format', () => {
  for (const [name, d] of allDashboards()) {
    for (const p of d.panels ?? []) {
      if (!('targets' in p)) continue;
      const sql = (p.targets as unknown as { rawSql: string; format: string }[]).map((t) => t.rawSql).join('\n');
      const units = [p.fieldConfig?.defaults?.unit, ...(p.fieldConfig?.overrides ?? []).flatMap((o) => o.properties.filter((x) => x.id === 'unit').map((x) => x.value as string))];
      if (/_open\b/.test(sql)) assert.ok(units.some((u) => /OPEN$/.test(u ?? '')), `${name}/${p.title}: an OPEN amount without the OPEN unit (${units.join(', ')})`);
      if (/share_pct|\* 100 \/|\/ 1e7/.test(sql)) assert.ok(units.includes('percent'), `${name}/${p.title}: a share without the percent unit`);
      const formats = (p.targets as unknown as { format: string }[]).map((t) => t.format);
      assert.deepEqual(formats.map((f) => f === 'time_series'), formats.map(() => p.type === 'timeseries'), `${name}/${p.title}: format ${formats}`);
      if (p.type === 'timeseries') assert.match(sql, /\$__(timeGroupAlias|unixEpochGroupAlias)\(/, `${name}/${p.title}: a time series groups by $__interval`);
    }
  }
});

test('every variable a panel uses is declared; multi-value ones are used in IN (…), single ones as a quoted SQL string', () => {
  const declared = new Map(variableQueries().map((v) => [`${v.dashboard}/${v.name}`, v]));
  const used = new Set<string>();
  for (const q of panelQueries()) {
    for (const m of q.rawSql.matchAll(/\$\{?([a-z][a-z0-9_]*)(?::(\w+))?\}?/g)) {
      const v = declared.get(`${q.dashboard}/${m[1]}`);
      assert.ok(v, `${q.dashboard}/${q.panel}: $${m[1]} is not a variable of the dashboard`);
      used.add(`${q.dashboard}/${m[1]}`);
      if (v.multi) assert.ok(q.rawSql.includes(`IN ($${m[1]})`), `${q.dashboard}/${q.panel}: multi-value $${m[1]} outside IN (…)`);
      else assert.equal(m[2], 'sqlstring', `${q.dashboard}/${q.panel}: single-value $${m[1]} must be \${${m[1]}:sqlstring}`);
    }
  }
  assert.deepEqual([...declared.keys()].filter((k) => !used.has(k)), [], 'declared but unused variables');
  assert.deepEqual([...declared.values()].map((v) => `${v.name}:${v.multi}`).sort(), ['contributor:false', 'datanet:true', 'model:true']);
});

test('a contributor column links to the Attribution dashboard with its variable and the time range', () => {
  const byUid = new Map(allDashboards().map(([, d]) => [d.uid, d]));
  let links = 0;
  for (const [name, d] of allDashboards()) {
    for (const p of d.panels ?? []) {
      if (!('fieldConfig' in p)) continue;
      for (const o of p.fieldConfig?.overrides ?? []) {
        for (const prop of o.properties.filter((x) => x.id === 'links')) {
          for (const l of prop.value as { url: string }[]) {
            links++;
            assert.equal(o.matcher.options, 'contributor', `${name}/${p.title}`);
            const m = /^\/d\/([^/]+)\/[^?]+\?var-(\w+)=\$\{__value\.raw\}&\$\{__url_time_range\}$/.exec(l.url);
            assert.ok(m, `${name}/${p.title}: ${l.url}`);
            assert.equal(m[1], UID.attribution);
            assert.ok(byUid.get(m[1])?.templating?.list?.some((v) => v.name === m[2]), `the target declares $${m[2]}`);
          }
        }
      }
    }
  }
  assert.ok(links >= 3, `${links} contributor links`);
});

// The expansion rules, each against Grafana's documented or source-stated result, written out by hand.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calculateInterval, expandMacros, expandPanelSql, goFloat, replaceVariables, type TimeRange } from './macros.ts';

// 2017-04-21T05:01:17Z .. 2017-04-22T05:01:17Z (the docs' example instants)
const range: TimeRange = { from: new Date(Date.UTC(2017, 3, 21, 5, 1, 17)), to: new Date(Date.UTC(2017, 3, 22, 5, 1, 17)) };
const HOUR = 3_600_000;

test('time macros expand as the Postgres macro engine writes them', () => {
  assert.equal(expandMacros('WHERE $__timeFilter(created_at)', range, HOUR), "WHERE created_at BETWEEN '2017-04-21T05:01:17Z' AND '2017-04-22T05:01:17Z'");
  assert.equal(expandMacros('$__timeFrom() $__timeTo()', range, HOUR), "'2017-04-21T05:01:17Z' '2017-04-22T05:01:17Z'");
  assert.equal(expandMacros('$__time(t)', range, HOUR), 't AS "time"');
  assert.equal(expandMacros('$__timeEpoch(t)', range, HOUR), 'extract(epoch from t) as "time"');
  assert.equal(expandMacros('$__unixEpochFilter(ts)', range, HOUR), 'ts >= 1492750877 AND ts <= 1492837277');
  assert.equal(expandMacros('$__unixEpochFrom() $__unixEpochTo()', range, HOUR), '1492750877 1492837277');
  assert.equal(expandMacros('$__unixEpochNanoFrom()', range, HOUR), '1492750877000000000');
  const ms = { from: new Date(Date.UTC(2017, 3, 21, 5, 1, 17, 120)), to: new Date(Date.UTC(2017, 3, 21, 5, 1, 17, 5)) };
  assert.equal(expandMacros('$__timeFrom() $__timeTo()', ms, HOUR), "'2017-04-21T05:01:17.12Z' '2017-04-21T05:01:17.005Z'", 'RFC3339Nano trims zeros');
});

test('group macros: seconds as Go prints a float, the pre-5.3 alias form, quotes around the interval', () => {
  assert.equal(expandMacros("SELECT $__timeGroup(t, '5m') AS x", range, HOUR), 'SELECT floor(extract(epoch from t)/300)*300 AS x');
  assert.equal(expandMacros('SELECT $__timeGroupAlias(t, 1h), v', range, HOUR), 'SELECT floor(extract(epoch from t)/3600)*3600 AS "time", v');
  assert.equal(expandMacros('SELECT $__timeGroup(t,1d), v', range, HOUR), 'SELECT floor(extract(epoch from t)/86400)*86400 AS "time", v', 'followed by a comma: aliased');
  assert.equal(expandMacros('$__timeGroup(t, 30d)', range, HOUR), 'floor(extract(epoch from t)/2.592e+06)*2.592e+06');
  assert.equal(expandMacros('$__timeGroup(t, 500ms)', range, HOUR), 'floor(extract(epoch from t)/0.5)*0.5');
  assert.equal(expandMacros('$__unixEpochGroupAlias(ts, 1h)', range, HOUR), 'floor((ts)/3600)*3600 AS "time"');
  assert.equal(expandMacros('$__timeGroup(t, $__interval)', range, 2 * HOUR), 'floor(extract(epoch from t)/7200)*7200');
  assert.equal(expandMacros('$__interval_ms $__interval', range, 86_400_000), '86400000 1d');
  assert.throws(() => expandMacros('$__nope(x)', range, HOUR), /unknown macro "__nope"/);
  assert.throws(() => expandMacros('$__timeGroup(t)', range, HOUR), /needs time column and interval/);
  assert.throws(() => expandMacros('$__timeFilter()', range, HOUR), /missing time column/);
  assert.equal(goFloat(604800), '604800');
  assert.equal(goFloat(31536000), '3.1536e+07');
});

test('$__interval: range / max data points, rounded to a nice interval, not below the minimum', () => {
  const day = { from: new Date(0), to: new Date(86_400_000) };
  assert.deepEqual(calculateInterval(day, 500), { intervalMs: 120_000, interval: '2m' }, '172.8 s rounds to 2m');
  assert.deepEqual(calculateInterval(day, 500, '1h'), { intervalMs: HOUR, interval: '1h' });
  const month = { from: new Date(0), to: new Date(30 * 86_400_000) };
  assert.deepEqual(calculateInterval(month, 500), { intervalMs: HOUR, interval: '1h' }, '5184 s rounds to 1h');
  assert.deepEqual(calculateInterval(month, 200), { intervalMs: 3 * HOUR, interval: '3h' }, '12960 s rounds to 3h');
  assert.deepEqual(calculateInterval(month, 500, '1d'), { intervalMs: 86_400_000, interval: '1d' });
});

test('template variables: single values escaped, multi and all quoted and joined, explicit formats, unknown names kept', () => {
  const vars = {
    one: { value: "it's", multi: false, includeAll: false },
    many: { value: ['1', "x'y"], multi: true, includeAll: true },
    picked: { value: '7', multi: true, includeAll: true },
    all: { value: '$__all', multi: true, includeAll: true, all: ['1', '2', '3'] },
    custom: { value: ['$__all'], multi: true, includeAll: true, all: ['1'], allValue: '.*' },
  };
  const out = replaceVariables("a = '$one' AND b IN ($many) AND c IN (${picked}) AND d IN ([[all]]) AND e ~ '$custom' AND f = ${one:sqlstring} AND g = '${many:csv}' AND $unknown AND $1", vars, { __interval: '1h' });
  assert.equal(out, "a = 'it''s' AND b IN ('1','x''y') AND c IN ('7') AND d IN ('1','2','3') AND e ~ '.*' AND f = 'it''s' AND g = '1,x'y' AND $unknown AND $1");
  assert.throws(() => replaceVariables('${one:nope}', vars, {}), /expected one of sqlstring/);
});

test('a whole panel: variables first, then the backend (a variable may carry a macro argument)', () => {
  const { sql, intervalMs } = expandPanelSql(
    'SELECT $__timeGroupAlias(bucket, $__interval), sum(x) FROM v WHERE $__timeFilter(bucket) AND id IN ($ids) GROUP BY 1',
    { range, maxDataPoints: 500, minInterval: '1h', variables: { ids: { value: ['1', '2'], multi: true, includeAll: false } } },
  );
  assert.equal(intervalMs, HOUR);
  assert.equal(sql, `SELECT floor(extract(epoch from bucket)/3600)*3600 AS "time", sum(x) FROM v WHERE bucket BETWEEN '2017-04-21T05:01:17Z' AND '2017-04-22T05:01:17Z' AND id IN ('1','2') GROUP BY 1`);
});

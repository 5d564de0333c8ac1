// A panel's SQL as Grafana's Postgres datasource runs it, so tests and the benchmark run exactly that:
// 1. the frontend picks `$__interval` from the time range, the panel's max data points and its
//    minimum interval (`calculateInterval`, `roundInterval`, `secondsToHms` of Grafana's rangeutil);
// 2. the frontend replaces template variables (templateSrv: `$name`, `${name}`, `${name:format}`,
//    `[[name]]`; the SQL datasources' default formatting: a multi-value or include-all variable is
//    quoted and joined with commas, a single value has its quotes doubled and is not quoted) and
//    the built-in `$__interval`, `$__interval_ms`, `$__from`, `$__to`;
// 3. the backend's global substitutions (`$__interval_ms`, `$__interval`, `$__unixEpochFrom()`,
//    `$__unixEpochTo()`), then its Postgres macro engine (`$__time`, `$__timeEpoch`,
//    `$__timeFilter`, `$__timeFrom`, `$__timeTo`, `$__timeGroup`, `$__timeGroupAlias`,
//    `$__unixEpochFilter`, `$__unixEpochNanoFilter`, `$__unixEpochNanoFrom`, `$__unixEpochNanoTo`,
//    `$__unixEpochGroup`, `$__unixEpochGroupAlias`; an unknown `$__name(…)` is an error, as there).
// docs/dashboards.md says where each rule comes from.

export interface TimeRange {
  from: Date;
  to: Date;
}

/** A template variable's selection: one value, several, or "All" (then `all` holds every option's value). */
export interface VariableSelection {
  value: string | string[];
  multi: boolean;
  includeAll: boolean;
  /** "All" selected: Grafana uses `allValue` when the variable has one, else every option's value */
  all?: string[];
  allValue?: string;
}

export interface ExpandOptions {
  range: TimeRange;
  /** the panel's max data points (Grafana uses the panel's width when unset) */
  maxDataPoints: number;
  /** the panel's minimum interval (e.g. '1h'), if any */
  minInterval?: string;
  variables?: Record<string, VariableSelection>;
}

const INTERVAL_UNITS_SECONDS: Record<string, number> = { y: 31536000, M: 2592000, w: 604800, d: 86400, h: 3600, m: 60, s: 1, ms: 0.001 };

/** Grafana's describeInterval/intervalToMs: '1h' -> 3600000; a bare number is seconds. */
export function intervalToMs(text: string): number {
  if (Number(text)) return parseInt(text, 10) * 1000;
  const m = /(-?\d+(?:\.\d+)?)(ms|[Mwdhmsy])/.exec(text);
  if (!m) throw new Error(`interval: expected a number and one of the units ${Object.keys(INTERVAL_UNITS_SECONDS).join(', ')}, got ${JSON.stringify(text)}`);
  return INTERVAL_UNITS_SECONDS[m[2]!]! * 1000 * parseInt(m[1]!, 10);
}

/** Grafana's roundInterval: the "nice" interval (ms) for a raw one. */
export function roundInterval(ms: number): number {
  const steps: [below: number, nice: number][] = [
    [10, 1], [15, 10], [35, 20], [75, 50], [150, 100], [350, 200], [750, 500], [1500, 1000], [3500, 2000], [7500, 5000],
    [12500, 10000], [17500, 15000], [25000, 20000], [45000, 30000], [90000, 60000], [210000, 120000], [450000, 300000],
    [750000, 600000], [1050000, 900000], [1500000, 1200000], [2700000, 1800000], [5400000, 3600000], [9000000, 7200000],
    [16200000, 10800000], [32400000, 21600000], [86400000, 43200000], [604800000, 86400000], [1814400000, 604800000],
    [3628800000, 2592000000],
  ];
  for (const [below, nice] of steps) if (ms < below) return nice;
  return 31536000000;
}

/** Grafana's secondsToHms: the largest whole unit ('1h', '30m', '7d'). */
export function secondsToHms(seconds: number): string {
  const years = Math.floor(seconds / 31536000);
  if (years) return `${years}y`;
  const days = Math.floor((seconds % 31536000) / 86400);
  if (days) return `${days}d`;
  const hours = Math.floor(((seconds % 31536000) % 86400) / 3600);
  if (hours) return `${hours}h`;
  const minutes = Math.floor((((seconds % 31536000) % 86400) % 3600) / 60);
  if (minutes) return `${minutes}m`;
  const secs = Math.floor((((seconds % 31536000) % 86400) % 3600) % 60);
  if (secs) return `${secs}s`;
  const ms = Math.floor(seconds * 1000);
  if (ms) return `${ms}ms`;
  return 'less than a millisecond';
}

/** Grafana's calculateInterval: range / resolution, rounded, not below the minimum interval. */
export function calculateInterval(range: TimeRange, resolution: number, minInterval?: string): { intervalMs: number; interval: string } {
  const lowLimitMs = minInterval ? intervalToMs(minInterval) : 1;
  let intervalMs = roundInterval((range.to.getTime() - range.from.getTime()) / resolution);
  if (lowLimitMs > intervalMs) intervalMs = lowLimitMs;
  return { intervalMs, interval: secondsToHms(intervalMs / 1000) };
}

/** Postgres's quoteLiteral in Grafana's SQL datasource: quotes doubled, wrapped in quotes. */
const quoteLiteral = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** The SQL datasources' interpolateVariable (their default format). */
function sqlDefaultFormat(value: string | string[], v: { multi: boolean; includeAll: boolean }): string {
  if (Array.isArray(value)) return value.map(quoteLiteral).join(',');
  return v.multi || v.includeAll ? quoteLiteral(value) : value.replace(/'/g, "''");
}

/** The formats of `${name:format}` that make sense in SQL (Grafana's format registry). */
function explicitFormat(format: string, value: string | string[]): string {
  const values = Array.isArray(value) ? value : [value];
  switch (format) {
    case 'sqlstring':
      return values.map(quoteLiteral).join(',');
    case 'csv':
    case 'raw':
      return values.join(',');
    case 'singlequote':
      return values.map((v) => `'${v.replace(/'/g, "\\'")}'`).join(',');
    case 'doublequote':
      return values.map((v) => `"${v.replace(/"/g, '\\"')}"`).join(',');
    default:
      throw new Error(`template variable format: expected one of sqlstring, csv, raw, singlequote, doublequote, got ${JSON.stringify(format)}`);
  }
}

const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\${(\w+)(?:\.([^:^}]+))?(?::([^}]+))?}/g;

/** Step 2: the frontend's templateSrv.replace with the SQL datasource's formatting. */
export function replaceVariables(sql: string, variables: Record<string, VariableSelection>, builtins: Record<string, string>): string {
  return sql.replace(VARIABLE, (match, v1?: string, v2?: string, f2?: string, v3?: string, _path?: string, f3?: string) => {
    const name = (v1 ?? v2 ?? v3)!;
    const format = f2 ?? f3;
    if (name in builtins) return builtins[name]!;
    const v = variables[name];
    if (!v) return match; // not a variable: left as written (Grafana does the same)
    let value: string | string[] = v.value;
    const isAll = value === '$__all' || (Array.isArray(value) && value.length === 1 && value[0] === '$__all');
    if (isAll) {
      if (v.allValue !== undefined) return v.allValue; // a custom all value goes in as written
      value = v.all ?? [];
    }
    return format ? explicitFormat(format, value) : sqlDefaultFormat(value, v);
  });
}

/** Go's time.RFC3339Nano of a UTC time: no fraction when it is zero, trailing zeros trimmed. */
function rfc3339Nano(d: Date): string {
  const iso = d.toISOString(); // 2024-01-02T03:04:05.678Z
  const [main, frac] = iso.slice(0, -1).split('.');
  const trimmed = (frac ?? '').replace(/0+$/, '');
  return `${main}${trimmed ? `.${trimmed}` : ''}Z`;
}

/** Go's %v of a float64: the shortest digits, in exponent form below 1e-4 and from 1e6 (2592000 -> 2.592e+06). */
export function goFloat(x: number): string {
  if (x === 0) return '0';
  const exp = Number(x.toExponential().split('e')[1]);
  if (exp < -4 || exp >= 6) {
    const [mant, e] = x.toExponential().split('e');
    const n = Number(e);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return String(x);
}

/** gtime.ParseInterval: a Go duration or a number with d, w, M, y; returns seconds. */
function parseGoInterval(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d|w|M|y)$/.exec(text);
  if (!m) throw new Error(`error parsing interval ${text}`);
  const n = Number(m[1]);
  const unit: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400, w: 604800, M: 2592000, y: 31536000 };
  return n * unit[m[2]!]!;
}

/** gtime.FormatInterval: the backend's text for `$__interval`. */
function formatGoInterval(ms: number): string {
  const steps: [number, string][] = [[31536000000, 'y'], [86400000, 'd'], [3600000, 'h'], [60000, 'm'], [1000, 's'], [1, 'ms']];
  for (const [size, unit] of steps) if (ms >= size) return `${Math.floor(ms / size)}${unit}`;
  return '1ms';
}

const MACRO = /\$([_a-zA-Z0-9]+)\(([^)]*)\)/g;

/** Step 3: the backend's global substitutions and the Postgres macro engine. */
export function expandMacros(sql: string, range: TimeRange, intervalMs: number): string {
  const fromS = Math.floor(range.from.getTime() / 1000);
  const toS = Math.floor(range.to.getTime() / 1000);
  const fromNs = BigInt(range.from.getTime()) * 1_000_000n;
  const toNs = BigInt(range.to.getTime()) * 1_000_000n;
  let out = sql
    .replaceAll('$__interval_ms', String(intervalMs))
    .replaceAll('$__interval', formatGoInterval(intervalMs))
    .replaceAll('$__unixEpochFrom()', String(fromS))
    .replaceAll('$__unixEpochTo()', String(toS));
  const original = out;
  out = out.replace(MACRO, (whole, name: string, argText: string) => {
    // "$__timeGroup(…)," is the pre-5.3 form that also names the column: it becomes $__timeGroupAlias
    if (name === '__timeGroup') {
      const at = original.indexOf(whole);
      if (at >= 0 && original[at + whole.length] === ',') name = '__timeGroupAlias';
    }
    const args = argText.split(',').map((a) => a.replace(/^ +| +$/g, ''));
    return macro(name, args);
  });
  return out;

  function group(args: string[], name: string, epochColumn: boolean): string {
    if (args.length < 2) throw new Error(`macro ${name} needs time column and interval and optional fill value`);
    const seconds = goFloat(parseGoInterval(args[1]!.replace(/^'+|'+$/g, '')));
    return epochColumn ? `floor((${args[0]})/${seconds})*${seconds}` : `floor(extract(epoch from ${args[0]})/${seconds})*${seconds}`;
  }

  function column(args: string[], name: string): string {
    if (args.length === 0 || args[0] === '') throw new Error(`missing time column argument for macro ${name}`);
    return args[0]!;
  }

  function macro(name: string, args: string[]): string {
    switch (name) {
      case '__time': return `${column(args, name)} AS "time"`;
      case '__timeEpoch': return `extract(epoch from ${column(args, name)}) as "time"`;
      case '__timeFilter': return `${column(args, name)} BETWEEN '${rfc3339Nano(range.from)}' AND '${rfc3339Nano(range.to)}'`;
      case '__timeFrom': return `'${rfc3339Nano(range.from)}'`;
      case '__timeTo': return `'${rfc3339Nano(range.to)}'`;
      case '__timeGroup': return group(args, name, false);
      case '__timeGroupAlias': return `${group(args, name, false)} AS "time"`;
      case '__unixEpochFilter': { const c = column(args, name); return `${c} >= ${fromS} AND ${c} <= ${toS}`; }
      case '__unixEpochNanoFilter': { const c = column(args, name); return `${c} >= ${fromNs} AND ${c} <= ${toNs}`; }
      case '__unixEpochNanoFrom': return String(fromNs);
      case '__unixEpochNanoTo': return String(toNs);
      case '__unixEpochGroup': return group(args, name, true);
      case '__unixEpochGroupAlias': return `${group(args, name, true)} AS "time"`;
      default: throw new Error(`unknown macro "${name}"`);
    }
  }
}

/** A panel's SQL as the Postgres datasource runs it for `options` (steps 1 to 3). */
export function expandPanelSql(sql: string, options: ExpandOptions): { sql: string; intervalMs: number } {
  const { intervalMs, interval } = calculateInterval(options.range, options.maxDataPoints, options.minInterval);
  const builtins = {
    __interval: interval,
    __interval_ms: String(intervalMs),
    __from: String(options.range.from.getTime()),
    __to: String(options.range.to.getTime()),
  };
  const templated = replaceVariables(sql, options.variables ?? {}, builtins);
  return { sql: expandMacros(templated, options.range, intervalMs), intervalMs };
}

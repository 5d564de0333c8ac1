// The queries of the generated dashboards, as the tests and the benchmark run them: every panel's
// target and every variable's query, with what the panel needs of its result.
import type { Dashboard, VariableModel } from '@grafana/grafana-foundation-sdk/dashboard';
import { buildDashboard, DASHBOARDS } from './index.ts';
import type { VariableSelection } from './macros.ts';
import type { PostgresQuery } from './postgresQuery.ts';

export interface PanelQuery {
  dashboard: string;
  panel: string;
  /** timeseries, stat, bargauge, table */
  type: string;
  format: PostgresQuery['format'];
  rawSql: string;
  maxDataPoints: number;
  minInterval?: string;
}

export interface VariableQuery {
  dashboard: string;
  name: string;
  rawSql: string;
  multi: boolean;
  includeAll: boolean;
}

/** Grafana's default max data points: the panel's width in pixels; a fixed stand-in where a panel sets none. */
export const DEFAULT_MAX_DATA_POINTS = 1000;

export function allDashboards(): [name: string, dashboard: Dashboard][] {
  return Object.keys(DASHBOARDS).map((name) => [name, buildDashboard(name)]);
}

export function panelQueries(): PanelQuery[] {
  return allDashboards().flatMap(([name, d]) =>
    (d.panels ?? []).flatMap((p) => {
      if (p.type === 'row' || !('targets' in p)) return [];
      return (p.targets as unknown as PostgresQuery[]).map((t) => ({
        dashboard: name,
        panel: p.title ?? '',
        type: p.type,
        format: t.format,
        rawSql: t.rawSql,
        maxDataPoints: p.maxDataPoints ?? DEFAULT_MAX_DATA_POINTS,
        minInterval: p.interval,
      }));
    }));
}

export function variableQueries(): VariableQuery[] {
  return allDashboards().flatMap(([name, d]) =>
    (d.templating?.list ?? []).map((v: VariableModel) => ({
      dashboard: name, name: v.name, rawSql: String(v.query ?? ''), multi: v.multi ?? false, includeAll: v.includeAll ?? false,
    })));
}

export interface Selection {
  label: string;
  variables: Record<string, VariableSelection>;
}

/**
 * The variable selections a panel is run with, from each variable's options (`<dashboard>/<name>`):
 * every multi-value variable as two values, as one, and as "All"; a single-value one as its first option.
 */
export function selectionsFor(q: PanelQuery, options: ReadonlyMap<string, string[]>): Selection[] {
  const vars = variableQueries().filter((v) => v.dashboard === q.dashboard);
  const pick = (mode: 'two' | 'one' | 'all') => Object.fromEntries(vars.map((v) => {
    const all = options.get(`${v.dashboard}/${v.name}`) ?? [];
    if (all.length === 0) throw new Error(`${v.dashboard}: variable ${v.name} has no options`);
    if (!v.multi) return [v.name, { value: all[0]!, multi: false, includeAll: false }];
    const value = mode === 'all' ? '$__all' : mode === 'one' ? [all[0]!] : all.slice(0, 2);
    return [v.name, { value, multi: true, includeAll: v.includeAll, all }];
  }));
  return vars.some((v) => v.multi)
    ? [{ label: 'two values', variables: pick('two') }, { label: 'one value', variables: pick('one') }, { label: 'All', variables: pick('all') }]
    : [{ label: vars.length > 0 ? 'single values' : 'no variables', variables: pick('one') }];
}

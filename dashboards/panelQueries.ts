// The queries of the generated dashboards, as the tests and the benchmark run them: every panel's
// target and every variable's query, with what the panel needs of its result.
import type { Dashboard, VariableModel } from '@grafana/grafana-foundation-sdk/dashboard';
import { buildDashboard, DASHBOARDS } from './index.ts';
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

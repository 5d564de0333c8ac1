// What every dashboard shares: the datasource, panel builders with the project's units (OPEN amounts
// in OPEN, ppb shares as percentages), template variables and the link from a contributor to the
// Attribution dashboard. The SQL of every panel reads the analytics views (db/migrations/*-AnalyticsViews.js).
import { BarGaugeDisplayMode, BigValueGraphMode, GraphDrawStyle, LegendDisplayMode, LegendPlacement, ReduceDataOptionsBuilder, StackingConfigBuilder, StackingMode, VizLegendOptionsBuilder, VizOrientation, type DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import type { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import { DashboardBuilder, DashboardLinkBuilder, DashboardLinkType, QueryVariableBuilder, VariableRefresh, VariableSort, type DynamicConfigValue, type GridPos } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as BarGaugeBuilder } from '@grafana/grafana-foundation-sdk/bargauge';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TableBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeSeriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { POSTGRES_DATASOURCE_TYPE, PostgresQueryBuilder, type PostgresFormat } from './postgresQuery.ts';

/** The datasource the provisioning file creates (dashboards/provisioning/datasources/openledger.yaml). */
export const DATASOURCE: DataSourceRef = { type: POSTGRES_DATASOURCE_TYPE, uid: 'openledger-postgres' };

/** Dashboard uids: stable, so links between dashboards hold. */
export const UID = {
  overview: 'openledger-overview',
  datanets: 'openledger-datanets',
  models: 'openledger-models',
  attribution: 'openledger-attribution',
  disputes: 'openledger-disputes',
  governance: 'openledger-governance',
  indexer: 'openledger-indexer',
} as const;

/** How a value column is shown. */
export const UNITS = {
  /** OPEN (or GOPEN/WOPEN) amounts, converted from 18 decimals in SQL */
  open: { unit: 'suffix: OPEN', decimals: 2 },
  gopen: { unit: 'suffix: GOPEN', decimals: 2 },
  credits: { unit: 'suffix: credits', decimals: 2 },
  /** shares in parts per billion shown as percentages (ppb / 1e7) */
  percent: { unit: 'percent', decimals: 2 },
  count: { unit: 'short', decimals: 0 },
  seconds: { unit: 's', decimals: 0 },
  none: { unit: 'none', decimals: 0 },
} as const;
export type UnitName = keyof typeof UNITS;

/**
 * The days of a daily view that overlap the time range (a day that starts before the range but ends
 * in it counts: `$__timeFilter(bucket)` would drop the range's first, partial day).
 */
export const DAYS_IN_RANGE = "bucket > $__timeFrom()::timestamptz - interval '1 day' AND bucket <= $__timeTo()";

/**
 * A time series' SQL over a bucketed view: `sum(sum)` per `$__interval`, one series per `metric` when
 * given. (`$__timeGroup` last in GROUP BY: followed by a comma Grafana would alias it, its pre-5.3 rule.)
 */
export function seriesSql(o: { view: string; sum: string; as: string; metric?: string; where: string }): string {
  const metric = o.metric ? ` ${o.metric} AS metric,` : '';
  return `
    SELECT $__timeGroupAlias(bucket, $__interval),${metric} sum(${o.sum}) AS "${o.as}"
    FROM ${o.view} WHERE ${o.where}
    GROUP BY ${o.metric ? 'metric, ' : ''}$__timeGroup(bucket, $__interval) ORDER BY 1`;
}

export interface PanelSpec {
  title: string;
  description?: string;
  sql: string;
  unit?: UnitName;
  /** grid width (of 24) and height */
  w?: number;
  h?: number;
}

function query(sql: string, format: PostgresFormat): PostgresQueryBuilder {
  return new PostgresQueryBuilder(sql.trim().replace(/\n\s+/g, '\n'), format).datasource(DATASOURCE);
}

function unitProperties(unit: UnitName): DynamicConfigValue[] {
  return [{ id: 'unit', value: UNITS[unit].unit }, { id: 'decimals', value: UNITS[unit].decimals }];
}

/** What every panel builder of the SDK has (each method returns the builder). */
interface QueryPanel<T> {
  title(title: string): T;
  description(description: string): T;
  datasource(datasource: DataSourceRef): T;
  withTarget(target: Builder<Dataquery>): T;
  gridPos(gridPos: GridPos): T;
  unit(unit: string): T;
  decimals(decimals: number): T;
}

/** Title, description, the datasource, the query, the size and (given a unit) unit and decimals. */
function common<T extends QueryPanel<T>>(panel: T, spec: PanelSpec, format: PostgresFormat, size: { w: number; h: number }, unit?: UnitName): T {
  panel.title(spec.title).description(spec.description ?? '').datasource(DATASOURCE).withTarget(query(spec.sql, format))
    .gridPos({ x: 0, y: 0, w: spec.w ?? size.w, h: spec.h ?? size.h });
  if (unit) panel.unit(UNITS[unit].unit).decimals(UNITS[unit].decimals);
  return panel;
}

/**
 * A time series: the SQL returns `time`, optionally a `metric` column naming the series, and value
 * columns. `minInterval` is the panel's lowest `$__interval` (the views' bucket: 1h or 1d).
 */
export function timeSeries(spec: PanelSpec & { minInterval: '1h' | '1d'; bars?: boolean; stacked?: boolean }): TimeSeriesBuilder {
  const panel = common(new TimeSeriesBuilder(), spec, 'time_series', { w: 12, h: 8 }, spec.unit ?? 'count')
    .interval(spec.minInterval)
    .maxDataPoints(500)
    .legend(new VizLegendOptionsBuilder().displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom).showLegend(true))
    .drawStyle(spec.bars ? GraphDrawStyle.Bars : GraphDrawStyle.Line)
    .fillOpacity(spec.bars ? 80 : 10);
  if (spec.stacked) panel.stacking(new StackingConfigBuilder().mode(StackingMode.Normal));
  return panel;
}

/** One big number (the first row's value columns). */
export function stat(spec: PanelSpec): StatBuilder {
  return common(new StatBuilder(), spec, 'table', { w: 4, h: 4 }, spec.unit ?? 'count')
    .graphMode(BigValueGraphMode.None)
    .reduceOptions(new ReduceDataOptionsBuilder().values(false).calcs(['lastNotNull']));
}

/** Horizontal bars, one per row: a text column names the bar, a value column sizes it. */
export function barGauge(spec: PanelSpec): BarGaugeBuilder {
  return common(new BarGaugeBuilder(), spec, 'table', { w: 12, h: 8 }, spec.unit ?? 'count')
    .min(0)
    .orientation(VizOrientation.Horizontal)
    .displayMode(BarGaugeDisplayMode.Gradient)
    .reduceOptions(new ReduceDataOptionsBuilder().values(true).calcs(['lastNotNull']).limit(25));
}

/**
 * A table. `columns` sets a unit per column (by the SQL's column name); a column named in
 * `contributorLinks` links each cell to that contributor's Attribution dashboard.
 */
export function table(spec: PanelSpec & { columns?: Record<string, UnitName>; contributorLinks?: string[] }): TableBuilder {
  const panel = common(new TableBuilder(), spec, 'table', { w: 24, h: 9 }, spec.unit);
  for (const [column, unit] of Object.entries(spec.columns ?? {})) panel.overrideByName(column, unitProperties(unit));
  for (const column of spec.contributorLinks ?? []) panel.overrideByName(column, [contributorLink()]);
  return panel;
}

/** The data link from a contributor's address to its history (Attribution and rewards, `$contributor`). */
export function contributorLink(): DynamicConfigValue {
  return {
    id: 'links',
    value: [{
      title: 'Influence and rewards of ${__value.raw}',
      url: `/d/${UID.attribution}/attribution-and-rewards?var-contributor=\${__value.raw}&\${__url_time_range}`,
    }],
  };
}

/**
 * A variable whose options come from SQL (`__value` and `__text` columns). Multi-value variables are
 * written `IN ($name)` in panel SQL (Grafana quotes and joins the values); single-value ones
 * `${name:sqlstring}` (quoted and escaped: a value from the URL cannot end the string).
 */
export function variable(name: string, label: string, sql: string, options: { multi: boolean }): QueryVariableBuilder {
  const v = new QueryVariableBuilder(name)
    .label(label)
    .datasource(DATASOURCE)
    .query(sql.trim())
    .definition(sql.trim())
    .refresh(VariableRefresh.OnDashboardLoad)
    .sort(VariableSort.Disabled)
    .multi(options.multi);
  if (options.multi) v.includeAll(true);
  return v;
}

/** A dashboard with the project's common settings: UTC, the last 30 days, tags, links to the others. */
export function dashboard(uid: string, title: string, description: string): DashboardBuilder {
  return new DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(['openledger'])
    .variables([])
    .timezone('utc')
    .time({ from: 'now-30d', to: 'now' })
    .refresh('1m')
    .editable()
    .link(new DashboardLinkBuilder('OpenLedger').type(DashboardLinkType.Dashboards).tags(['openledger']).asDropdown(true).keepTime(true));
}

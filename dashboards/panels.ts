// What every dashboard shares: the datasource, panel builders with the project's units (OPEN amounts
// in OPEN, ppb shares as percentages), template variables and the link from a contributor to the
// Attribution dashboard. The SQL of every panel reads the analytics views (db/migrations/*-AnalyticsViews.js).
import { BarGaugeDisplayMode, BigValueGraphMode, GraphDrawStyle, LegendDisplayMode, LegendPlacement, ReduceDataOptionsBuilder, StackingConfigBuilder, StackingMode, VizLegendOptionsBuilder, VizOrientation, type DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { DashboardBuilder, DashboardLinkBuilder, DashboardLinkType, QueryVariableBuilder, VariableRefresh, VariableSort, type DynamicConfigValue } from '@grafana/grafana-foundation-sdk/dashboard';
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

/**
 * A time series: the SQL returns `time`, optionally a `metric` column naming the series, and value
 * columns. `minInterval` is the panel's lowest `$__interval` (the views' bucket: 1h or 1d).
 */
export function timeSeries(spec: PanelSpec & { minInterval: '1h' | '1d'; bars?: boolean; stacked?: boolean }): TimeSeriesBuilder {
  const unit = UNITS[spec.unit ?? 'count'];
  const panel = new TimeSeriesBuilder()
    .title(spec.title)
    .description(spec.description ?? '')
    .datasource(DATASOURCE)
    .withTarget(query(spec.sql, 'time_series'))
    .interval(spec.minInterval)
    .maxDataPoints(500)
    .unit(unit.unit)
    .decimals(unit.decimals)
    .gridPos({ x: 0, y: 0, w: spec.w ?? 12, h: spec.h ?? 8 })
    .legend(new VizLegendOptionsBuilder().displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom).showLegend(true))
    .drawStyle(spec.bars ? GraphDrawStyle.Bars : GraphDrawStyle.Line)
    .fillOpacity(spec.bars ? 80 : 10);
  if (spec.stacked) panel.stacking(new StackingConfigBuilder().mode(StackingMode.Normal));
  return panel;
}

/** One big number (the first row's value columns). */
export function stat(spec: PanelSpec): StatBuilder {
  const unit = UNITS[spec.unit ?? 'count'];
  return new StatBuilder()
    .title(spec.title)
    .description(spec.description ?? '')
    .datasource(DATASOURCE)
    .withTarget(query(spec.sql, 'table'))
    .unit(unit.unit)
    .decimals(unit.decimals)
    .gridPos({ x: 0, y: 0, w: spec.w ?? 4, h: spec.h ?? 4 })
    .graphMode(BigValueGraphMode.None)
    .reduceOptions(new ReduceDataOptionsBuilder().values(false).calcs(['lastNotNull']));
}

/** Horizontal bars, one per row: a text column names the bar, a value column sizes it. */
export function barGauge(spec: PanelSpec): BarGaugeBuilder {
  const unit = UNITS[spec.unit ?? 'count'];
  return new BarGaugeBuilder()
    .title(spec.title)
    .description(spec.description ?? '')
    .datasource(DATASOURCE)
    .withTarget(query(spec.sql, 'table'))
    .unit(unit.unit)
    .decimals(unit.decimals)
    .min(0)
    .gridPos({ x: 0, y: 0, w: spec.w ?? 12, h: spec.h ?? 8 })
    .orientation(VizOrientation.Horizontal)
    .displayMode(BarGaugeDisplayMode.Gradient)
    .reduceOptions(new ReduceDataOptionsBuilder().values(true).calcs(['lastNotNull']).limit(25));
}

/**
 * A table. `columns` sets a unit per column (by the SQL's column name); a column named in
 * `contributorLinks` links each cell to that contributor's Attribution dashboard.
 */
export function table(spec: PanelSpec & { columns?: Record<string, UnitName>; contributorLinks?: string[] }): TableBuilder {
  const panel = new TableBuilder()
    .title(spec.title)
    .description(spec.description ?? '')
    .datasource(DATASOURCE)
    .withTarget(query(spec.sql, 'table'))
    .gridPos({ x: 0, y: 0, w: spec.w ?? 24, h: spec.h ?? 9 });
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

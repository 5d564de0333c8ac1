// Datanets and contributions: what is contributed where, how reviews go, what it earns.
import { barGauge, dashboard, DAYS_IN_RANGE, seriesSql, table, timeSeries, UID, variable } from './panels.ts';

const DATANET_FILTER = 'datanet_id IN ($datanet)';

export function datanets() {
  return dashboard(UID.datanets, 'OpenLedger: datanets and contributions', 'Contributions per datanet and review status, their influence and rewards.')
    .withVariable(variable('datanet', 'Datanet', `SELECT id AS __value, name || ' (#' || id || ')' AS __text FROM datanet ORDER BY id::numeric`, { multi: true }))
    .withPanel(barGauge({ title: 'Contributions by datanet', w: 8, description: 'Contributions submitted to each selected datanet (all time).', sql: `
      SELECT datanet_name AS datanet, count(*) AS contributions FROM analytics_contribution WHERE ${DATANET_FILTER}
      GROUP BY 1 ORDER BY 2 DESC` }))
    .withPanel(table({ title: 'Review status by datanet', w: 16, h: 8, columns: { pending: 'count', approved: 'count', rejected: 'count', rows: 'count' },
      description: 'Contributions per datanet by their review status now.', sql: `
      SELECT datanet_name AS datanet,
             count(*) FILTER (WHERE status = 'PENDING') AS pending,
             count(*) FILTER (WHERE status = 'APPROVED') AS approved,
             count(*) FILTER (WHERE status = 'REJECTED') AS rejected,
             sum(row_count) AS rows
      FROM analytics_contribution WHERE ${DATANET_FILTER} GROUP BY datanet_id, 1 ORDER BY datanet_id::numeric` }))
    .withPanel(timeSeries({ title: 'Contributions submitted', minInterval: '1d', bars: true, stacked: true,
      description: 'Contributions submitted per interval to the selected datanets, by their review status now.', sql: seriesSql({ view: 'analytics_contribution_daily', metric: 'status', sum: 'contributions', as: 'contributions', where: `${DAYS_IN_RANGE} AND ${DATANET_FILTER}` }) }))
    .withPanel(timeSeries({ title: 'Influence share by datanet', unit: 'percent', minInterval: '1h',
      description: 'Each datanet\'s part of all the influence attributed per interval (shares in ppb as percentages).', sql: `
      SELECT $__timeGroupAlias(bucket, $__interval), datanet_name AS metric,
             sum(influence_ppb) * 100 / NULLIF(sum(total_influence_ppb), 0) AS share
      FROM analytics_datanet_hourly WHERE $__timeFilter(bucket) AND ${DATANET_FILTER}
      GROUP BY 1, 2 ORDER BY 1` }))
    .withPanel(timeSeries({ title: 'Rewards by datanet', unit: 'open', minInterval: '1h', bars: true, stacked: true,
      description: 'Rewards earned by the contributions of each datanet per interval.', sql: seriesSql({ view: 'analytics_datanet_hourly', metric: 'datanet_name', sum: 'rewards_open', as: 'rewards', where: `$__timeFilter(bucket) AND ${DATANET_FILTER}` }) }))
    .withPanel(table({ title: 'Latest contributions', contributorLinks: ['contributor'], columns: { rewards: 'open', attributions: 'count', rows: 'count' },
      description: 'Contributions submitted in the time range, newest first; a click on a contributor opens their history.', sql: `
      SELECT time, id AS contribution, datanet_name AS datanet, contributor, status, row_count AS rows, attributions, rewards_open AS rewards
      FROM analytics_contribution WHERE $__timeFilter(time) AND ${DATANET_FILTER}
      ORDER BY block_number DESC, id DESC LIMIT 100` }));
}

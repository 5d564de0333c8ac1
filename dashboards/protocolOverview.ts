// Protocol overview: the protocol's activity in the chosen time range and its state now.
import { barGauge, dashboard, seriesSql, stat, table, timeSeries, UID } from './panels.ts';

export function protocolOverview() {
  return dashboard(UID.overview, 'OpenLedger: protocol overview', 'Inferences, fees, rewards, OPEN flows, credits and disputes at a glance.')
    .withPanel(stat({ title: 'Inferences', description: 'Inferences recorded in the time range.', sql: `
      SELECT coalesce(sum(inferences), 0) AS inferences FROM analytics_inference_hourly WHERE $__timeFilter(bucket)` }))
    .withPanel(stat({ title: 'Inference fees', unit: 'open', description: 'Fees of the inferences recorded in the time range.', sql: `
      SELECT coalesce(sum(fees_open), 0) AS fees FROM analytics_inference_hourly WHERE $__timeFilter(bucket)` }))
    .withPanel(stat({ title: 'Contributor rewards', unit: 'open', description: 'Rewards credited to data contributors in the time range.', sql: `
      SELECT coalesce(sum(contributor_open), 0) AS rewards FROM analytics_inference_hourly WHERE $__timeFilter(bucket)` }))
    .withPanel(stat({ title: 'Attributor bonds', unit: 'open', description: 'Active stake of all attributors now.', sql: `
      SELECT coalesce(sum(active_stake_open), 0) AS bonded FROM analytics_attributor` }))
    .withPanel(stat({ title: 'Open challenges', description: 'Challenges waiting for a response or a ruling now.', sql: `
      SELECT count(*) AS open FROM analytics_challenge WHERE status = 'OPEN'` }))
    .withPanel(stat({ title: 'OPEN supply', unit: 'open', description: 'Total supply of OPEN now.', sql: `
      SELECT total_supply * 1e-18 AS supply FROM token WHERE id = 'OPEN'` }))
    .withPanel(timeSeries({ title: 'OPEN flows', unit: 'open', minInterval: '1h', bars: true, stacked: true,
      description: 'OPEN moved per interval: transfers, mints, burns, wraps into WOPEN/GOPEN and back, bridge in and out.', sql: seriesSql({ view: 'analytics_open_flow_hourly', metric: 'flow', sum: 'amount_open', as: 'amount', where: `$__timeFilter(bucket) AND token = 'OPEN'` }) }))
    .withPanel(timeSeries({ title: 'Inferences and fees', minInterval: '1h', bars: true,
      description: 'Inferences recorded per interval, all models.', sql: seriesSql({ view: 'analytics_inference_hourly', sum: 'inferences', as: 'inferences', where: `$__timeFilter(bucket)` }) }))
    .withPanel(timeSeries({ title: 'Credits bought and spent', unit: 'credits', minInterval: '1h', bars: true,
      description: 'Credits bought with OPEN and spent by attributors\' records (the inference fees they charge).', sql: seriesSql({ view: 'analytics_credit_hourly', metric: 'kind', sum: 'credits', as: 'credits', where: `$__timeFilter(bucket)` }) }))
    .withPanel(barGauge({ title: 'Fees by model', unit: 'open', w: 12, description: 'Inference fees per model in the time range.', sql: `
      SELECT model_name AS model, sum(fees_open) AS fees FROM analytics_inference_hourly WHERE $__timeFilter(bucket)
      GROUP BY 1 ORDER BY 2 DESC` }))
    .withPanel(table({ title: 'Top contributors', w: 24, contributorLinks: ['contributor'],
      columns: { 'influence share': 'percent', rewards: 'open', attributions: 'count' },
      description: 'Contributors with the most rewards in the time range; influence share: their part of all influence attributed in it. A click opens their history.', sql: `
      SELECT contributor, sum(rewards_open) AS rewards, sum(attributions) AS attributions,
             round(sum(influence_ppb) * 100 / NULLIF(sum(sum(influence_ppb)) OVER (), 0), 4) AS "influence share"
      FROM analytics_contributor_hourly WHERE $__timeFilter(bucket)
      GROUP BY 1 ORDER BY 2 DESC LIMIT 10` }));
}

// Attribution and rewards: one contributor's influence and rewards over time ($contributor), and the
// leaderboards whose rows link back here.
import { barGauge, dashboard, seriesSql, stat, table, timeSeries, UID, variable } from './panels.ts';

const ONE = 'contributor = ${contributor:sqlstring}';

export function attribution() {
  return dashboard(UID.attribution, 'OpenLedger: attribution and rewards', "A contributor's influence and rewards over time, their contributions and attributions; leaderboards.")
    .withVariable(variable('contributor', 'Contributor', `SELECT contributor AS __value FROM analytics_contributor ORDER BY rewards_open DESC, contributor`, { multi: false }))
    .withPanel(stat({ title: 'Rewards', unit: 'open', description: 'Rewards the contributor earned in the time range.', sql: `
      SELECT coalesce(sum(rewards_open), 0) AS rewards FROM analytics_contributor_hourly WHERE $__timeFilter(bucket) AND ${ONE}` }))
    .withPanel(stat({ title: 'Influence share', unit: 'percent', description: 'Their part of all the influence attributed in the time range.', sql: `
      SELECT coalesce(sum(r.influence_ppb), 0) * 100 / NULLIF((SELECT sum(influence_ppb) FROM analytics_datanet_hourly WHERE $__timeFilter(bucket)), 0) AS share
      FROM analytics_contributor_hourly r WHERE $__timeFilter(r.bucket) AND r.${ONE}` }))
    .withPanel(stat({ title: 'Attributions', description: 'Inferences that attributed one of their contributions, in the time range.', sql: `
      SELECT coalesce(sum(attributions), 0) AS attributions FROM analytics_contributor_hourly WHERE $__timeFilter(bucket) AND ${ONE}` }))
    .withPanel(stat({ title: 'Contributions', description: 'Contributions they submitted (all time).', sql: `
      SELECT count(*) AS contributions FROM analytics_contribution WHERE ${ONE}` }))
    .withPanel(stat({ title: 'Rewards, all time', unit: 'open', description: 'Every reward they earned.', sql: `
      SELECT coalesce(sum(rewards_open), 0) AS rewards FROM analytics_contributor WHERE ${ONE}` }))
    .withPanel(stat({ title: 'Influence share, all time', unit: 'percent', description: 'Their part of all the influence ever attributed.', sql: `
      SELECT coalesce(sum(share_pct), 0) AS share FROM analytics_contributor WHERE ${ONE}` }))
    .withPanel(timeSeries({ title: 'Influence share over time', unit: 'percent', minInterval: '1h',
      description: 'Their part of the influence attributed per interval (shares in ppb as percentages).', sql: `
      SELECT $__timeGroupAlias(bucket, $__interval), sum(influence_ppb) * 100 / NULLIF(sum(total_influence_ppb), 0) AS "influence share"
      FROM analytics_contributor_hourly WHERE $__timeFilter(bucket) AND ${ONE}
      GROUP BY 1 ORDER BY 1` }))
    .withPanel(timeSeries({ title: 'Rewards over time', unit: 'open', minInterval: '1h', bars: true,
      description: 'Rewards earned per interval.', sql: seriesSql({ view: 'analytics_contributor_hourly', sum: 'rewards_open', as: 'rewards', where: `$__timeFilter(bucket) AND ${ONE}` }) }))
    .withPanel(table({ title: 'Contributions by datanet', w: 12, h: 8, columns: { influence: 'percent', rewards: 'open', contributions: 'count', attributions: 'count' },
      description: 'Their contributions per datanet; influence: summed shares, 100% is one whole inference.', sql: `
      SELECT datanet_name AS datanet, count(*) AS contributions, count(*) FILTER (WHERE status = 'APPROVED') AS approved,
             sum(attributions) AS attributions, sum(influence_ppb) / 1e7 AS influence, sum(rewards_open) AS rewards
      FROM analytics_contribution WHERE ${ONE} GROUP BY datanet_id, 1 ORDER BY datanet_id::numeric` }))
    .withPanel(table({ title: 'Latest attributions', w: 12, h: 8, columns: { share: 'percent', reward: 'open' },
      description: 'Inferences in the time range that attributed their contributions: share and reward, newest first.', sql: `
      SELECT time, inference_id AS inference, model_id AS model, datanet_id AS datanet, contribution_id AS contribution,
             share_pct AS share, reward_open AS reward
      FROM analytics_attribution WHERE $__timeFilter(time) AND ${ONE}
      ORDER BY block_number DESC, inference_id DESC LIMIT 100` }))
    .withPanel(table({ title: 'Leaderboard: rewards', w: 12, contributorLinks: ['contributor'], columns: { rewards: 'open', 'influence share': 'percent', attributions: 'count' },
      description: 'Contributors with the most rewards in the time range; a click opens their history.', sql: `
      SELECT contributor, sum(rewards_open) AS rewards, sum(attributions) AS attributions,
             sum(influence_ppb) * 100 / NULLIF(sum(sum(influence_ppb)) OVER (), 0) AS "influence share"
      FROM analytics_contributor_hourly WHERE $__timeFilter(bucket)
      GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 25` }))
    .withPanel(barGauge({ title: 'Leaderboard: influence share', unit: 'percent', w: 12,
      description: 'Contributors with the largest part of the influence attributed in the time range.', sql: `
      SELECT contributor, sum(influence_ppb) * 100 / NULLIF(sum(sum(influence_ppb)) OVER (), 0) AS share
      FROM analytics_contributor_hourly WHERE $__timeFilter(bucket)
      GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 15` }));
}

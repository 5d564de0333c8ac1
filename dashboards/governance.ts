// Governance and staking: proposals and turnout, votes and delegation, stakes by status and their flows.
import { barGauge, dashboard, DAYS_IN_RANGE, seriesSql, stat, table, timeSeries, UID } from './panels.ts';

export function governance() {
  return dashboard(UID.governance, 'OpenLedger: governance and staking', 'Proposals, votes, delegation and staking.')
    .withPanel(stat({ title: 'Proposals', description: 'Proposals created in the time range.', sql: `
      SELECT count(*) AS proposals FROM analytics_proposal WHERE $__timeFilter(time)` }))
    .withPanel(stat({ title: 'Votes', description: 'Votes cast on the days of the time range.', sql: `
      SELECT coalesce(sum(votes), 0) AS votes FROM analytics_vote_daily WHERE ${DAYS_IN_RANGE}` }))
    .withPanel(stat({ title: 'Voters', description: 'The most distinct voters of one day, on the days of the time range.', sql: `
      SELECT coalesce(max(voters), 0) AS voters FROM (SELECT bucket, sum(voters) AS voters FROM analytics_vote_daily WHERE ${DAYS_IN_RANGE} GROUP BY 1) d` }))
    .withPanel(stat({ title: 'Delegation changes', description: 'GOPEN delegation changes on the days of the time range.', sql: `
      SELECT coalesce(sum(changes), 0) AS changes FROM analytics_delegation_daily WHERE ${DAYS_IN_RANGE}` }))
    .withPanel(stat({ title: 'Staked now', unit: 'open', description: 'Value of the active stakes now.', sql: `
      SELECT coalesce(sum(value_open), 0) AS staked FROM analytics_stake WHERE status = 'ACTIVE'` }))
    .withPanel(stat({ title: 'Cooling down', unit: 'open', description: 'Value of the stakes waiting for their payout now.', sql: `
      SELECT coalesce(sum(value_open), 0) AS cooling FROM analytics_stake WHERE status = 'COOLING_DOWN'` }))
    .withPanel(table({ title: 'Proposals', columns: { for: 'gopen', against: 'gopen', abstain: 'gopen', turnout: 'percent', votes: 'count' },
      description: 'Proposals created in the time range with their tallies; turnout: votes cast per GOPEN supplied now.', sql: `
      SELECT time, proposal_id AS proposal, title, status, votes, for_open AS for, against_open AS against, abstain_open AS abstain,
             turnout_pct AS turnout
      FROM analytics_proposal WHERE $__timeFilter(time) ORDER BY time DESC LIMIT 50` }))
    .withPanel(timeSeries({ title: 'Voting weight cast', unit: 'gopen', minInterval: '1d', bars: true, stacked: true,
      description: 'GOPEN voting weight cast per interval, for, against and abstaining.', sql: seriesSql({ view: 'analytics_vote_daily', metric: 'support', sum: 'weight_open', as: 'weight', where: `${DAYS_IN_RANGE}` }) }))
    .withPanel(timeSeries({ title: 'Staking flows', unit: 'open', minInterval: '1h', bars: true,
      description: 'OPEN staked, topped up, committed, asked back and paid out per interval.', sql: seriesSql({ view: 'analytics_staking_hourly', metric: 'kind', sum: 'amount_open', as: 'amount', where: `$__timeFilter(bucket)` }) }))
    .withPanel(barGauge({ title: 'Stakes by status', unit: 'open', w: 12, description: 'Value of the stakes in each status now (UNSTAKED: what was paid).', sql: `
      SELECT status, sum(value_open) AS value FROM analytics_stake GROUP BY 1 ORDER BY 1` }))
    .withPanel(timeSeries({ title: 'Delegation changes', minInterval: '1d', bars: true, w: 12,
      description: 'GOPEN delegation changes per interval.', sql: seriesSql({ view: 'analytics_delegation_daily', sum: 'changes', as: 'changes', where: `${DAYS_IN_RANGE}` }) }));
}

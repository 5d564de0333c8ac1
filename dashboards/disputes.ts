// Disputes and verifier health: challenges and their outcomes, attributors' bonds and slashes.
// The verifier's verdicts read `analytics_verdicts_daily`, which the verifier's own migrations make: on
// a database without a verifier only those two panels show an error (docs/dashboards.md).
import { barGauge, dashboard, DAYS_IN_RANGE, seriesSql, stat, table, timeSeries, UID } from './panels.ts';

const outcome = (title: string, status: string, description: string) => stat({ title, description, sql: `
  SELECT count(*) AS challenges FROM analytics_challenge WHERE $__timeFilter(time) AND status = '${status}'` });

export function disputes() {
  return dashboard(UID.disputes, 'OpenLedger: disputes and verifier health', 'Challenges and their outcomes, attributor bonds and slashes, records under dispute.')
    .withPanel(stat({ title: 'Challenges opened', description: 'Challenges opened in the time range.', sql: `
      SELECT count(*) AS challenges FROM analytics_challenge WHERE $__timeFilter(time)` }))
    .withPanel(outcome('Upheld', 'UPHELD', 'Challenges opened in the time range that were upheld: the attributor was slashed.'))
    .withPanel(outcome('Rejected', 'REJECTED', 'Challenges opened in the time range that were rejected: the record stood.'))
    .withPanel(outcome('Expired', 'EXPIRED', 'Challenges opened in the time range that expired unanswered.'))
    .withPanel(outcome('Still open', 'OPEN', 'Challenges opened in the time range that wait for a response or a ruling.'))
    .withPanel(stat({ title: 'Deadlines in range', description: 'Challenges whose response deadline (unix seconds) falls in the time range.', sql: `
      SELECT count(*) AS challenges FROM analytics_challenge WHERE $__unixEpochFilter(deadline_epoch)` }))
    .withPanel(stat({ title: 'Slashed', unit: 'open', description: 'Attributor stake slashed in the time range.', sql: `
      SELECT coalesce(sum(amount_open), 0) AS slashed FROM analytics_attributor_bond_hourly WHERE $__timeFilter(bucket) AND kind = 'SLASHED'` }))
    .withPanel(timeSeries({ title: 'Challenges by outcome', minInterval: '1d', bars: true, stacked: true,
      description: 'Challenges opened per interval, by how they ended (OPEN: not yet).', sql: seriesSql({ view: 'analytics_challenge_daily', metric: 'status', sum: 'challenges', as: 'challenges', where: `${DAYS_IN_RANGE}` }) }))
    .withPanel(timeSeries({ title: 'Attributor bonds: stakes, unstakes and slashes', unit: 'open', minInterval: '1h', bars: true,
      description: 'OPEN bonded, asked back, paid back and slashed per interval, all attributors.', sql: seriesSql({ view: 'analytics_attributor_bond_hourly', metric: 'kind', sum: 'amount_open', as: 'amount', where: `$__timeFilter(bucket)` }) }))
    .withPanel(table({ title: 'Attributors', w: 16,
      columns: { bonded: 'open', pending: 'open', slashed: 'open', 'fees attributed': 'open', 'challenged %': 'percent', records: 'count' },
      description: 'Every attributor now: bond, slashes, records and how their challenges ended; challenged %: records challenged per record.', sql: `
      SELECT attributor, active_stake_open AS bonded, pending_stake_open AS pending, total_slashed_open AS slashed, slash_count AS slashes,
             records, fees_attributed_open AS "fees attributed", challenges_received AS challenged, challenges_lost AS lost,
             challenges_won AS won, challenges_expired AS expired,
             round(challenges_received * 100.0 / NULLIF(records, 0), 2) AS "challenged %"
      FROM analytics_attributor ORDER BY records DESC, attributor` }))
    .withPanel(barGauge({ title: 'Slashed by attributor', unit: 'open', w: 8, description: 'Stake slashed from each attributor (all time).', sql: `
      SELECT attributor, total_slashed_open AS slashed FROM analytics_attributor WHERE total_slashed_open > 0 ORDER BY 2 DESC` }))
    .withPanel(table({ title: 'Latest challenges', columns: { bond: 'open', slashed: 'open', 'challenger reward': 'open' },
      description: 'Challenges opened in the time range, newest first.', sql: `
      SELECT time, challenge_id AS challenge, inference_id AS inference, model_id AS model, attributor, challenger, status,
             responded, bond_open AS bond, slashed_open AS slashed, challenger_reward_open AS "challenger reward"
      FROM analytics_challenge WHERE $__timeFilter(time) ORDER BY block_number DESC, challenge_id DESC LIMIT 100` }))
    .withPanel(timeSeries({ title: 'Verifier verdicts', minInterval: '1d', bars: true, stacked: true, w: 16,
      description: "The watchdog's verdicts per interval by kind (MATCH, DISPUTE, UNVERIFIABLE), on the day they were made. Needs the verifier's view.",
      sql: seriesSql({ view: 'analytics_verdicts_daily', metric: 'verdict', sum: 'verdicts', as: 'verdicts', where: `${DAYS_IN_RANGE}` }) }))
    .withPanel(stat({ title: 'Share of DISPUTE', unit: 'percent', w: 8,
      description: "Verdicts in the range that found the record's shares off by more than the tolerance, per verdict made. Needs the verifier's view.", sql: `
      SELECT coalesce(round(sum(verdicts) FILTER (WHERE verdict = 'DISPUTE') * 100.0 / NULLIF(sum(verdicts), 0), 2), 0) AS "dispute share"
      FROM analytics_verdicts_daily WHERE ${DAYS_IN_RANGE}` }));
}

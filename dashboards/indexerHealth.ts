// Indexer health from what the read-only role can read: the processor's status row (finalized
// height, commits), the newest indexed event, decode failures, quarantined logs and event counts.
// The chain's head and the batch timings are not in the database: they are the processor's
// Prometheus metrics (see docs/dashboards.md).
import { dashboard, stat, table, timeSeries, UID } from './panels.ts';

/** Zero-filled counts per `$__interval` bucket, so an empty (healthy) range still draws a line at 0. */
const perInterval = (table: string, label: string) => `
  SELECT $__unixEpochGroupAlias(b, $__interval), count(x.id) AS "${label}"
  FROM generate_series($__unixEpochFrom()::bigint / ($__interval_ms / 1000) * ($__interval_ms / 1000), $__unixEpochTo()::bigint, $__interval_ms / 1000) AS b
  LEFT JOIN ${table} x ON x."timestamp" >= to_timestamp(b) AND x."timestamp" < to_timestamp(b + $__interval_ms / 1000)
  GROUP BY 1 ORDER BY 1`;

export function indexerHealth() {
  return dashboard(UID.indexer, 'OpenLedger: indexer health', "The processor's height and commits, the age of the newest indexed event, decode failures and quarantined logs.")
    .withPanel(stat({ title: 'Indexed height', unit: 'none', description: "The processor's committed (finalized) height; hot blocks above it are not readable by this role.", sql: `
      SELECT height FROM analytics_indexer_status` }))
    .withPanel(stat({ title: 'Commits', unit: 'none', description: 'Transactions the processor committed (the status nonce): one per batch.', sql: `
      SELECT commits FROM analytics_indexer_status` }))
    .withPanel(stat({ title: 'Newest event age', unit: 'seconds', description: 'Seconds since the timestamp of the newest indexed event: the head lag while the chain is busy.', sql: `
      SELECT latest_event_age_seconds AS age FROM analytics_indexer_status` }))
    .withPanel(stat({ title: 'Decode failures', description: 'Logs of watched contracts that could not be decoded, in the time range.', sql: `
      SELECT count(*) AS failures FROM decode_failure WHERE $__timeFilter("timestamp")` }))
    .withPanel(stat({ title: 'Quarantined logs', description: 'Decoded logs that could not be stored, in the time range.', sql: `
      SELECT count(*) AS quarantined FROM quarantined_log WHERE $__timeFilter("timestamp")` }))
    .withPanel(stat({ title: 'Events indexed', description: 'Decoded events, all time (quarantined included).', sql: `
      SELECT coalesce(sum(count), 0) AS events FROM event_count` }))
    .withPanel(timeSeries({ title: 'Decode failures', minInterval: '1h', bars: true, w: 12, description: 'Undecodable logs per interval.', sql: perInterval('decode_failure', 'decode failures') }))
    .withPanel(timeSeries({ title: 'Quarantined logs', minInterval: '1h', bars: true, w: 12, description: 'Logs quarantined per interval.', sql: perInterval('quarantined_log', 'quarantined') }))
    .withPanel(table({ title: 'Events by contract', w: 12, h: 10, columns: { events: 'count' }, description: 'Decoded events per contract family and event, with the last block that had one.', sql: `
      SELECT contract, event, count AS events, last_block AS "last block" FROM event_count ORDER BY count DESC, id` }))
    .withPanel(table({ title: 'Latest problems', w: 12, h: 10, description: 'The newest decode failures and quarantined logs in the time range, with why.', sql: `
      (SELECT "timestamp" AS time, block_number AS block, 'decode failure' AS kind, contract, topic0 AS what, error AS reason
       FROM decode_failure WHERE $__timeFilter("timestamp") ORDER BY block_number DESC LIMIT 50)
      UNION ALL
      (SELECT "timestamp", block_number, 'quarantined', contract, event, reason
       FROM quarantined_log WHERE $__timeFilter("timestamp") ORDER BY block_number DESC LIMIT 50)
      ORDER BY 2 DESC LIMIT 50` }));
}

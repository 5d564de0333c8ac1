// Models, inference and OpenLoRA adapters: volume, fees and their split per model; adapters per base model.
import { barGauge, dashboard, seriesSql, table, timeSeries, UID, variable } from './panels.ts';

const MODEL_FILTER = 'model_id IN ($model)';

export function models() {
  return dashboard(UID.models, 'OpenLedger: models, inference and adapters', 'Inference volume and fees per model, the fee split, models and their OpenLoRA adapters.')
    .withVariable(variable('model', 'Model', `SELECT id AS __value, name || ' (#' || id || ')' AS __text FROM model ORDER BY id::numeric`, { multi: true }))
    .withPanel(timeSeries({ title: 'Inferences by model', minInterval: '1h', bars: true, stacked: true,
      description: 'Inferences recorded per interval for each selected model.', sql: seriesSql({ view: 'analytics_inference_hourly', metric: 'model_name', sum: 'inferences', as: 'inferences', where: `$__timeFilter(bucket) AND ${MODEL_FILTER}` }) }))
    .withPanel(timeSeries({ title: 'Fee split', unit: 'open', minInterval: '1h', bars: true, stacked: true,
      description: 'Where the fees of the selected models went per interval: the protocol (dust included), model owners, contributors.', sql: `
      SELECT $__timeGroupAlias(bucket, $__interval), sum(protocol_open) AS protocol, sum(model_owner_open) AS "model owners",
             sum(contributor_open) AS contributors
      FROM analytics_inference_hourly WHERE $__timeFilter(bucket) AND ${MODEL_FILTER}
      GROUP BY 1 ORDER BY 1` }))
    .withPanel(barGauge({ title: 'Fees by model', unit: 'open', w: 8, description: 'Inference fees per selected model in the time range.', sql: `
      SELECT model_name AS model, sum(fees_open) AS fees FROM analytics_inference_hourly WHERE $__timeFilter(bucket) AND ${MODEL_FILTER}
      GROUP BY 1 ORDER BY 2 DESC` }))
    .withPanel(table({ title: 'Models', w: 16, h: 8,
      columns: { 'fee per inference': 'open', fees: 'open', 'contributor rewards': 'open', inferences: 'count', adapters: 'count' },
      description: 'Every selected model now: attribution method, versions, adapters, inferences and fees (all time).', sql: `
      SELECT model_id AS model, model_name AS name, method, version_count AS versions, adapters, inferences,
             fee_per_inference_open AS "fee per inference", fees_open AS fees, contributor_rewards_open AS "contributor rewards"
      FROM analytics_model WHERE ${MODEL_FILTER} ORDER BY model_id::numeric` }))
    .withPanel(barGauge({ title: 'Adapters by base model', w: 8, description: 'OpenLoRA adapters registered on each selected model (all time). Inference records name a model and version, not an adapter.', sql: `
      SELECT model_name AS model, count(*) AS adapters FROM analytics_adapter WHERE ${MODEL_FILTER}
      GROUP BY 1 ORDER BY 2 DESC` }))
    .withPanel(table({ title: 'Adapters', w: 16, h: 8, description: 'OpenLoRA adapters of the selected models, newest first.', sql: `
      SELECT time, adapter_id AS adapter, model_name AS "base model", base_version AS "base version", owner
      FROM analytics_adapter WHERE ${MODEL_FILTER} ORDER BY time DESC, adapter_id DESC LIMIT 100` }));
}

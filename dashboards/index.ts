// Every dashboard, by the file name its generated JSON gets in dashboards/out/.
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { attribution } from './attribution.ts';
import { datanets } from './datanets.ts';
import { disputes } from './disputes.ts';
import { governance } from './governance.ts';
import { indexerHealth } from './indexerHealth.ts';
import { models } from './models.ts';
import { protocolOverview } from './protocolOverview.ts';

export const DASHBOARDS: Record<string, () => { build(): Dashboard }> = {
  'protocol-overview': protocolOverview,
  'datanets-and-contributions': datanets,
  'models-inference-adapters': models,
  'attribution-and-rewards': attribution,
  'disputes-and-verifier-health': disputes,
  'governance-and-staking': governance,
  'indexer-health': indexerHealth,
};

/**
 * The built dashboard, its panels numbered 1, 2, … (Grafana keys panel state by id) and laid out in
 * order left to right, a panel that does not fit the row's 24 columns starting the next row (the
 * SDK's own placement lets such a panel overflow).
 */
export function buildDashboard(name: string): Dashboard {
  const make = DASHBOARDS[name];
  if (!make) throw new Error(`dashboards: no dashboard ${JSON.stringify(name)}; known: ${Object.keys(DASHBOARDS).join(', ')}`);
  const built = make().build();
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  built.panels?.forEach((p, i) => {
    p.id ??= i + 1;
    const { w, h } = p.gridPos!;
    if (x + w > 24) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    p.gridPos = { x, y, w, h };
    x += w;
    rowHeight = Math.max(rowHeight, h);
  });
  return built;
}

/** The dashboard as Grafana imports it: JSON (the builders' in-memory markers, functions, are dropped). */
export function dashboardJson(name: string): string {
  return `${JSON.stringify(buildDashboard(name), null, 2)}\n`;
}

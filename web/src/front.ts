// The front: protocol totals, the last 24 hours, the most rewarded contributors of the last 30
// days, and the latest inferences (new ones arrive live).
import { fill, h, table } from './dom.ts';
import { formatInfluence, formatOpen, formatTime, shortHex } from './format.ts';
import { gql } from './graphql.ts';
import { showApiError } from './contributor.ts';
import { onNewInferences } from './live.ts';
import { FRONT, FRONT_BY_IDS, FRONT_LATEST } from './queries.ts';

interface Row {
  id: string;
  timestamp: string;
  fee: string;
  user: string;
  model: { id: string; name: string };
  contributionIds: string[];
}


const DAY_MS = 86_400_000;

export async function frontView(view: HTMLElement): Promise<() => void> {
  fill(view, h('h1', {}, 'Protocol'), h('p', { class: 'muted' }, 'Loading…'));
  let latest: Row[];
  let d: any;
  try {
    latest = (await gql(FRONT_LATEST)).inferences.nodes;
    // "now" is the later of the clock and the newest inference (a devnet's chain may run ahead of the clock)
    const newest = latest.length ? Date.parse(latest[latest.length - 1]!.timestamp) + 1000 : 0;
    const at = new Date(Math.max(Date.now(), newest));
    d = await gql(FRONT, { at: at.toISOString(), from: new Date(at.getTime() - 30 * DAY_MS).toISOString() });
  } catch (e) {
    showApiError(view, e, 'the protocol totals');
    return () => {};
  }
  const t = d.protocolStats.totals;
  const w = d.protocolStats.last24Hours;
  const stat = (label: string, value: string, key: string) => h('div', { class: 'card', 'data-stat': key }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value));
  const latestBody = h('tbody');
  const seen = new Set<string>();
  const addRows = (rows: Row[], fresh: boolean) => {
    for (const i of rows) {
      if (seen.has(i.id)) continue;
      seen.add(i.id);
      const tr = h('tr', { class: fresh ? 'fresh' : '' },
        h('td', {}, `#${i.id}`), h('td', {}, formatTime(i.timestamp)), h('td', {}, i.model.name),
        h('td', {}, formatOpen(i.fee)), h('td', {}, h('code', { title: i.user }, shortHex(i.user))),
        h('td', {}, i.contributionIds.map((c) => `#${c}`).join(' ')));
      latestBody.prepend(tr);
      while (latestBody.children.length > 20) latestBody.lastElementChild!.remove();
    }
  };
  addRows(latest, false);
  fill(
    view,
    h('h1', {}, 'Protocol'),
    h('section', { id: 'totals' },
      h('div', { class: 'cards' },
        stat('inferences', Number(t.inferences).toLocaleString('en-US'), 'inferences'),
        stat('inference fees', formatOpen(t.fees, 2), 'fees'),
        stat('contributions', Number(t.contributions).toLocaleString('en-US'), 'contributions'),
        stat('contributors', Number(t.contributors).toLocaleString('en-US'), 'contributors'),
        stat('datanets · models', `${t.datanets} · ${t.models}`, 'datanets-models'),
        stat('influence attributed', formatInfluence(t.influence), 'influence'),
        stat('contributor rewards', formatOpen(t.contributorRewards, 2), 'contributorRewards'),
        stat('rewards claimed', formatOpen(t.rewardsClaimed, 2), 'rewardsClaimed'),
        stat('challenges (open)', `${t.challenges} (${t.challengesOpen})`, 'challenges'),
        stat('slashed', formatOpen(t.slashed, 2), 'slashed'),
        stat('staked', formatOpen(t.staked, 2), 'staked'),
        stat('attributor bonds', formatOpen(t.attributorBonds, 2), 'attributorBonds'))),
    h('section', { id: 'day' },
      h('h2', {}, 'Last 24 hours'),
      h('p', { class: 'muted' }, `${formatTime(w.from)} to ${formatTime(w.to)}`),
      h('div', { class: 'cards' },
        stat('inferences', Number(w.inferences).toLocaleString('en-US'), 'day-inferences'),
        stat('fees', formatOpen(w.fees, 2), 'day-fees'),
        stat('contributions', Number(w.contributions).toLocaleString('en-US'), 'day-contributions'),
        stat('to contributors', formatOpen(w.contributorAmount, 2), 'day-contributorAmount'),
        stat('challenges', Number(w.challenges).toLocaleString('en-US'), 'day-challenges'))),
    h('div', { class: 'columns' },
      h('section', { id: 'leaders' },
        h('h2', {}, 'Most rewarded contributors, 30 days'),
        d.rewardsLeaderboard.entries.length
          ? table(['#', 'contributor', 'rewards', 'influence'], d.rewardsLeaderboard.entries.map((e: any) => [
            `${e.rank}`, h('a', { href: `#/contributor/${e.contributor}` }, h('code', {}, shortHex(e.contributor))), formatOpen(e.rewards), formatInfluence(e.influence)]), { 'data-table': 'leaders' })
          : h('p', { class: 'muted' }, 'No rewards in these 30 days.')),
      h('section', { id: 'inferences' },
        h('h2', {}, 'Latest inferences'),
        h('table', { class: 'data', 'data-table': 'inferences' }, h('thead', {}, h('tr', {}, ['inference', 'time', 'model', 'fee', 'user', 'contributions'].map((c) => h('th', {}, c)))), latestBody))),
  );
  return onNewInferences((batch) => {
    gql(FRONT_BY_IDS, { ids: batch.map((i) => i.id) }).then((r) => addRows(r.inferences.nodes, true), () => {});
  });
}

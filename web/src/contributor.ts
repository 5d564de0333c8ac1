// A contributor's page: totals, influence and rewards per hour or day (chart), contributions by
// datanet, latest attributed inferences with shares and rewards. Errors a person can read: not an
// address, an address with no history, the API not reachable.
import { influenceChart, type Bucket, type ChartWindow } from './chart.ts';
import { errorBox, fill, h, table } from './dom.ts';
import { addressProblem, formatInfluence, formatOpen, formatShare, formatTime, plural } from './format.ts';
import { ApiError, gql } from './graphql.ts';
import { onNewInferences } from './live.ts';
import { CONTRIBUTOR, INFLUENCE, LATEST_ONLY } from './queries.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The API answers at most 2000 buckets. */
const MAX_BUCKETS = 2000;
const LATEST = 20;

interface Contribution {
  id: string;
  status: string;
  influence: string;
  rewardsEarned: string;
  attributionCount: number;
  datanet: { id: string; name: string };
}
interface Attribution {
  id: string;
  share: string;
  reward: string;
  timestamp: string;
  contribution: { id: string };
  datanet: { id: string; name: string };
  model: { id: string; name: string };
  inference: { id: string; fee: string };
}




/** The chart's window: from the first attribution to now (or the last one, if later), at most MAX_BUCKETS buckets. */
export function chartWindow(first: string, last: string, interval: ChartWindow['interval'], now = Date.now()): ChartWindow {
  const step = interval === 'HOUR' ? HOUR_MS : DAY_MS;
  const to = Math.max(now, Date.parse(last) + 1);
  const from = Math.max(Date.parse(first), to - (MAX_BUCKETS - 1) * step);
  return { interval, from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

export function showApiError(view: HTMLElement, e: unknown, what: string): void {
  if (e instanceof ApiError && e.kind !== 'graphql') fill(view, errorBox('The API is not reachable', e.message));
  else fill(view, errorBox(`Could not load ${what}`, e instanceof Error ? e.message : String(e)));
}

/** Renders the contributor page for `input` into `view`; returns a cleanup function. */
export async function contributorView(view: HTMLElement, input: string): Promise<() => void> {
  const problem = addressProblem(input);
  if (problem) {
    fill(view, h('h1', {}, 'Contributor'), errorBox('Not an address', problem));
    return () => {};
  }
  const address = input.toLowerCase();
  fill(view, h('h1', {}, 'Contributor ', h('code', {}, address)), h('p', { class: 'muted' }, 'Loading…'));
  let d: any;
  try {
    d = await gql(CONTRIBUTOR, { id: address, latest: LATEST });
  } catch (e) {
    showApiError(view, e, 'this contributor');
    return () => {};
  }
  const c = d.contributor;
  const latest: Attribution[] = d.latest.nodes;
  if (!c && latest.length === 0) {
    const height = d.squidStatus?.finalizedHeight;
    fill(
      view,
      h('h1', {}, 'Contributor ', h('code', {}, address)),
      errorBox('No history for this address', `${address} has made no contributions and earned no attributions${height != null ? ` (indexed up to block ${height})` : ''}. Check the address, or come back once it has contributed.`),
    );
    return () => {};
  }
  const contributions: Contribution[] = c?.contributions.nodes ?? [];
  const chartSection = h('section', { id: 'influence' });
  const latestSection = h('section', { id: 'latest' });
  fill(
    view,
    h('h1', {}, 'Contributor ', h('code', {}, address)),
    h('div', { class: 'cards' },
      card('contributions', `${c?.contributionCount ?? 0}`, `${c?.approvedCount ?? 0} approved`),
      card('attributed inferences', `${c?.attributionCount ?? 0}`, 'one per inference and contribution'),
      card('influence', formatInfluence(c?.influence ?? '0'), 'shares summed, in whole inferences'),
      card('rewards earned', formatOpen(c?.rewardsEarned ?? '0'), 'credited to its contributions'),
    ),
    chartSection,
    byDatanet(contributions),
    latestSection,
  );
  renderLatest(latestSection, latest);
  const first = d.first.nodes[0]?.timestamp as string | undefined;
  if (first) void renderChart(chartSection, address, first, latest[latest.length - 1]!.timestamp, null);
  else fill(chartSection, h('h2', {}, 'Influence and rewards'), h('p', { class: 'muted' }, 'No attributed inferences yet: nothing to chart.'));

  let pending: ReturnType<typeof setTimeout> | undefined;
  const mine = new Set(contributions.map((x) => x.id));
  const stop = onNewInferences((batch) => {
    if (!batch.some((i) => i.contributionIds.some((id) => mine.has(id)))) return;
    clearTimeout(pending);
    pending = setTimeout(async () => {
      try {
        const fresh = await gql(LATEST_ONLY, { id: address, latest: LATEST });
        renderLatest(latestSection, fresh.latest.nodes);
      } catch {
        /* keeps what it shows */
      }
    }, 500);
  });
  return () => {
    stop();
    clearTimeout(pending);
  };
}

const card = (label: string, value: string, note: string) => h('div', { class: 'card' }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value), h('div', { class: 'note' }, note));

async function renderChart(section: HTMLElement, address: string, first: string, last: string, interval: ChartWindow['interval'] | null): Promise<void> {
  const span = Math.max(Date.now(), Date.parse(last)) - Date.parse(first);
  const chosen = interval ?? (span > 14 * DAY_MS ? 'DAY' : 'HOUR');
  const win = chartWindow(first, last, chosen);
  const buttons = (['HOUR', 'DAY'] as const).map((i) => {
    const b = h('button', { type: 'button', class: i === chosen ? 'on' : '', 'data-interval': i, 'aria-pressed': String(i === chosen) }, i === 'HOUR' ? 'per hour' : 'per day');
    b.addEventListener('click', () => void renderChart(section, address, first, last, i));
    return b;
  });
  fill(section, h('h2', {}, 'Influence and rewards ', h('span', { class: 'toggle' }, buttons)), h('p', { class: 'muted' }, 'Loading…'));
  try {
    const d = await gql(INFLUENCE, { address, ...win });
    const r = d.contributorInfluence as { from: string; to: string; buckets: Bucket[] };
    let influence = 0n;
    let rewards = 0n;
    for (const b of r.buckets) {
      influence += BigInt(b.influence);
      rewards += BigInt(b.rewards);
    }
    const caption = h('p', { class: 'caption' },
      `${plural(r.buckets.length, chosen === 'HOUR' ? 'hourly bucket' : 'daily bucket')} (UTC) from ${formatTime(r.from)} to ${formatTime(r.to)}: `,
      h('span', { 'data-total': 'influence', 'data-value': String(influence) }, formatInfluence(influence)), ' influence, ',
      h('span', { 'data-total': 'rewards', 'data-value': String(rewards) }, formatOpen(rewards)), ' in rewards.');
    fill(section, h('h2', {}, 'Influence and rewards ', h('span', { class: 'toggle' }, buttons)), caption);
    section.append(influenceChart(r.buckets, win, section.clientWidth || 800));
  } catch (e) {
    fill(section, h('h2', {}, 'Influence and rewards ', h('span', { class: 'toggle' }, buttons)), errorBox('Could not load the chart', e instanceof Error ? e.message : String(e)));
  }
}

function byDatanet(contributions: Contribution[]): HTMLElement {
  const groups = new Map<string, { name: string; list: Contribution[] }>();
  for (const c of contributions) {
    const g = groups.get(c.datanet.id) ?? { name: c.datanet.name, list: [] };
    g.list.push(c);
    groups.set(c.datanet.id, g);
  }
  const sum = (list: Contribution[], k: 'influence' | 'rewardsEarned') => list.reduce((a, c) => a + BigInt(c[k]), 0n);
  const rows = [...groups].map(([id, g]) => [
    h('span', {}, g.name, ' ', h('span', { class: 'muted' }, `#${id}`)),
    `${g.list.length}`,
    `${g.list.filter((c) => c.status === 'APPROVED').length}`,
    formatInfluence(sum(g.list, 'influence')),
    formatOpen(sum(g.list, 'rewardsEarned')),
    g.list.map((c) => h('span', { class: `pill ${c.status.toLowerCase()}`, title: `${c.status}, ${c.attributionCount} attributions` }, `#${c.id}`)),
  ]);
  return h('section', { id: 'datanets' },
    h('h2', {}, 'Contributions by datanet'),
    rows.length ? table(['datanet', 'contributions', 'approved', 'influence', 'rewards', 'contribution ids'], rows, { 'data-table': 'datanets' }) : h('p', { class: 'muted' }, 'No contributions.'));
}

function renderLatest(section: HTMLElement, latest: Attribution[]): void {
  const rows = [...latest].reverse().map((a) => [
    `#${a.inference.id}`,
    formatTime(a.timestamp),
    a.model.name,
    h('span', {}, a.datanet.name, ' ', h('span', { class: 'muted' }, `#${a.contribution.id}`)),
    formatShare(a.share),
    formatOpen(a.reward, 6),
    formatOpen(a.inference.fee),
  ]);
  fill(section,
    h('h2', {}, 'Latest attributed inferences'),
    rows.length ? table(['inference', 'time', 'model', 'datanet, contribution', 'share', 'reward', 'inference fee'], rows, { 'data-table': 'latest' }) : h('p', { class: 'muted' }, 'None yet.'));
}


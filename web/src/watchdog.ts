// The watchdog view: dispute totals by outcome, the latest challenges with their outcome and what
// it says of the challenged record (an upheld challenge proves it falsified), and the verifier's
// verdicts when the API serves them (the `verifications` field; the page reads its shape by
// introspection and shows its plain fields).
import { errorBox, fill, h, table } from './dom.ts';
import { formatOpen, formatTime, plural, shortHex } from './format.ts';
import { gql } from './graphql.ts';
import { showApiError } from './contributor.ts';
import { subscribe } from './live.ts';
import { DISPUTES, LIVE_CHALLENGES, VERIFICATIONS } from './queries.ts';
import { schemaInfo } from './schemaInfo.ts';

const RECENT = 50;


/** What a challenge's outcome says of the challenged record. */
export const RECORD_VERDICT: Record<string, string> = {
  UPHELD: 'falsified (challenge upheld, attributor slashed)',
  REJECTED: 'stood (challenge rejected)',
  EXPIRED: 'undecided (expired unresolved)',
  OPEN: 'under dispute',
};

/** Renders the watchdog view; while it is shown, each challenge update (when the API has the subscription) renders it again. */
export async function watchdogView(view: HTMLElement): Promise<() => void> {
  fill(view, h('h1', {}, 'Watchdog'), h('p', { class: 'muted' }, 'Loading…'));
  if (!(await render(view))) return () => {};
  let live = false;
  try {
    live = (await schemaInfo()).hasSubscription('challengeUpdates');
  } catch {
    /* no live updates */
  }
  if (!live) return () => {};
  let pending: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const close = subscribe<{ id: string }>(LIVE_CHALLENGES, () => {
    clearTimeout(pending);
    pending = setTimeout(() => void render(view, () => closed), 300);
  });
  return () => {
    closed = true;
    close();
    clearTimeout(pending);
  };
}

/** Loads and shows the disputes; false when the API failed (the error is shown). */
async function render(view: HTMLElement, left = () => false): Promise<boolean> {
  let d: any;
  try {
    d = await gql(DISPUTES, { recent: RECENT });
  } catch (e) {
    if (!left()) showApiError(view, e, 'the disputes');
    return false;
  }
  if (left()) return false;
  const s = d.disputeStats;
  const challenges = [...d.challenges.nodes].reverse();
  const verifications = h('section', { id: 'verifications' });
  fill(
    view,
    h('h1', {}, 'Watchdog'),
    h('div', { class: 'cards' },
      h('div', { class: 'card' }, h('div', { class: 'label' }, 'challenges'), h('div', { class: 'value' }, `${s.challenges}`),
        h('div', { class: 'note' }, s.byOutcome.map((o: { status: string; count: number }) => `${o.count} ${o.status.toLowerCase()}`).join(' · '))),
      h('div', { class: 'card' }, h('div', { class: 'label' }, 'slashed'), h('div', { class: 'value' }, formatOpen(s.slashed)), h('div', { class: 'note' }, plural(s.slashes, 'slash', 'slashes'))),
      h('div', { class: 'card' }, h('div', { class: 'label' }, 'paid to challengers'), h('div', { class: 'value' }, formatOpen(s.challengerRewards)), h('div', { class: 'note' }, 'who proved a record wrong'))),
    h('section', { id: 'disputes' },
      h('h2', {}, 'Recent disputes'),
      challenges.length
        ? table(['challenge', 'opened', 'record', 'model', 'outcome', 'the record', 'attributor', 'challenger', 'bond', 'slashed'],
          challenges.map((c: any) => [
            `#${c.id}`, formatTime(c.openedAt), `inference #${c.inference.id}`, c.inference.model.name,
            h('span', { class: `pill ${c.status.toLowerCase()}` }, c.status.toLowerCase()),
            RECORD_VERDICT[c.status] ?? c.status,
            h('code', { title: c.attributor }, shortHex(c.attributor)), h('code', { title: c.challenger }, shortHex(c.challenger)),
            formatOpen(c.bond), c.slashedAmount ? formatOpen(c.slashedAmount) : '–',
          ]), { 'data-table': 'disputes' })
        : h('p', { class: 'muted' }, 'No challenges yet.')),
    verifications,
  );
  void renderVerifications(verifications);
  return true;
}


const VERDICT_TEXT: Record<string, string> = {
  MATCH: 'matches the recomputation',
  DISPUTE: 'disputed: the recomputed shares differ beyond the tolerance',
  UNVERIFIABLE: 'could not be recomputed',
};

async function renderVerifications(section: HTMLElement): Promise<void> {
  fill(section, h('h2', {}, 'Verifier verdicts'));
  try {
    if (!(await schemaInfo()).hasQuery('verifications')) {
      section.append(h('p', { class: 'muted', 'data-verifications': 'absent' }, 'This API does not serve verifier verdicts (no verifications field): the disputes above come from the chain.'));
      return;
    }
    const d = await gql(VERIFICATIONS, { recent: 20 });
    const rows = [...d.verifications.nodes].reverse().map((v: any) => [
      `inference #${v.id}`, formatTime(v.verifiedAt), v.inference.model.name,
      h('span', { class: `pill ${String(v.verdict).toLowerCase()}` }, String(v.verdict).toLowerCase()),
      v.verdict === 'UNVERIFIABLE' && v.reason ? `${VERDICT_TEXT.UNVERIFIABLE}: ${v.reason}` : VERDICT_TEXT[v.verdict] ?? v.verdict,
      v.distance == null ? '–' : `${v.distance} (tolerance ${v.tolerance})`,
      v.challenge ? `#${v.challenge.id} ${String(v.challenge.status).toLowerCase()}` : '–',
    ]);
    section.append(rows.length
      ? table(['record', 'verified', 'model', 'verdict', 'meaning', 'distance', 'challenge'], rows, { 'data-table': 'verifications' })
      : h('p', { class: 'muted' }, 'No verdicts yet.'));
  } catch (e) {
    section.append(errorBox('Could not load the verifier’s verdicts', e instanceof Error ? e.message : String(e)));
  }
}

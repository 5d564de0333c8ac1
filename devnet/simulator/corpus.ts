import type { Random } from './random.ts';

/**
 * Text documents for the n-gram datanet: each contributor writes field notes
 * on its own topic, in sentences built from shared grammar and topic words, so
 * that a language model trained on them reproduces spans traceable to authors.
 */
const TOPICS: Record<string, { nouns: string[]; verbs: string[]; places: string[] }> = {
  rivers: { nouns: ['heron', 'current', 'sandbar', 'ferry', 'otter', 'reed bed'], verbs: ['drifts past', 'floods', 'feeds on', 'shelters'], places: ['the lower delta', 'the old mill race', 'the oxbow'] },
  orchards: { nouns: ['pear tree', 'beehive', 'pruning saw', 'frost', 'cider press', 'blossom'], verbs: ['ripens near', 'damages', 'pollinates', 'outlasts'], places: ['the south terrace', 'the walled garden', 'the long row'] },
  harbours: { nouns: ['trawler', 'gull', 'tide gauge', 'net loft', 'breakwater', 'crane'], verbs: ['unloads beside', 'circles over', 'measures', 'guards'], places: ['the inner basin', 'the fish quay', 'the lighthouse steps'] },
  mountains: { nouns: ['ibex', 'scree slope', 'glacier', 'shepherd', 'cairn', 'marmot'], verbs: ['climbs above', 'retreats from', 'marks', 'watches'], places: ['the high pass', 'the north col', 'the summer pasture'] },
  markets: { nouns: ['spice stall', 'weigh scale', 'porter', 'awning', 'ledger', 'copper pot'], verbs: ['opens beside', 'records', 'carries', 'tempts'], places: ['the covered hall', 'the east gate', 'the cloth lane'] },
  sybil: { nouns: ['thing'], verbs: ['is'], places: ['somewhere'] },
};
export const TOPIC_NAMES = Object.keys(TOPICS).filter((t) => t !== 'sybil');

const OPENERS = ['at dawn', 'every spring', 'after the rains', 'in late autumn', 'most evenings', 'on market days'];
const LINKS = ['and then', 'while', 'because', 'so that'];

function sentence(rng: Random, topic: string): string {
  const t = TOPICS[topic]!;
  const core = `the ${rng.pick(t.nouns)} ${rng.pick(t.verbs)} the ${rng.pick(t.nouns)} in ${rng.pick(t.places)}`;
  const tail = rng.chance(0.4) ? ` ${rng.pick(LINKS)} the ${rng.pick(t.nouns)} ${rng.pick(t.verbs)} ${rng.pick(t.places)}` : '';
  return `${rng.pick(OPENERS)}, ${core}${tail}.`;
}

/** One document of `sentences` sentences about `topic`. */
export function fieldNote(rng: Random, topic: string, sentences: number): string {
  const out: string[] = [];
  for (let i = 0; i < sentences; i++) out.push(sentence(rng, topic));
  const text = out.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A prompt a user might type: an opener and a topic noun. */
export function prompt(rng: Random, topic: string): string {
  return `${rng.pick(OPENERS)}, the ${rng.pick(TOPICS[topic]!.nouns)}`;
}

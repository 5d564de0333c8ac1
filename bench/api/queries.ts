/**
 * The API benchmark's query mix (entries: mixQuery.ts): explorer pages with nested relations,
 * filters, lookups and a contributor's contributions, each also in OpenReader's dialect; a
 * contributor's totals against SQL; then the analytics (analyticsQueries.ts).
 * Adding a query is adding an entry here.
 */
import { ANALYTICS_QUERIES } from './analyticsQueries.ts';
import type { Json, MixQuery } from './mixQuery.ts';

const nodes = (connection: Json): Json[] => connection.nodes;

const INFERENCE_FIELDS = 'id blockNumber timestamp user fee protocolAmount modelOwnerAmount contributorAmount';
const ATTRIBUTION_FIELDS = 'id share reward blockNumber contribution { id contributor }';

const EXPLORER_QUERIES: MixQuery[] = [
  {
    name: 'inferences page, nested',
    description: "an explorer's latest 20 inferences with model, attributions (and their contributions) and challenges",
    ours: `{ inferences(first: 20, orderBy: [blockNumber_DESC]) { nodes { ${INFERENCE_FIELDS} model { id name }
      attributions(first: 10, orderBy: [id_ASC]) { nodes { ${ATTRIBUTION_FIELDS} } } challenges(first: 5, orderBy: [id_ASC]) { nodes { id status } } } } }`,
    normaliseOurs: (d) => nodes(d.inferences).map((i) => ({ ...i, attributions: nodes(i.attributions), challenges: nodes(i.challenges) })),
    peer: {
      kind: 'openreader',
      query: `{ inferences(limit: 20, orderBy: [blockNumber_DESC, id_DESC]) { ${INFERENCE_FIELDS} model { id name }
        attributions(limit: 10, orderBy: [id_ASC]) { ${ATTRIBUTION_FIELDS} } challenges(limit: 5, orderBy: [id_ASC]) { id status } } }`,
      normalise: (d) => d.inferences,
    },
    variables: () => [{}],
  },
  {
    name: 'inferences, deep page',
    description: 'a Relay connection page of 20 inferences, newest first, 1,000 to 50,000 rows in (our cursor; OpenReader\'s offset cursor)',
    ours: `query ($after: String) { inferences(first: 20, after: $after, orderBy: [blockNumber_DESC]) {
      edges { node { id blockNumber user fee } } pageInfo { hasNextPage } } }`,
    normaliseOurs: (d) => ({ nodes: d.inferences.edges.map((e: Json) => e.node), hasNextPage: d.inferences.pageInfo.hasNextPage }),
    peer: {
      kind: 'openreader',
      query: `query ($offset: String) { inferencesConnection(first: 20, after: $offset, orderBy: [blockNumber_DESC, id_DESC]) {
        edges { node { id blockNumber user fee } } pageInfo { hasNextPage } } }`,
      normalise: (d) => ({ nodes: d.inferencesConnection.edges.map((e: Json) => e.node), hasNextPage: d.inferencesConnection.pageInfo.hasNextPage }),
    },
    variables: (f) => f.deepPages.map((p) => ({ after: p.cursor, offset: String(p.offset) })),
  },
  {
    name: 'inference by id',
    description: 'one inference with its fee split and its attributions',
    ours: `query ($id: ID!) { inference(id: $id) { ${INFERENCE_FIELDS} dust contributionIds shares model { id name }
      attributions(first: 20, orderBy: [id_ASC]) { nodes { ${ATTRIBUTION_FIELDS} } } } }`,
    normaliseOurs: (d) => ({ ...d.inference, attributions: nodes(d.inference.attributions) }),
    peer: {
      kind: 'openreader',
      query: `query ($id: String!) { inferenceById(id: $id) { ${INFERENCE_FIELDS} dust contributionIds shares model { id name }
        attributions(limit: 20, orderBy: [id_ASC]) { ${ATTRIBUTION_FIELDS} } } }`,
      normalise: (d) => d.inferenceById,
    },
    variables: (f) => f.inferenceIds.map((id) => ({ id })),
  },
  {
    name: 'attributions filtered',
    description: "a contributor's latest 50 attributions from a block on (where on indexed columns, orderBy)",
    ours: `query ($contributor: Address!, $from: Int!) { attributions(first: 50, orderBy: [blockNumber_DESC],
      where: { contributor_eq: $contributor, blockNumber_gte: $from }) { nodes { id share reward blockNumber inference { id fee } } } }`,
    normaliseOurs: (d) => nodes(d.attributions),
    peer: {
      kind: 'openreader',
      query: `query ($contributor: String!, $from: Int!) { inferenceAttributions(limit: 50, orderBy: [blockNumber_DESC, id_DESC],
        where: { contributor_eq: $contributor, blockNumber_gte: $from }) { id share reward blockNumber inference { id fee } } }`,
      normalise: (d) => d.inferenceAttributions,
    },
    variables: (f) => f.contributors.map((c) => ({ contributor: c.id, from: c.recentBlock })),
  },
  {
    name: 'challenges by status',
    description: 'the latest 20 resolved challenges (upheld or rejected) with their inference',
    ours: `{ challenges(first: 20, orderBy: [openedAtBlock_DESC], where: { status_in: [UPHELD, REJECTED] }) {
      nodes { id status challenger bond openedAtBlock inference { id fee user } } } }`,
    normaliseOurs: (d) => nodes(d.challenges),
    peer: {
      kind: 'openreader',
      query: `{ challenges(limit: 20, orderBy: [openedAtBlock_DESC, id_DESC], where: { status_in: [UPHELD, REJECTED] }) {
        id status challenger bond openedAtBlock inference { id fee user } } }`,
      normalise: (d) => d.challenges,
    },
    variables: () => [{}],
  },
  {
    name: "a contributor's contributions",
    description: 'a contributor, its totals and its contributions with their datanet',
    ours: `query ($id: Address!) { contributor(id: $id) { id contributionCount influence rewardsEarned
      contributions(first: 50, orderBy: [id_ASC]) { nodes { id status influence attributionCount rewardsEarned datanet { id name } } } } }`,
    normaliseOurs: (d) => ({ ...d.contributor, contributions: nodes(d.contributor.contributions) }),
    peer: {
      kind: 'openreader',
      query: `query ($id: String!) { contributorById(id: $id) { id contributionCount influence rewardsEarned }
        contributions(limit: 50, orderBy: [id_ASC], where: { contributor_eq: $id }) { id status influence attributionCount rewardsEarned datanet { id name } } }`,
      normalise: (d) => ({ ...d.contributorById, contributions: d.contributions }),
    },
    variables: (f) => f.contributors.map((c) => ({ id: c.id })),
  },
  {
    name: 'datanets, nested',
    description: 'datanets with their latest contributions (a nested connection per datanet)',
    ours: `{ datanets(first: 10, orderBy: [id_ASC]) { nodes { id name owner contributionCount influence
      contributions(first: 10, orderBy: [submittedAtBlock_DESC]) { nodes { id contributor status influence rewardsEarned } } } } }`,
    normaliseOurs: (d) => nodes(d.datanets).map((n) => ({ ...n, contributions: nodes(n.contributions) })),
    peer: {
      kind: 'openreader',
      query: `{ datanets(limit: 10, orderBy: [id_ASC]) { id name owner contributionCount influence
        contributions(limit: 10, orderBy: [submittedAtBlock_DESC, id_DESC]) { id contributor status influence rewardsEarned } } }`,
      normalise: (d) => d.datanets,
    },
    variables: () => [{}],
  },
  {
    name: "a contributor's totals",
    description: "a contributor's influence, attribution count and rewards; the SQL a user would otherwise run sums its attribution rows",
    ours: `query ($id: Address!) { contributor(id: $id) { influence attributionCount rewardsEarned } }`,
    normaliseOurs: (d) => d.contributor,
    peer: {
      kind: 'sql',
      sql: `SELECT coalesce(sum(share), 0)::text AS "influence", count(*)::int AS "attributionCount", coalesce(sum(reward), 0)::text AS "rewardsEarned"
            FROM inference_attribution WHERE contributor = $1`,
      params: (v) => [v.id],
      normalise: (rows) => rows[0],
    },
    variables: (f) => f.contributors.map((c) => ({ id: c.id })),
  },
];

export const QUERIES: MixQuery[] = [...EXPLORER_QUERIES, ...ANALYTICS_QUERIES];

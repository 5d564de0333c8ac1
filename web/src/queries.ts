// Every GraphQL document the page sends, in one place: web/queries.test.ts validates each against
// the API's committed schema (schema/api.graphql), so a renamed field fails a test, not a browser.

/** What a contributor's page loads first: totals, contributions, the first and latest attributions, the indexed height. */
export const CONTRIBUTOR = `query PageContributor($id: Address!, $latest: Int!) {
  contributor(id: $id) { id contributionCount approvedCount attributionCount influence rewardsEarned
    contributions(first: 1000, orderBy: [id_ASC]) { nodes { id status influence rewardsEarned attributionCount datanet { id name } } } }
  first: attributions(first: 1, orderBy: [blockNumber_ASC], where: { contributor_eq: $id }) { nodes { timestamp } }
  latest: attributions(last: $latest, orderBy: [blockNumber_ASC], where: { contributor_eq: $id }) {
    nodes { id share reward timestamp contribution { id } datanet { id name } model { id name } inference { id fee } } }
  squidStatus { finalizedHeight }
}`;

/** The chart's buckets. */
export const INFLUENCE = `query PageInfluence($address: Address!, $interval: AnalyticsInterval!, $from: DateTime!, $to: DateTime!) {
  contributorInfluence(address: $address, interval: $interval, from: $from, to: $to) { interval from to buckets { bucketStart influence rewards attributions } }
}`;

/** A contributor's latest attributions, reloaded when a new inference names one of its contributions. */
export const LATEST_ONLY = `query PageContributorLatest($id: Address!, $latest: Int!) {
  latest: attributions(last: $latest, orderBy: [blockNumber_ASC], where: { contributor_eq: $id }) {
    nodes { id share reward timestamp contribution { id } datanet { id name } model { id name } inference { id fee } } }
}`;

/** The front's totals and leaderboard. */
export const FRONT = `query PageFront($at: DateTime!, $from: DateTime!) {
  protocolStats(at: $at) {
    totals { inferences fees contributions contributors datanets models influence contributorRewards rewardsClaimed challenges challengesOpen slashed staked attributorBonds }
    last24Hours { from to inferences fees contributions influence contributorAmount challenges }
  }
  rewardsLeaderboard(from: $from, to: $at, first: 10) { entries { rank contributor rewards influence attributions } }
}`;

/** The watchdog's disputes. */
export const DISPUTES = `query PageDisputes($recent: Int!) {
  disputeStats { challenges slashes slashed challengerRewards byOutcome { status count } }
  challenges(last: $recent, orderBy: [openedAtBlock_ASC]) {
    nodes { id status challenger attributor bond slashedAmount openedAt inference { id model { name } } } }
}`;

/** The verifier's latest verdicts (docs/verifier.md), asked only when the API has `verifications`. */
export const VERIFICATIONS = `query PageVerifications($recent: Int!) {
  verifications(last: $recent, orderBy: [verifiedAt_ASC]) {
    nodes { id verdict distance tolerance method verifiedAt reason inference { model { name } } challenge { id status } } }
}`;

/** The front's latest inferences, and those the live feed names. */
const ROW = 'id blockNumber timestamp fee user model { id name } contributionIds';
export const FRONT_LATEST = `query PageFrontLatest { inferences(last: 10, orderBy: [blockNumber_ASC]) { nodes { ${ROW} } } }`;
export const FRONT_BY_IDS = `query PageFrontNew($ids: [ID!]!) { inferences(where: { id_in: $ids }, orderBy: [blockNumber_ASC]) { nodes { ${ROW} } } }`;

/** The live feed (ids only: the views load rows by query). */
export const LIVE_INFERENCES = 'subscription PageLive { newInferences { id contributionIds } }';
export const LIVE_CHALLENGES = 'subscription PageChallenges { challengeUpdates { id } }';
/** The polling fallback of the live feed. */
export const POLL_LATEST = 'query PageLatest { inferences(last: 10, orderBy: [blockNumber_ASC]) { nodes { id blockNumber contributionIds } } }';
export const SCHEMA_FIELDS = 'query PageSchema { __schema { queryType { fields { name } } subscriptionType { fields { name } } } }';

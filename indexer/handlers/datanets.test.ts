// Datanet handlers on an in-memory batch: a datanet, contributions submitted and reviewed, a version,
// contributor counts and contribution history; a contribution to an unknown datanet quarantined.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as M from '../../db/model/index.ts';
import { hash32 } from '../../test/support/hash32.ts';
import { runInMemory } from '../../test/support/inMemoryBatch.ts';

const OWNER = '0x00000000000000000000000000000000000a11ce';
const CONTRIBUTOR = '0x0000000000000000000000000000000000000b0b';

test('datanet, contributions, reviews and a version', async () => {
  const submit = (contributionId: bigint, datanetId: bigint, rowCount: number) => ({
    family: 'DatanetFactory' as const, event: 'ContributionSubmitted',
    args: { contributionId, datanetId, contributor: CONTRIBUTOR, contentHash: hash32(Number(contributionId)), uri: `ipfs://c${contributionId}`, rowCount },
  });
  const { batch, rejected } = await runInMemory([
    [{ family: 'DatanetFactory', event: 'DatanetCreated', args: { datanetId: 1n, owner: OWNER, transactionId: hash32(99), name: 'medical', metadataURI: 'ipfs://m', fee: 10n } }],
    [submit(1n, 1n, 40), submit(2n, 1n, 2), submit(3n, 9n, 1)],
    [
      { family: 'DatanetFactory', event: 'ContributionReviewed', args: { contributionId: 1n, datanetId: 1n, reviewer: OWNER, approved: true, approvedCount: 1 } },
      { family: 'DatanetFactory', event: 'ContributionReviewed', args: { contributionId: 2n, datanetId: 1n, reviewer: OWNER, approved: false, approvedCount: 1 } },
      { family: 'DatanetFactory', event: 'DatanetVersionPublished', args: { datanetId: 1n, version: 1n, merkleRoot: hash32(5), contributionCount: 1 } },
    ],
  ]);
  const d = batch.datanets.get('1')!;
  assert.deepEqual([d.contributionCount, d.rowCount, d.approvedCount, d.rejectedCount, d.versionCount], [2, 42n, 1n, 1, 1n]);
  assert.equal(batch.contributions.get('1')!.status, M.ContributionStatus.APPROVED);
  assert.equal(batch.contributions.get('2')!.status, M.ContributionStatus.REJECTED);
  const who = batch.contributors.get(CONTRIBUTOR)!;
  assert.deepEqual([who.contributionCount, who.approvedCount, who.firstContributionBlock], [2, 1, 101]);
  assert.deepEqual(batch.staged(M.ContributionHistory).map((h) => [h.contribution.id, h.validFromBlock, h.validToBlock, h.status]), [
    ['1', 101, 102, M.ContributionStatus.PENDING], ['2', 101, 102, M.ContributionStatus.PENDING],
    ['1', 102, null, M.ContributionStatus.APPROVED], ['2', 102, null, M.ContributionStatus.REJECTED],
  ]);
  assert.deepEqual(batch.staged(M.DatanetVersion).map((v) => v.id), ['1-1']);
  assert.deepEqual([...rejected.values()], ['Datanet 9 does not exist']);
});

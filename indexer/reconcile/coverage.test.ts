// Which families reconcile compares on each built-in network, and why it skips the others.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { networkFromEnv } from '../networks/index.ts';
import { coverage } from './coverage.ts';

const rpc = { RPC_URL: 'http://127.0.0.1:1' };

test('OpenLedger mainnet: both contracts watched with one event; the credits labelled as purchases', () => {
  const { compared, skipped } = coverage(networkFromEnv({ NETWORK: 'openledger', ...rpc }).contracts);
  assert.deepEqual([...compared.keys()], []);
  assert.deepEqual(skipped.map((x) => [x.family, x.reason]), [
    ['CreditManager', 'watches CreditPurchased only; AttributorApproved, CreditsSpent, RoleAdminChanged, RoleGranted, RoleRevoked, TreasurySet also change what these checks compare. ' +
      'Account.creditBalance counts purchases here (it equals Account.creditsPurchased), not a balance: spends are not watched'],
    ['DatanetFactory', 'watches TransactionInitiated only; ContributionReviewed, ContributionSubmitted, CreationFeeSet, DatanetCreated, DatanetVersionPublished, RoleAdminChanged, RoleGranted, RoleRevoked, TreasurySet also change what these checks compare'],
  ]);
});

test('Ethereum and BSC: OPEN balances and supply are compared (Transfer is watched, from the deployment); the OFT has no check', () => {
  for (const NETWORK of ['ethereum', 'bsc']) {
    const { compared, skipped } = coverage(networkFromEnv({ NETWORK, ...rpc }).contracts);
    assert.deepEqual([...compared.keys()], ['OPEN', 'OFT'], NETWORK);
    assert.deepEqual(skipped, [], NETWORK);
  }
});

test('a raised start, an unknown deployment, an unknown start', () => {
  const raised = coverage(networkFromEnv({ NETWORK: 'ethereum', START_BLOCK: '23000000', ...rpc }).contracts);
  assert.deepEqual(raised.skipped.map((x) => [x.family, x.reason]), [
    ['OPEN', 'indexed from block 23000000, above its deployment at 22846566: what happened in between is not indexed'],
  ]);
  const given = coverage([{ family: 'Staking', address: '0x000000000000000000000000000000000000abcd', startBlock: 7 }]);
  assert.equal(given.skipped[0]!.reason, 'indexed from block 7, and its deployment block is not known: what happened before may be missing');
  const unknown = coverage([{ family: 'Staking', address: '0x000000000000000000000000000000000000abcd' }]);
  assert.equal(unknown.skipped[0]!.reason, 'its start block is not known (the processor finds it at start)');
});

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { decodeEventLog, type Address, type Hex } from 'viem';
import { abiOf } from '../contracts/artifacts.ts';
import { runOnce, startDevnet, type RunningDevnet } from '../devnet/devnet.ts';
import { DEFAULT_OPTIONS } from '../devnet/options.ts';
import { stakingOwed } from '../devnet/stakingOwed.ts';
import type { ScenarioSummary } from '../devnet/simulator/summary.ts';
import { readDevnetState } from '../devnet/state.ts';
import { attributeGradient, attributeNgram, compareShares, GRADIENT_METHOD, loadBlob, loadTextOutput, type ModelManifest } from '../verifier/attribution/index.ts';
import { createBlobResolver } from '../verifier/content/index.ts';
import { useTempRuntime } from './support/tempRuntime.ts';

let runtime: string;
let devnet: RunningDevnet;
let summary: ScenarioSummary;

before(async () => {
  runtime = useTempRuntime('devnet');
  devnet = await startDevnet({ ...DEFAULT_OPTIONS, seed: 11, once: true, scale: 1 });
  summary = await runOnce(devnet);
});
after(() => devnet?.stop());

test('the state file tells the other parts where everything is', () => {
  const state = readDevnetState();
  assert.equal(state.rpcUrl, devnet.state.rpcUrl);
  assert.equal(state.chainId, 31337);
  assert.match(state.contracts.AttributionEngine.address, /^0x[0-9a-fA-F]{40}$/);
  assert.ok(state.contracts.ChallengeManager.startBlock > 0);
  assert.ok(existsSync(join(runtime, 'devnet', 'summary.json')));
  assert.deepEqual(JSON.parse(readFileSync(join(runtime, 'devnet', 'summary.json'), 'utf8')), JSON.parse(JSON.stringify(summary)));
});

test('the scenario exercises every contract and tells the protocol story', () => {
  const story = [
    'OPEN.Transfer', 'OPEN.Approval', 'WOPEN.Deposit', 'WOPEN.Withdrawal', 'WOPEN.Transfer', 'WOPEN.Approval',
    'GOPEN.Deposit', 'GOPEN.Withdrawal', 'GOPEN.DelegateChanged', 'GOPEN.DelegateVotesChanged', 'GOPEN.Approval',
    'OpenLedgerGovernor.ProposalCreated', 'OpenLedgerGovernor.VoteCast', 'OpenLedgerGovernor.VoteCastWithParams',
    'OpenLedgerGovernor.ProposalQueued', 'OpenLedgerGovernor.ProposalExecuted', 'OpenLedgerGovernor.ProposalCanceled',
    'OpenLedgerTimelock.CallScheduled', 'OpenLedgerTimelock.CallExecuted',
    'Staking.ConfigCreated', 'Staking.ConfigSet', 'Staking.Staked', 'Staking.ToppedUp', 'Staking.RequestUnstake', 'Staking.Unstaked',
    'Staking.CommitStake', 'Staking.OwnershipTransferred', 'Staking.RolesUpdated',
    'Bank.OwnershipHandoverRequested', 'Bank.OwnershipHandoverCanceled',
    'SigDispersal.OwnershipHandoverRequested', 'SigDispersal.OwnershipTransferred', 'SigDispersal.RolesUpdated',
    'SigDispersal.TokenSet', 'SigDispersal.VaultSet', 'SigDispersal.BatchEnabled', 'SigDispersal.BatchFeeSet', 'SigDispersal.AirdropClaimed',
    'CreditManager.CreditPurchased', 'CreditManager.CreditsSpent', 'CreditManager.AttributorApproved',
    'DatanetFactory.TransactionInitiated', 'DatanetFactory.DatanetCreated', 'DatanetFactory.ContributionSubmitted',
    'DatanetFactory.ContributionReviewed', 'DatanetFactory.DatanetVersionPublished',
    'ModelFactory.ModelRegistered', 'ModelFactory.ModelVersionPublished', 'ModelFactory.AdapterRegistered', 'ModelFactory.ModelFeeSet',
    'AttributionEngine.AttributorStaked', 'AttributionEngine.AttributorUnstakeRequested', 'AttributionEngine.AttributorUnstaked',
    'AttributionEngine.AttributorSlashed', 'AttributionEngine.InferenceAttributed', 'AttributionEngine.FeeSplit', 'AttributionEngine.RewardsClaimed',
    'ChallengeManager.ChallengeOpened', 'ChallengeManager.ChallengeResponded', 'ChallengeManager.ChallengeResolved', 'ChallengeManager.ChallengeExpired',
    'ChallengeManager.PaymentCredited', 'ChallengeManager.PaymentWithdrawn',
  ];
  const missing = story.filter((e) => !(summary.events[e]! > 0));
  assert.deepEqual(missing, []);
  assert.equal(summary.events['AttributionEngine.InferenceAttributed'], summary.inferences);
  assert.equal(summary.events['AttributionEngine.FeeSplit'], summary.inferences);
  assert.equal(summary.totalEvents, Object.values(summary.events).reduce((a, b) => a + b, 0));
  // --scale 1 adds one bulk round of 660 records on top of the story.
  assert.ok(summary.inferences > 660, `inferences ${summary.inferences}`);
  assert.deepEqual(summary.challenges.map((c) => c.outcome).sort(), ['expired', 'rejected', 'upheld']);
  assert.ok(summary.falsifiedInferenceIds.length > 0);
});

test('what the contracts owe is backed: stakes with their interest, challenge payouts, and every record had its user\'s allowance', async () => {
  const { read, publicClient, addr } = devnet.client;
  const balance = (name: 'ChallengeManager') => publicClient.getBalance({ address: addr(name) });
  // Staking: the Bank holds every stake with its interest to now and every pending payout
  const { owed } = await stakingOwed((fn, args) => read('Staking', fn, args));
  assert.ok((await read<bigint>('OPEN', 'balanceOf', [addr('Bank')])) >= owed, 'the Bank covers what Staking owes');
  assert.equal(summary.events['Staking.Unstaked'], devnet.world.stakes.length, 'every stake of the story was paid out');
  // ChallengeManager: what it owes (every challenge of the story is settled, and the payouts withdrawn)
  assert.equal(await read<bigint>('ChallengeManager', 'totalOwed'), 0n);
  assert.equal(await balance('ChallengeManager'), 0n);
  // each paid record spent its user's allowance: one CreditsSpent per paid record, naming an attributor the user approved
  const spent = (await publicClient.getLogs({ address: addr('CreditManager'), fromBlock: 0n }))
    .map((log) => decodeEventLog({ abi: abiOf('CreditManager'), data: log.data, topics: log.topics }))
    .filter((e) => e.eventName === 'CreditsSpent');
  assert.equal(spent.length, summary.events['CreditManager.CreditsSpent']);
  assert.ok(spent.every((e) => [devnet.world.actors.honestAttributor, devnet.world.actors.dishonestAttributor].includes((e.args as unknown as { attributor: Address }).attributor)));
});

/** Every posted record of the story phase, recomputed from the chain and the content store's folder alone. */
test('recomputing every record from chain and blobs flags exactly the falsified ones', async () => {
  const { publicClient, addr } = devnet.client;
  // References are hashes: the store's folder serves them as well as its (random) HTTP port.
  const store = createBlobResolver({ stores: [pathToFileURL(join(runtime, 'devnet', 'blobs')).href] });
  const manifests = new Map<bigint, ModelManifest>();
  const versions = await publicClient.getLogs({ address: addr('ModelFactory'), fromBlock: 0n });
  for (const log of versions) {
    const e = decodeEventLog({ abi: abiOf('ModelFactory'), data: log.data, topics: log.topics });
    if (e.eventName !== 'ModelVersionPublished') continue;
    const args = e.args as unknown as { modelId: bigint; manifestHash: Hex; manifestURI: string };
    assert.equal(args.manifestURI, `hash://keccak256/${args.manifestHash.slice(2)}`);
    const manifest = await loadBlob<ModelManifest>(store, args.manifestHash, 'manifest', args.manifestURI);
    assert.ok(!JSON.stringify(manifest).includes(devnet.state.contentStoreUrl), 'no store address in a manifest');
    manifests.set(args.modelId, manifest);
  }
  const storyIds = new Set(devnet.world.inferences.map((i) => i.id));
  const records = (await publicClient.getLogs({ address: addr('AttributionEngine'), fromBlock: 0n }))
    .map((log) => decodeEventLog({ abi: abiOf('AttributionEngine'), data: log.data, topics: log.topics }))
    .filter((e) => e.eventName === 'InferenceAttributed')
    .map((e) => e.args as unknown as { inferenceId: bigint; modelId: bigint; inputHash: Hex; outputHash: Hex; contributionIds: readonly bigint[]; shares: readonly number[] })
    .filter((r) => storyIds.has(r.inferenceId));
  assert.equal(records.length, devnet.world.inferences.length);
  const flagged: string[] = [];
  for (const r of records) {
    const manifest = manifests.get(r.modelId)!;
    const recomputed =
      manifest.method === GRADIENT_METHOD
        ? (await attributeGradient({ manifest, source: store, inputs: [{ input: r.inputHash, output: r.outputHash }] })).shares[0]!
        : (await attributeNgram({ manifest, source: store, outputs: [await loadTextOutput(store, r.outputHash)] }))[0]!;
    const posted = { contributionIds: [...r.contributionIds], ppb: [...r.shares] };
    if (compareShares(posted, recomputed).dispute) flagged.push(r.inferenceId.toString());
  }
  assert.deepEqual(flagged, summary.falsifiedInferenceIds);
});

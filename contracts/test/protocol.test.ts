// The Proof-of-Attribution layer: datanets, models, credits, attribution records, rewards and challenges.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { encodeAbiParameters, keccak256, stringToHex, type Address, type Hex } from 'viem';
import { PROTOCOL_CONTRACTS } from '../artifacts.ts';
import { splitFee } from '../math.ts';
import { contributionLeaf, merkleProof, merkleRoot } from '../merkle.ts';
import { OPEN, eventOf, eventsOf, hash32, setup, type Ctx } from '../../test/support/contracts.ts';

const ADMIN = `0x${'00'.repeat(32)}` as Hex;
const ARBITER = keccak256(stringToHex('ARBITER_ROLE'));
const SLASHER = keccak256(stringToHex('SLASHER_ROLE'));
const SPENDER = keccak256(stringToHex('SPENDER_ROLE'));
const GRADIENT = stringToHex('tracin-mlp/1', { size: 32 });
const FEE = 123_456_789_012_345_679n; // odd on purpose: every split step rounds

let c: Ctx;
let admin: Address, owner: Address, alice: Address, bob: Address, modeler: Address;
let user: Address, attributor: Address, challenger: Address, arbiter: Address, other: Address;
let treasury: Address;

interface RecordInput {
  modelId: bigint;
  modelVersion: bigint;
  user: Address;
  inputHash: Hex;
  inputURI: string;
  outputHash: Hex;
  contributionIds: bigint[];
  shares: number[];
}

const rec = (over: Partial<RecordInput> = {}): RecordInput => ({
  modelId: 1n,
  modelVersion: 1n,
  user,
  inputHash: hash32(0xa1),
  inputURI: 'blob://input',
  outputHash: hash32(0xb1),
  contributionIds: [1n, 2n, 3n],
  shares: [500_000_001, 333_333_333, 166_666_666],
  ...over,
});

before(async () => {
  c = await setup();
  [admin, owner, alice, bob, modeler, user, attributor, challenger, arbiter, other] = c.accounts as Address[] as [
    Address, Address, Address, Address, Address, Address, Address, Address, Address, Address,
  ];
  treasury = c.deployment.treasury;
});
after(() => c?.stop());

test('deployment wiring: roles and treasury', async () => {
  const at = c.addr;
  assert.equal(treasury, at('OpenLedgerTimelock'));
  assert.equal(await c.read('ChallengeManager', 'hasRole', [ARBITER, treasury]), true);
  assert.equal(await c.read('AttributionEngine', 'hasRole', [SLASHER, at('ChallengeManager')]), true);
  assert.equal(await c.read('CreditManager', 'hasRole', [SPENDER, at('AttributionEngine')]), true);
  for (const name of PROTOCOL_CONTRACTS) {
    assert.equal(await c.read(name, 'hasRole', [ADMIN, treasury]), true, name);
    assert.equal(await c.read(name, 'hasRole', [ADMIN, admin]), true, name);
  }
  for (const name of PROTOCOL_CONTRACTS.filter((n) => n !== 'ModelFactory')) {
    assert.equal(await c.read(name, 'treasury'), treasury, name);
  }
  await c.reverts(c.send(alice, 'DatanetFactory', 'setTreasury', [alice]), 'AccessControlUnauthorizedAccount', [alice, ADMIN]);
});

test('datanets: creation fee, contributions, reviews and versions', async () => {
  const fee = c.deployment.params.datanetCreationFee;
  await c.reverts(c.send(owner, 'DatanetFactory', 'createDatanet', ['d', 'u'], 0n), 'FeeMismatch', [fee, 0n]);
  const treasuryBefore = await c.balance(treasury);
  const created = await c.send(owner, 'DatanetFactory', 'createDatanet', ['Tabular health', 'blob://meta1'], fee);
  const txId = keccak256(
    encodeAbiParameters([{ type: 'uint256' }, { type: 'address' }, { type: 'uint256' }], [31337n, c.addr('DatanetFactory'), 1n]),
  );
  assert.deepEqual(eventOf(created, 'DatanetFactory', 'TransactionInitiated'), { transactionId: txId, user: owner, amount: fee });
  assert.deepEqual(eventOf(created, 'DatanetFactory', 'DatanetCreated'), {
    datanetId: 1n,
    owner,
    transactionId: txId,
    name: 'Tabular health',
    metadataURI: 'blob://meta1',
    fee,
  });
  assert.equal(await c.balance(treasury), treasuryBefore + fee);
  await c.send(other, 'DatanetFactory', 'createDatanet', ['Other', 'blob://meta2'], fee);

  await c.reverts(c.send(alice, 'DatanetFactory', 'submitContribution', [3n, hash32(1), 'x', 1]), 'UnknownDatanet', [3n]);
  await c.reverts(c.send(alice, 'DatanetFactory', 'submitContribution', [1n, hash32(0), 'x', 1]), 'EmptyContent');
  const sub = await c.send(alice, 'DatanetFactory', 'submitContribution', [1n, hash32(11), 'blob://c1', 40]);
  assert.deepEqual(eventOf(sub, 'DatanetFactory', 'ContributionSubmitted'), {
    contributionId: 1n,
    datanetId: 1n,
    contributor: alice,
    contentHash: hash32(11),
    uri: 'blob://c1',
    rowCount: 40,
  });
  await c.send(alice, 'DatanetFactory', 'submitContribution', [1n, hash32(12), 'blob://c2', 10]);
  await c.reverts(
    c.send(bob, 'DatanetFactory', 'submitContributions', [1n, [hash32(13)], ['a', 'b'], [1]]),
    'LengthMismatch',
  );
  const batch = await c.send(bob, 'DatanetFactory', 'submitContributions', [
    1n,
    [hash32(13), hash32(14), hash32(15)],
    ['blob://c3', 'blob://c4', 'blob://c5'],
    [7, 8, 9],
  ]);
  assert.deepEqual(
    eventsOf(batch, 'DatanetFactory', 'ContributionSubmitted').map((e) => e.contributionId),
    [3n, 4n, 5n],
  );
  await c.send(other, 'DatanetFactory', 'submitContribution', [2n, hash32(16), 'blob://c6', 5]); // id 6, datanet 2

  await c.reverts(c.send(alice, 'DatanetFactory', 'reviewContribution', [1n, true]), 'NotDatanetOwner', [1n]);
  await c.reverts(c.send(owner, 'DatanetFactory', 'reviewContribution', [99n, true]), 'UnknownContribution', [99n]);
  const reviewed = await c.send(owner, 'DatanetFactory', 'reviewContribution', [1n, true]);
  assert.deepEqual(eventOf(reviewed, 'DatanetFactory', 'ContributionReviewed'), {
    contributionId: 1n,
    datanetId: 1n,
    reviewer: owner,
    approved: true,
    approvedCount: 1,
  });
  await c.reverts(c.send(owner, 'DatanetFactory', 'reviewContribution', [1n, false]), 'AlreadyReviewed', [1n]);
  const many = await c.send(owner, 'DatanetFactory', 'reviewContributions', [
    [2n, 3n, 4n, 5n],
    [true, true, false, true],
  ]);
  assert.deepEqual(
    eventsOf(many, 'DatanetFactory', 'ContributionReviewed').map((e) => [e.approved, e.approvedCount]),
    [[true, 2], [true, 3], [false, 3], [true, 4]],
  );
  await c.send(other, 'DatanetFactory', 'reviewContribution', [6n, true]);

  const leaves = [
    contributionLeaf(1n, hash32(11)),
    contributionLeaf(2n, hash32(12)),
    contributionLeaf(3n, hash32(13)),
    contributionLeaf(5n, hash32(15)),
  ];
  const root = merkleRoot(leaves);
  await c.reverts(c.send(owner, 'DatanetFactory', 'publishVersion', [1n, root, 0]), 'BadVersionCount', [0, 4]);
  await c.reverts(c.send(owner, 'DatanetFactory', 'publishVersion', [1n, root, 5]), 'BadVersionCount', [5, 4]);
  await c.reverts(c.send(alice, 'DatanetFactory', 'publishVersion', [1n, root, 4]), 'NotDatanetOwner', [1n]);
  const published = await c.send(owner, 'DatanetFactory', 'publishVersion', [1n, root, 4]);
  assert.deepEqual(eventOf(published, 'DatanetFactory', 'DatanetVersionPublished'), {
    datanetId: 1n,
    version: 1n,
    merkleRoot: root,
    contributionCount: 4,
  });
  for (const [i, [id, h]] of ([[1n, hash32(11)], [2n, hash32(12)], [3n, hash32(13)], [5n, hash32(15)]] as const).entries()) {
    assert.equal(await c.read('DatanetFactory', 'verifyContribution', [1n, 1n, id, h, merkleProof(leaves, i)]), true);
  }
  assert.equal(await c.read('DatanetFactory', 'verifyContribution', [1n, 1n, 4n, hash32(14), merkleProof(leaves, 3)]), false);
});

test('models: registration, versions, fees and OpenLoRA adapters', async () => {
  assert.equal(await c.read('ModelFactory', 'METHOD_GRADIENT'), GRADIENT);
  assert.equal(await c.read('ModelFactory', 'METHOD_NGRAM'), stringToHex('ngram-spans/1', { size: 32 }));
  const bogus = stringToHex('bogus/1', { size: 32 });
  await c.reverts(c.send(modeler, 'ModelFactory', 'registerModel', ['m', bogus, [1n], FEE]), 'MethodNotAllowed', [bogus]);
  await c.reverts(c.send(modeler, 'ModelFactory', 'registerModel', ['m', GRADIENT, [], FEE]), 'BadDatanets');
  await c.reverts(c.send(modeler, 'ModelFactory', 'registerModel', ['m', GRADIENT, [3n], FEE]), 'BadDatanets');
  await c.reverts(c.send(modeler, 'ModelFactory', 'registerModel', ['m', GRADIENT, [1n, 1n], FEE]), 'BadDatanets');
  const reg = await c.send(modeler, 'ModelFactory', 'registerModel', ['Risk MLP', GRADIENT, [1n], FEE - 1n]);
  assert.deepEqual(eventOf(reg, 'ModelFactory', 'ModelRegistered'), {
    modelId: 1n,
    owner: modeler,
    attributionMethod: GRADIENT,
    name: 'Risk MLP',
    datanetIds: [1n],
    feePerInference: FEE - 1n,
  });
  await c.reverts(c.send(alice, 'ModelFactory', 'setFee', [1n, FEE]), 'NotModelOwner', [1n]);
  assert.deepEqual(eventOf(await c.send(modeler, 'ModelFactory', 'setFee', [1n, FEE]), 'ModelFactory', 'ModelFeeSet'), {
    modelId: 1n,
    feePerInference: FEE,
  });

  await c.reverts(c.send(alice, 'ModelFactory', 'publishVersion', [1n, hash32(21), 'blob://m1']), 'NotModelOwner', [1n]);
  await c.reverts(c.send(modeler, 'ModelFactory', 'publishVersion', [1n, hash32(0), 'blob://m1']), 'EmptyHash');
  await c.reverts(c.send(modeler, 'ModelFactory', 'publishVersion', [9n, hash32(21), 'blob://m1']), 'UnknownModel', [9n]);
  const v = await c.send(modeler, 'ModelFactory', 'publishVersion', [1n, hash32(21), 'blob://manifest1']);
  assert.deepEqual(eventOf(v, 'ModelFactory', 'ModelVersionPublished'), {
    modelId: 1n,
    version: 1n,
    manifestHash: hash32(21),
    manifestURI: 'blob://manifest1',
  });

  await c.reverts(c.send(alice, 'ModelFactory', 'registerAdapter', [1n, 2, hash32(31), 'blob://a']), 'UnknownModelVersion', [1n, 2n]);
  await c.reverts(c.send(alice, 'ModelFactory', 'registerAdapter', [7n, 1, hash32(31), 'blob://a']), 'UnknownModel', [7n]);
  const ad = await c.send(alice, 'ModelFactory', 'registerAdapter', [1n, 1, hash32(31), 'blob://lora1']);
  assert.deepEqual(eventOf(ad, 'ModelFactory', 'AdapterRegistered'), {
    adapterId: 1n,
    baseModelId: 1n,
    owner: alice,
    baseVersion: 1,
    adapterHash: hash32(31),
    uri: 'blob://lora1',
  });

  await c.reverts(c.send(alice, 'ModelFactory', 'setAttributionMethod', [bogus, true]), 'AccessControlUnauthorizedAccount');
  const m = await c.send(admin, 'ModelFactory', 'setAttributionMethod', [bogus, true]);
  assert.deepEqual(eventOf(m, 'ModelFactory', 'AttributionMethodSet'), { method: bogus, allowed: true });
  // model 2: on both datanets, free
  await c.send(other, 'ModelFactory', 'registerModel', ['Free LM', bogus, [1n, 2n], 0n]);
  await c.send(other, 'ModelFactory', 'publishVersion', [2n, hash32(22), 'blob://manifest2']);
});

test('credits: purchase at the fixed rate; only the engine spends', async () => {
  const rate = c.deployment.params.creditsPerOpen;
  await c.reverts(c.send(user, 'CreditManager', 'buyCredits', [], 0n), 'ZeroAmount');
  const bought = await c.send(user, 'CreditManager', 'buyCredits', [], OPEN);
  assert.deepEqual(eventOf(bought, 'CreditManager', 'CreditPurchased'), { user, amountPaid: OPEN, creditAmount: OPEN * rate });
  const gift = await c.send(other, 'CreditManager', 'buyCreditsFor', [user], 7n);
  assert.deepEqual(eventOf(gift, 'CreditManager', 'CreditPurchased'), { user, amountPaid: 7n, creditAmount: 7n * rate });
  assert.equal(await c.read('CreditManager', 'credits', [user]), (OPEN + 7n) * rate);
  await c.reverts(c.send(alice, 'CreditManager', 'spend', [user, alice, 1n]), 'AccessControlUnauthorizedAccount', [alice, SPENDER]);
  await c.send(user, 'CreditManager', 'approveAttributor', [attributor, 1000n * OPEN * rate]);
});

test('attribution: bonds gate records; the fee split and rewards are exact to the wei', async () => {
  const p = c.deployment.params;
  await c.reverts(c.send(attributor, 'AttributionEngine', 'recordInference', [rec()]), 'InsufficientStake', [p.minAttributorStake, 0n]);
  await c.reverts(c.send(attributor, 'AttributionEngine', 'stake', [], 0n), 'ZeroAmount');
  await c.send(attributor, 'AttributionEngine', 'stake', [], 50n * OPEN);
  await c.reverts(c.send(attributor, 'AttributionEngine', 'recordInference', [rec()]), 'InsufficientStake', [
    p.minAttributorStake,
    50n * OPEN,
  ]);
  const staked = await c.send(attributor, 'AttributionEngine', 'stake', [], 150n * OPEN);
  assert.deepEqual(eventOf(staked, 'AttributionEngine', 'AttributorStaked'), {
    attributor,
    amount: 150n * OPEN,
    activeStake: 200n * OPEN,
  });

  const r = rec();
  const done = await c.send(attributor, 'AttributionEngine', 'recordInference', [r]);
  assert.deepEqual(eventOf(done, 'AttributionEngine', 'InferenceAttributed'), {
    inferenceId: 1n,
    modelId: 1n,
    attributor,
    modelVersion: 1n,
    user,
    inputHash: r.inputHash,
    inputURI: r.inputURI,
    outputHash: r.outputHash,
    fee: FEE,
    contributionIds: r.contributionIds,
    shares: r.shares,
  });
  const split = splitFee(FEE, BigInt(p.protocolBps), BigInt(p.modelOwnerBps), r.shares.map(BigInt));
  assert.ok(split.dust > 0n, 'the example must produce dust');
  assert.deepEqual(eventOf(done, 'AttributionEngine', 'FeeSplit'), {
    inferenceId: 1n,
    modelId: 1n,
    modelOwner: modeler,
    fee: FEE,
    protocolAmount: split.protocol,
    modelOwnerAmount: split.modelOwner,
    contributorAmount: split.contributorTotal,
    dust: split.dust,
  });
  assert.equal(split.protocol + split.modelOwner + split.contributorTotal, FEE);
  const rate = p.creditsPerOpen;
  assert.deepEqual(eventOf(done, 'CreditManager', 'CreditsSpent'), {
    user,
    spender: c.addr('AttributionEngine'),
    creditAmount: FEE * rate,
    amountPaid: FEE,
    balance: (OPEN + 7n - FEE) * rate,
    attributor,
    allowance: (1000n * OPEN - FEE) * rate,
  });
  // contributions 1 and 2 are alice's, 3 is bob's
  assert.equal(await c.read('AttributionEngine', 'rewards', [alice]), split.contributors[0]! + split.contributors[1]!);
  assert.equal(await c.read('AttributionEngine', 'rewards', [bob]), split.contributors[2]!);
  assert.equal(await c.read('AttributionEngine', 'rewards', [modeler]), split.modelOwner);
  assert.equal(await c.read('AttributionEngine', 'rewards', [treasury]), split.protocol);
  assert.equal(await c.balance(c.addr('AttributionEngine')), 200n * OPEN + FEE);
  assert.deepEqual(await c.read('AttributionEngine', 'inferenceInfo', [1n]), [attributor, done.timestamp]);
});

test('attribution: malformed records revert', async () => {
  const bad = async (r: RecordInput, error: string, args?: readonly unknown[]) =>
    c.reverts(c.send(attributor, 'AttributionEngine', 'recordInference', [r]), error, args);
  await bad(rec({ shares: [500_000_000, 333_333_333, 166_666_666] }), 'SharesSumMismatch', [999_999_999n]);
  await bad(rec({ shares: [500_000_001, 333_333_333, 166_666_667] }), 'SharesSumMismatch', [1_000_000_001n]);
  await bad(rec({ shares: [500_000_001, 499_999_999] }), 'LengthMismatch', [3n, 2n]);
  await bad(rec({ contributionIds: [], shares: [] }), 'EmptyAttribution');
  await bad(rec({ contributionIds: [1n, 1n, 3n] }), 'ContributionsNotAscending', [1n]);
  await bad(rec({ contributionIds: [2n, 1n, 3n] }), 'ContributionsNotAscending', [1n]);
  await bad(rec({ contributionIds: [1n, 2n, 4n] }), 'ContributionNotApproved', [4n]); // rejected
  await bad(rec({ contributionIds: [1n, 2n, 6n] }), 'ContributionOutsideModel'); // datanet 2
  await bad(rec({ modelVersion: 2n }), 'UnknownModelVersion', [1n, 2n]);
  await bad(rec({ modelVersion: 0n }), 'UnknownModelVersion', [1n, 0n]);
  await bad(rec({ modelId: 9n }), 'UnknownModel', [9n]);
  const rate = c.deployment.params.creditsPerOpen;
  await bad(rec({ user: other }), 'AttributorNotApproved', [other, attributor, FEE * rate, 0n]);
  await c.send(other, 'CreditManager', 'approveAttributor', [attributor, FEE * rate]);
  await bad(rec({ user: other }), 'InsufficientCredits', [other, FEE * rate, 0n]);
});

test('attribution: a batch records many inferences in one transaction', async () => {
  const p = c.deployment.params;
  await c.send(user, 'CreditManager', 'buyCredits', [], 10n * OPEN);
  const records = [
    rec({ contributionIds: [1n], shares: [1_000_000_000] }),
    rec({ contributionIds: [3n, 5n], shares: [1, 999_999_999] }),
    rec({ modelId: 2n, contributionIds: [1n, 6n], shares: [400_000_000, 600_000_000] }), // free model
  ];
  const before = {
    alice: (await c.read('AttributionEngine', 'rewards', [alice])) as bigint,
    bob: (await c.read('AttributionEngine', 'rewards', [bob])) as bigint,
  };
  const res = await c.send(attributor, 'AttributionEngine', 'recordInferences', [records]);
  assert.deepEqual(eventsOf(res, 'AttributionEngine', 'InferenceAttributed').map((e) => e.inferenceId), [2n, 3n, 4n]);
  const splits = eventsOf(res, 'AttributionEngine', 'FeeSplit');
  assert.deepEqual(splits.map((s) => s.fee), [FEE, FEE, 0n]);
  const s1 = splitFee(FEE, BigInt(p.protocolBps), BigInt(p.modelOwnerBps), [1_000_000_000n]);
  const s2 = splitFee(FEE, BigInt(p.protocolBps), BigInt(p.modelOwnerBps), [1n, 999_999_999n]);
  assert.equal(await c.read('AttributionEngine', 'rewards', [alice]), before.alice + s1.contributors[0]!);
  assert.equal(await c.read('AttributionEngine', 'rewards', [bob]), before.bob + s2.contributorTotal);
  assert.equal(await c.read('AttributionEngine', 'inferenceCount'), 4n);
});

test('rewards: claims pay out exactly; claiming twice reverts', async () => {
  const due = (await c.read('AttributionEngine', 'rewards', [alice])) as bigint;
  const before = await c.balance(alice);
  const claimed = await c.send(alice, 'AttributionEngine', 'claimRewards');
  assert.deepEqual(eventOf(claimed, 'AttributionEngine', 'RewardsClaimed'), { account: alice, amount: due });
  assert.equal(await c.balance(alice), before + due - claimed.gasCost);
  await c.reverts(c.send(alice, 'AttributionEngine', 'claimRewards'), 'NothingToClaim', [alice]);

  const toTreasury = (await c.read('AttributionEngine', 'rewards', [treasury])) as bigint;
  const treasuryBefore = await c.balance(treasury);
  await c.send(other, 'AttributionEngine', 'claimRewardsFor', [treasury]);
  assert.equal(await c.balance(treasury), treasuryBefore + toTreasury);
  await c.reverts(c.send(other, 'AttributionEngine', 'claimRewardsFor', [treasury]), 'NothingToClaim', [treasury]);
});

test('challenges: bond, one open challenge per inference, response, upheld resolution with slashing', async () => {
  const p = c.deployment.params;
  await c.reverts(c.send(challenger, 'ChallengeManager', 'openChallenge', [99n, hash32(41), 'e'], p.challengeBond), 'UnknownInference', [99n]);
  await c.reverts(c.send(challenger, 'ChallengeManager', 'openChallenge', [1n, hash32(41), 'e']), 'BondNotPaid', [p.challengeBond, 0n]);
  await c.reverts(
    c.send(challenger, 'ChallengeManager', 'openChallenge', [1n, hash32(41), 'e'], p.challengeBond - 1n),
    'BondNotPaid',
    [p.challengeBond, p.challengeBond - 1n],
  );
  const opened = await c.send(challenger, 'ChallengeManager', 'openChallenge', [1n, hash32(41), 'blob://evidence'], p.challengeBond);
  const deadline = opened.timestamp + BigInt(p.challengeResolutionPeriod);
  assert.deepEqual(eventOf(opened, 'ChallengeManager', 'ChallengeOpened'), {
    challengeId: 1n,
    inferenceId: 1n,
    challenger,
    attributor,
    bond: p.challengeBond,
    evidenceHash: hash32(41),
    evidenceURI: 'blob://evidence',
    deadline,
  });
  await c.reverts(c.send(other, 'ChallengeManager', 'openChallenge', [1n, hash32(42), 'e'], p.challengeBond), 'ChallengeAlreadyOpen', [1n, 1n]);

  await c.reverts(c.send(other, 'ChallengeManager', 'respond', [1n, hash32(43), 'r']), 'NotAttributor', [1n]);
  const responded = await c.send(attributor, 'ChallengeManager', 'respond', [1n, hash32(43), 'blob://response']);
  assert.deepEqual(eventOf(responded, 'ChallengeManager', 'ChallengeResponded'), {
    challengeId: 1n,
    inferenceId: 1n,
    attributor,
    responseHash: hash32(43),
    responseURI: 'blob://response',
  });
  await c.reverts(c.send(attributor, 'ChallengeManager', 'respond', [1n, hash32(43), 'r']), 'AlreadyResponded', [1n]);

  await c.reverts(c.send(arbiter, 'ChallengeManager', 'resolve', [1n, true]), 'AccessControlUnauthorizedAccount', [arbiter, ARBITER]);
  await c.reverts(c.send(alice, 'ChallengeManager', 'grantRole', [ARBITER, arbiter]), 'AccessControlUnauthorizedAccount', [alice, ADMIN]);
  await c.send(admin, 'ChallengeManager', 'grantRole', [ARBITER, arbiter]);
  await c.reverts(c.send(alice, 'AttributionEngine', 'slash', [attributor, OPEN, 1n]), 'AccessControlUnauthorizedAccount', [alice, SLASHER]);

  const challengerBefore = await c.balance(challenger);
  const treasuryBefore = await c.balance(treasury);
  const resolved = await c.send(arbiter, 'ChallengeManager', 'resolve', [1n, true]);
  const reward = (p.slashAmount * BigInt(p.challengerRewardBps)) / 10_000n;
  assert.deepEqual(eventOf(resolved, 'AttributionEngine', 'AttributorSlashed'), {
    attributor,
    challengeId: 1n,
    amount: p.slashAmount,
    activeStake: 200n * OPEN - p.slashAmount,
    pendingStake: 0n,
  });
  assert.deepEqual(eventOf(resolved, 'ChallengeManager', 'ChallengeResolved'), {
    challengeId: 1n,
    inferenceId: 1n,
    arbiter,
    upheld: true,
    slashedAmount: p.slashAmount,
    challengerReward: reward,
    treasuryAmount: p.slashAmount - reward,
  });
  // pull payments: credited by the resolution, paid when withdrawn
  assert.equal(await c.balance(challenger), challengerBefore);
  assert.equal(await c.read('ChallengeManager', 'owed', [challenger]), p.challengeBond + reward);
  assert.equal(await c.read('ChallengeManager', 'owed', [treasury]), p.slashAmount - reward);
  const withdrawn = await c.send(challenger, 'ChallengeManager', 'withdraw');
  assert.equal(await c.balance(challenger), challengerBefore + p.challengeBond + reward - withdrawn.gasCost);
  await c.send(other, 'ChallengeManager', 'withdrawFor', [treasury]);
  assert.equal(await c.balance(treasury), treasuryBefore + p.slashAmount - reward);
  await c.reverts(c.send(arbiter, 'ChallengeManager', 'resolve', [1n, false]), 'ChallengeNotOpen', [1n]);
  await c.reverts(c.send(other, 'ChallengeManager', 'openChallenge', [1n, hash32(42), 'e'], p.challengeBond), 'InferenceAlreadyUpheld', [1n]);
});

test('challenges: rejection forfeits the bond, expiry returns it, the window closes', async () => {
  const p = c.deployment.params;
  await c.send(challenger, 'ChallengeManager', 'openChallenge', [2n, hash32(44), 'e2'], p.challengeBond);
  const treasuryBefore = await c.balance(treasury);
  const rejected = await c.send(arbiter, 'ChallengeManager', 'resolve', [2n, false]);
  assert.deepEqual(eventOf(rejected, 'ChallengeManager', 'ChallengeResolved'), {
    challengeId: 2n,
    inferenceId: 2n,
    arbiter,
    upheld: false,
    slashedAmount: 0n,
    challengerReward: 0n,
    treasuryAmount: p.challengeBond,
  });
  assert.equal(await c.read('ChallengeManager', 'owed', [treasury]), p.challengeBond);
  await c.send(other, 'ChallengeManager', 'withdrawFor', [treasury]);
  assert.equal(await c.balance(treasury), treasuryBefore + p.challengeBond);

  // a rejected challenge frees the inference for another one
  const again = await c.send(other, 'ChallengeManager', 'openChallenge', [2n, hash32(45), 'e3'], p.challengeBond);
  const deadline = eventOf(again, 'ChallengeManager', 'ChallengeOpened').deadline as bigint;
  await c.reverts(c.send(alice, 'ChallengeManager', 'expire', [3n]), 'DeadlineNotReached', [3n, deadline]);
  await c.advance(BigInt(p.challengeResolutionPeriod) + 1n);
  await c.reverts(c.send(attributor, 'ChallengeManager', 'respond', [3n, hash32(46), 'late']), 'DeadlinePassed', [3n]);
  const otherBefore = await c.balance(other);
  const expired = await c.send(alice, 'ChallengeManager', 'expire', [3n]);
  assert.deepEqual(eventOf(expired, 'ChallengeManager', 'ChallengeExpired'), {
    challengeId: 3n,
    inferenceId: 2n,
    bondReturned: p.challengeBond,
  });
  assert.equal(await c.read('ChallengeManager', 'owed', [other]), p.challengeBond);
  const pulled = await c.send(other, 'ChallengeManager', 'withdraw');
  assert.equal(await c.balance(other), otherBefore + p.challengeBond - pulled.gasCost);
  await c.reverts(c.send(arbiter, 'ChallengeManager', 'resolve', [3n, true]), 'ChallengeNotOpen', [3n]);

  // inference 3 was recorded more than challengeWindow ago by now? Move past it explicitly.
  await c.advance(BigInt(p.challengeWindow));
  await c.reverts(c.send(other, 'ChallengeManager', 'openChallenge', [3n, hash32(47), 'e'], p.challengeBond), 'ChallengeWindowClosed', [3n]);

  await c.reverts(c.send(alice, 'ChallengeManager', 'setParams', [1n, 1n, 1n, 1n, 1]), 'AccessControlUnauthorizedAccount');
  await c.reverts(c.send(admin, 'ChallengeManager', 'setParams', [0n, 1n, 1n, 1n, 1]), 'BadParams');
  await c.reverts(c.send(admin, 'ChallengeManager', 'setParams', [1n, 1n, 1n, 1n, 10_001]), 'BadParams');
});

test('attributor unbonding: cooldown, payout, and slashing of pending stake', async () => {
  const p = c.deployment.params;
  await c.reverts(c.send(attributor, 'AttributionEngine', 'requestUnstake', [0n]), 'ZeroAmount');
  await c.reverts(c.send(attributor, 'AttributionEngine', 'requestUnstake', [151n * OPEN]), 'InsufficientStake', [
    151n * OPEN,
    150n * OPEN,
  ]);
  await c.reverts(c.send(attributor, 'AttributionEngine', 'unstake'), 'NothingToUnstake');
  const req = await c.send(attributor, 'AttributionEngine', 'requestUnstake', [100n * OPEN]);
  const unlockAt = req.timestamp + BigInt(p.attributorUnbondingPeriod);
  assert.deepEqual(eventOf(req, 'AttributionEngine', 'AttributorUnstakeRequested'), {
    attributor,
    amount: 100n * OPEN,
    activeStake: 50n * OPEN,
    unlockAt,
  });
  await c.reverts(c.send(attributor, 'AttributionEngine', 'unstake'), 'CooldownActive', [unlockAt]);
  // below the minimum bond, records are refused
  await c.reverts(c.send(attributor, 'AttributionEngine', 'recordInference', [rec()]), 'InsufficientStake', [
    p.minAttributorStake,
    50n * OPEN,
  ]);

  // a record from a second attributor, challenged and upheld with a slash larger than the active bond
  await c.send(other, 'AttributionEngine', 'stake', [], 100n * OPEN);
  await c.send(attributor, 'AttributionEngine', 'stake', [], 60n * OPEN); // active 110, pending 100
  const r = await c.send(attributor, 'AttributionEngine', 'recordInference', [rec()]);
  const inferenceId = eventOf(r, 'AttributionEngine', 'InferenceAttributed').inferenceId as bigint;
  await c.send(admin, 'ChallengeManager', 'setParams', [
    p.challengeBond,
    BigInt(p.challengeWindow),
    BigInt(p.challengeResolutionPeriod),
    150n * OPEN,
    p.challengerRewardBps,
  ]);
  const opened = await c.send(challenger, 'ChallengeManager', 'openChallenge', [inferenceId, hash32(48), 'e'], p.challengeBond);
  const challengeId = eventOf(opened, 'ChallengeManager', 'ChallengeOpened').challengeId as bigint;
  const resolved = await c.send(arbiter, 'ChallengeManager', 'resolve', [challengeId, true]);
  assert.deepEqual(eventOf(resolved, 'AttributionEngine', 'AttributorSlashed'), {
    attributor,
    challengeId,
    amount: 150n * OPEN,
    activeStake: 0n,
    pendingStake: 60n * OPEN,
  });

  await c.advance(unlockAt - req.timestamp);
  const before = await c.balance(attributor);
  const out = await c.send(attributor, 'AttributionEngine', 'unstake');
  assert.deepEqual(eventOf(out, 'AttributionEngine', 'AttributorUnstaked'), { attributor, amount: 60n * OPEN });
  assert.equal(await c.balance(attributor), before + 60n * OPEN - out.gasCost);
  await c.reverts(c.send(attributor, 'AttributionEngine', 'unstake'), 'NothingToUnstake');
});

test('fee split: only the admin sets it, and it must fit in 100%', async () => {
  await c.reverts(c.send(alice, 'AttributionEngine', 'setFeeSplit', [1, 1]), 'AccessControlUnauthorizedAccount', [alice, ADMIN]);
  await c.reverts(c.send(admin, 'AttributionEngine', 'setFeeSplit', [6000, 4001]), 'BadFeeSplit');
  await c.reverts(c.send(alice, 'AttributionEngine', 'setAttributorParams', [1n, 1n]), 'AccessControlUnauthorizedAccount');
  const set = await c.send(admin, 'AttributionEngine', 'setAttributorParams', [OPEN, 60n]);
  assert.deepEqual(eventOf(set, 'AttributionEngine', 'AttributorParamsSet'), { minAttributorStake: OPEN, unbondingPeriod: 60n });
});

test('gas: a batch of 100 records with 8 contributions each fits in one block', async () => {
  await c.send(admin, 'AttributionEngine', 'setAttributorParams', [OPEN, 60n]);
  await c.send(other, 'AttributionEngine', 'stake', [], OPEN);
  await c.send(user, 'CreditManager', 'buyCredits', [], 100n * OPEN);
  await c.send(user, 'CreditManager', 'approveAttributor', [other, 100n * OPEN * c.deployment.params.creditsPerOpen]);
  // 8 approved contributions in datanet 1
  const hashes = Array.from({ length: 8 }, (_, i) => hash32(100 + i));
  const sub = await c.send(alice, 'DatanetFactory', 'submitContributions', [1n, hashes, hashes.map(() => 'blob://x'), hashes.map(() => 3)]);
  const ids = eventsOf(sub, 'DatanetFactory', 'ContributionSubmitted').map((e) => e.contributionId as bigint);
  await c.send(owner, 'DatanetFactory', 'reviewContributions', [ids, ids.map(() => true)]);
  const shares = [125_000_000, 125_000_000, 125_000_000, 125_000_000, 125_000_000, 125_000_000, 125_000_000, 125_000_000];
  const records = Array.from({ length: 100 }, (_, i) => rec({ contributionIds: ids, shares, inputHash: hash32(1000 + i) }));
  const res = await c.send(other, 'AttributionEngine', 'recordInferences', [records], undefined, 29_000_000n);
  assert.equal(eventsOf(res, 'AttributionEngine', 'InferenceAttributed').length, 100);
  const perRecord = res.receipt.gasUsed / 100n;
  assert.ok(res.receipt.gasUsed < 30_000_000n, `batch used ${res.receipt.gasUsed} gas`);
  console.log(`recordInferences: ${perRecord} gas per record (8 contributions)`);
});

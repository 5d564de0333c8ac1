// The protocol's defences, each attack reproduced on a real anvil: a stranger charging a user's
// credits, an attributor shielding its bad record behind a challenger that refuses payments, and an
// attributor unbonding before its records can no longer be challenged and resolved.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { encodeFunctionData, getAddress, stringToHex, type Abi, type Address, type Hex } from 'viem';
import { abiOf } from '../artifacts.ts';
import { compileFixture } from './compileFixture.ts';
import { OPEN, eventOf, eventsOf, hash32, setup, type Ctx } from '../../test/support/contracts.ts';

const GRADIENT = stringToHex('tracin-mlp/1', { size: 32 });
const FEE = 3n * OPEN / 1000n;
const DAY = 86_400n;

let c: Ctx;
let admin: Address, owner: Address, contributor: Address, modeler: Address, user: Address;
let attributor: Address, stranger: Address, challenger: Address, attacker: Address, arbiter: Address;
let rate: bigint;

const record = (n: number, over: Partial<{ user: Address }> = {}) => ({
  modelId: 1n, modelVersion: 1n, user, inputHash: hash32(0xa0 + n), inputURI: `blob://in${n}`, outputHash: hash32(0xb0 + n),
  contributionIds: [1n], shares: [1_000_000_000], ...over,
});

async function recordOne(from: Address, n: number): Promise<{ id: bigint; timestamp: bigint }> {
  const res = await c.send(from, 'AttributionEngine', 'recordInference', [record(n)]);
  return { id: eventOf(res, 'AttributionEngine', 'InferenceAttributed').inferenceId as bigint, timestamp: res.timestamp };
}

before(async () => {
  c = await setup();
  [admin, owner, contributor, modeler, user, attributor, stranger, challenger, attacker, arbiter] = c.accounts as Address[] as [
    Address, Address, Address, Address, Address, Address, Address, Address, Address, Address,
  ];
  rate = c.deployment.params.creditsPerOpen;
  await c.send(owner, 'DatanetFactory', 'createDatanet', ['d', 'blob://d'], c.deployment.params.datanetCreationFee);
  await c.send(contributor, 'DatanetFactory', 'submitContribution', [1n, hash32(1), 'blob://c1', 10]);
  await c.send(owner, 'DatanetFactory', 'reviewContribution', [1n, true]);
  await c.send(modeler, 'ModelFactory', 'registerModel', ['m', GRADIENT, [1n], FEE]);
  await c.send(modeler, 'ModelFactory', 'publishVersion', [1n, hash32(2), 'blob://m']);
  await c.send(user, 'CreditManager', 'buyCredits', [], OPEN);
  for (const a of [attributor, stranger]) await c.send(a, 'AttributionEngine', 'stake', [], 200n * OPEN);
  await c.send(admin, 'ChallengeManager', 'grantRole', [await c.read('ChallengeManager', 'ARBITER_ROLE'), arbiter]);
});
after(() => c?.stop());

test('consent: a bonded stranger cannot charge a user; an approved attributor only within its allowance', async () => {
  const credits = (await c.read('CreditManager', 'credits', [user])) as bigint;
  await c.reverts(c.send(stranger, 'AttributionEngine', 'recordInference', [record(1)]), 'AttributorNotApproved', [user, stranger, FEE * rate, 0n]);
  await c.reverts(c.send(attributor, 'AttributionEngine', 'recordInference', [record(1)]), 'AttributorNotApproved', [user, attributor, FEE * rate, 0n]);
  assert.equal(await c.read('CreditManager', 'credits', [user]), credits);

  // the user allows two records' worth to its attributor
  await c.reverts(c.send(user, 'CreditManager', 'approveAttributor', ['0x0000000000000000000000000000000000000000', 1n]), 'ZeroAddress');
  const approved = await c.send(user, 'CreditManager', 'approveAttributor', [attributor, 2n * FEE * rate]);
  assert.deepEqual(eventOf(approved, 'CreditManager', 'AttributorApproved'), { user, attributor, allowance: 2n * FEE * rate });
  // the approval is the attributor's own: the stranger is still refused
  await c.reverts(c.send(stranger, 'AttributionEngine', 'recordInference', [record(1)]), 'AttributorNotApproved', [user, stranger, FEE * rate, 0n]);

  const first = await c.send(attributor, 'AttributionEngine', 'recordInference', [record(1)]);
  assert.deepEqual(eventOf(first, 'CreditManager', 'CreditsSpent'), {
    user, spender: c.addr('AttributionEngine'), attributor, creditAmount: FEE * rate, amountPaid: FEE,
    balance: credits - FEE * rate, allowance: FEE * rate,
  });
  assert.equal(await c.read('CreditManager', 'allowance', [user, attributor]), FEE * rate);
  // a batch of two exceeds what is left: the whole batch reverts, nothing is spent
  await c.reverts(c.send(attributor, 'AttributionEngine', 'recordInferences', [[record(2), record(3)]]), 'AttributorNotApproved', [user, attributor, FEE * rate, 0n]);
  assert.equal(await c.read('CreditManager', 'allowance', [user, attributor]), FEE * rate);
  await c.send(attributor, 'AttributionEngine', 'recordInference', [record(2)]);
  // the allowance is used up: it cannot be reused
  await c.reverts(c.send(attributor, 'AttributionEngine', 'recordInference', [record(3)]), 'AttributorNotApproved', [user, attributor, FEE * rate, 0n]);
  assert.equal(await c.read('CreditManager', 'credits', [user]), credits - 2n * FEE * rate);

  // an allowance beyond the credits still cannot overdraw them; revoking stops the attributor
  await c.send(user, 'CreditManager', 'approveAttributor', [attributor, 10n ** 30n]);
  await c.send(stranger, 'CreditManager', 'approveAttributor', [attributor, 10n ** 30n]);
  await c.reverts(c.send(attributor, 'AttributionEngine', 'recordInference', [record(4, { user: stranger })]), 'InsufficientCredits', [stranger, FEE * rate, 0n]);
  await c.send(user, 'CreditManager', 'approveAttributor', [attributor, 0n]);
  await c.reverts(c.send(attributor, 'AttributionEngine', 'recordInference', [record(4)]), 'AttributorNotApproved', [user, attributor, FEE * rate, 0n]);
  await c.send(user, 'CreditManager', 'approveAttributor', [attributor, 100n * FEE * rate]);
});

let refusing: { address: Address; abi: Abi };

/** A call made by the attacker through its RefusingAccount. */
async function viaRefusing(contract: 'ChallengeManager', functionName: string, args: readonly unknown[], value: bigint) {
  const data = encodeFunctionData({ abi: abiOf(contract), functionName, args } as never);
  const hash = await c.walletClient.writeContract({
    address: refusing.address, abi: refusing.abi, functionName: 'exec', args: [c.addr(contract), data], value, account: attacker, chain: c.chain,
  } as never);
  const receipt = await c.publicClient.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, 'success');
  return { receipt, events: c.decodeLogs(receipt), gasCost: 0n };
}

test('griefing: a challenger that refuses payments cannot block resolve or expire, nor lock honest challengers out', async () => {
  const p = c.deployment.params;
  const fixture = compileFixture('RefusingAccount');
  const deployHash = await c.walletClient.deployContract({ abi: fixture.abi, bytecode: fixture.bytecode, account: attacker, chain: c.chain });
  const deployed = await c.publicClient.waitForTransactionReceipt({ hash: deployHash });
  refusing = { address: getAddress(deployed.contractAddress!), abi: fixture.abi };
  // it really refuses native OPEN: a push payment to it reverts
  const push = await c.walletClient.sendTransaction({ to: refusing.address, value: 1n, account: admin, chain: c.chain, gas: 100_000n });
  assert.equal((await c.publicClient.waitForTransactionReceipt({ hash: push })).status, 'reverted');

  // a resolution period shorter than the window, so an expired sham challenge still leaves time to challenge
  await c.send(admin, 'ChallengeManager', 'setParams', [p.challengeBond, 3n * DAY, DAY, p.slashAmount, p.challengerRewardBps]);

  // 1. upheld: the bond and reward are credited to the refusing challenger, and resolve succeeds
  const bad = await recordOne(attributor, 10);
  const sham = await viaRefusing('ChallengeManager', 'openChallenge', [bad.id, hash32(0x51), 'blob://sham'], p.challengeBond);
  const shamId = eventsOf(sham, 'ChallengeManager', 'ChallengeOpened')[0]!.challengeId as bigint;
  assert.equal(eventsOf(sham, 'ChallengeManager', 'ChallengeOpened')[0]!.challenger, refusing.address);
  assert.equal(await c.read('ChallengeManager', 'openChallengeCount', [attributor]), 1n);
  const treasuryOwed = (await c.read('ChallengeManager', 'owed', [c.deployment.treasury])) as bigint;
  const resolved = await c.send(arbiter, 'ChallengeManager', 'resolve', [shamId, true]);
  const reward = (p.slashAmount * BigInt(p.challengerRewardBps)) / 10_000n;
  assert.deepEqual(eventsOf(resolved, 'ChallengeManager', 'PaymentCredited'), [
    { account: refusing.address, amount: p.challengeBond + reward, owed: p.challengeBond + reward },
    { account: c.deployment.treasury, amount: p.slashAmount - reward, owed: treasuryOwed + p.slashAmount - reward },
  ]);
  assert.equal(await c.read('ChallengeManager', 'openChallengeCount', [attributor]), 0n);
  // its withdrawal fails for itself only, and what it is owed stays owed
  await c.reverts(c.send(admin, 'ChallengeManager', 'withdrawFor', [refusing.address]), 'NativeTransferFailed', [refusing.address, p.challengeBond + reward]);
  assert.equal(await c.read('ChallengeManager', 'owed', [refusing.address]), p.challengeBond + reward);

  // 2. expired: a sham challenge left open is expired after its deadline, and an honest challenger then challenges
  const bad2 = await recordOne(attributor, 11);
  const sham2 = await viaRefusing('ChallengeManager', 'openChallenge', [bad2.id, hash32(0x52), 'blob://sham2'], p.challengeBond);
  const sham2Id = eventsOf(sham2, 'ChallengeManager', 'ChallengeOpened')[0]!.challengeId as bigint;
  await c.reverts(c.send(challenger, 'ChallengeManager', 'openChallenge', [bad2.id, hash32(0x53), 'blob://honest'], p.challengeBond), 'ChallengeAlreadyOpen', [bad2.id, sham2Id]);
  await c.advance(DAY + 1n);
  const expired = await c.send(stranger, 'ChallengeManager', 'expire', [sham2Id]);
  assert.deepEqual(eventOf(expired, 'ChallengeManager', 'PaymentCredited'), {
    account: refusing.address, amount: p.challengeBond, owed: 2n * p.challengeBond + reward,
  });
  const honest = await c.send(challenger, 'ChallengeManager', 'openChallenge', [bad2.id, hash32(0x53), 'blob://honest'], p.challengeBond);
  const honestId = eventOf(honest, 'ChallengeManager', 'ChallengeOpened').challengeId as bigint;
  await c.send(arbiter, 'ChallengeManager', 'resolve', [honestId, true]);

  // the honest challenger pulls its payout; withdrawing twice reverts
  const owed = (await c.read('ChallengeManager', 'owed', [challenger])) as bigint;
  assert.equal(owed, p.challengeBond + reward);
  const before = await c.balance(challenger);
  const out = await c.send(challenger, 'ChallengeManager', 'withdraw');
  assert.deepEqual(eventOf(out, 'ChallengeManager', 'PaymentWithdrawn'), { account: challenger, amount: owed });
  assert.equal(await c.balance(challenger), before + owed - out.gasCost);
  await c.reverts(c.send(challenger, 'ChallengeManager', 'withdraw'), 'NothingToWithdraw', [challenger]);

  // the ChallengeManager holds exactly what it owes (no challenge is open)
  assert.equal(await c.balance(c.addr('ChallengeManager')), (await c.read('ChallengeManager', 'totalOwed')) as bigint);
  await c.send(admin, 'ChallengeManager', 'setParams', [p.challengeBond, BigInt(p.challengeWindow), BigInt(p.challengeResolutionPeriod), p.slashAmount, p.challengerRewardBps]);
});

test('unbonding outlasts the challenge window plus the resolution period: a late resolution still slashes', async () => {
  const p = c.deployment.params;
  const W = BigInt(p.challengeWindow);
  const R = BigInt(p.challengeResolutionPeriod);
  // a short unbonding period on purpose: the rule must not depend on the admin setting it long enough
  await c.send(admin, 'AttributionEngine', 'setAttributorParams', [p.minAttributorStake, 60n]);
  const [active] = (await c.read('AttributionEngine', 'bonds', [attributor])) as [bigint];
  const bad = await recordOne(attributor, 20);
  const req = await c.send(attributor, 'AttributionEngine', 'requestUnstake', [active]);
  const unlockAt = bad.timestamp + W + R;
  assert.deepEqual(eventOf(req, 'AttributionEngine', 'AttributorUnstakeRequested'), { attributor, amount: active, activeStake: 0n, unlockAt });
  assert.equal(await c.read('AttributionEngine', 'unbondingReadyAt', [attributor]), unlockAt);

  // after the 60 s unbonding period: still refused
  await c.advance(61n);
  await c.reverts(c.send(attributor, 'AttributionEngine', 'unstake'), 'CooldownActive', [unlockAt]);
  // a challenge at the very end of the window, resolved at the very end of its resolution period
  await c.advance(bad.timestamp + W - 1n - (await c.publicClient.getBlock()).timestamp);
  const opened = await c.send(challenger, 'ChallengeManager', 'openChallenge', [bad.id, hash32(0x61), 'blob://late'], p.challengeBond);
  const challengeId = eventOf(opened, 'ChallengeManager', 'ChallengeOpened').challengeId as bigint;
  const deadline = eventOf(opened, 'ChallengeManager', 'ChallengeOpened').deadline as bigint;
  assert.ok(deadline <= unlockAt);
  await c.advance(deadline - 2n - opened.timestamp);
  await c.reverts(c.send(attributor, 'AttributionEngine', 'unstake'), 'CooldownActive', [unlockAt]);
  const resolved = await c.send(arbiter, 'ChallengeManager', 'resolve', [challengeId, true]);
  assert.ok(resolved.timestamp <= deadline);
  assert.deepEqual(eventOf(resolved, 'AttributionEngine', 'AttributorSlashed'), {
    attributor, challengeId, amount: p.slashAmount, activeStake: 0n, pendingStake: active - p.slashAmount,
  });

  // an open challenge blocks unstake even after unlockAt (the arbiter may resolve until someone expires it)
  await c.send(attributor, 'AttributionEngine', 'stake', [], p.minAttributorStake);
  const bad2 = await recordOne(attributor, 21);
  await c.send(challenger, 'ChallengeManager', 'openChallenge', [bad2.id, hash32(0x62), 'blob://open'], p.challengeBond);
  const readyAt = (await c.read('AttributionEngine', 'unbondingReadyAt', [attributor])) as bigint;
  assert.equal(readyAt, bad2.timestamp + W + R); // a record after the request pushes the pending bond's unlock back
  await c.advance(readyAt - (await c.publicClient.getBlock()).timestamp + 1n);
  await c.reverts(c.send(attributor, 'AttributionEngine', 'unstake'), 'OpenChallenges', [attributor, 1n]);
  const slashedAgain = await c.send(arbiter, 'ChallengeManager', 'resolve', [(await c.read('ChallengeManager', 'challengeCount')) as bigint, true]);
  const pendingAfter = eventOf(slashedAgain, 'AttributionEngine', 'AttributorSlashed').pendingStake as bigint;
  const out = await c.send(attributor, 'AttributionEngine', 'unstake');
  assert.deepEqual(eventOf(out, 'AttributionEngine', 'AttributorUnstaked'), { attributor, amount: pendingAfter });
  assert.equal(pendingAfter, active - p.slashAmount); // the second slash came from the new active bond
});

// Staking, Bank and SigDispersal as OpenLedger's public ones behave: event signatures byte for
// byte, configs owned by their bank, ERC-20 stakes held by the bank, interest to the wei, the lock,
// the cooldown (0: paid at once), commitment stakes, ownership and role events, signed airdrop
// claims, and solvency (the bank covers every stake it owes).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { keccak256, maxUint256, toEventSelector, zeroAddress, type Address, type Hex } from 'viem';
import { signClaim, signCommitment, STAKE_MANAGER } from '../../devnet/signers.ts';
import { stakingOwed } from '../../devnet/stakingOwed.ts';
import { expWad, stakeAmount, WAD, YEAR } from '../math.ts';
import { OPEN, eventOf, eventsOf, setup, type Ctx } from '../../test/support/contracts.ts';

const DAY = 86_400n;
const RATE_10 = WAD / 10n; // 10% a year

let c: Ctx;
let admin: Address;
let alice: Address;
let bob: Address;

interface Config {
  bank: Address; manager: Address; token: Address; interestRate: bigint; stakeDuration: bigint; cooldownDuration: bigint;
  maxStake: bigint; minStake: bigint; isActive: boolean; isTopupEnabled: boolean; isPublic: boolean;
}
const config = (o: Partial<Config> = {}): Config => ({
  bank: zeroAddress, manager: STAKE_MANAGER.address, token: c.addr('OPEN'), interestRate: RATE_10, stakeDuration: 0n,
  cooldownDuration: 7n * DAY, maxStake: 1_000n * OPEN, minStake: OPEN, isActive: true, isTopupEnabled: true, isPublic: true, ...o,
});
const balanceOf = (a: Address) => c.read('OPEN', 'balanceOf', [a]) as Promise<bigint>;
type StakeTuple = readonly [Address, bigint, bigint, bigint, bigint, bigint];

before(async () => {
  c = await setup();
  [admin, alice, bob] = c.accounts as [Address, Address, Address];
  for (const who of [alice, bob]) {
    await c.send(admin, 'OPEN', 'transfer', [who, 10_000n * OPEN]);
    await c.send(who, 'OPEN', 'approve', [c.addr('Staking'), maxUint256]);
  }
  await c.send(admin, 'OPEN', 'transfer', [c.addr('Bank'), 1_000n * OPEN]); // interest, funded apart from the stakes
});
after(() => c?.stop());

test('every event signature is the public source\'s, byte for byte', async () => {
  const expected: Record<string, string[]> = {
    Staking: [
      'Staked(uint256,address,uint256)', 'ToppedUp(uint256,address,uint256)', 'Unstaked(uint256,address)',
      'RequestUnstake(uint256,address)', 'ConfigSet(uint256)', 'ConfigCreated(uint256)', 'CommitStake(uint256,bytes)',
      'OwnershipTransferred(address,address)', 'OwnershipHandoverRequested(address)', 'OwnershipHandoverCanceled(address)',
      'RolesUpdated(address,uint256)',
    ],
    SigDispersal: [
      'AirdropClaimed(bytes32,address,uint256)', 'VaultSet(address)', 'TokenSet(address)', 'BatchEnabled(bytes32,bool)',
      'BatchFeeSet(bytes32,uint256)', 'OwnershipTransferred(address,address)', 'OwnershipHandoverRequested(address)',
      'OwnershipHandoverCanceled(address)', 'RolesUpdated(address,uint256)',
    ],
  };
  // indexed flags as the public source declares them
  const indexed: Record<string, boolean[]> = {
    Staked: [true, true, true], ToppedUp: [true, true, false], Unstaked: [true, true], RequestUnstake: [true, true],
    ConfigSet: [true], ConfigCreated: [true], CommitStake: [true, false], OwnershipTransferred: [true, true],
    OwnershipHandoverRequested: [true], OwnershipHandoverCanceled: [true], RolesUpdated: [true, true],
    AirdropClaimed: [true, true, false], VaultSet: [true], TokenSet: [true], BatchEnabled: [true, false], BatchFeeSet: [true, false],
  };
  const { loadArtifact } = await import('../artifacts.ts');
  for (const [name, sigs] of Object.entries(expected)) {
    const events = loadArtifact(name as 'Staking').abi.filter((x) => x.type === 'event');
    assert.equal(events.length, sigs.length, `${name}: exactly the public events`);
    for (const sig of sigs) {
      const topic = keccak256(new TextEncoder().encode(sig));
      const ev = events.find((e) => toEventSelector(e) === topic);
      assert.ok(ev, `${name} has ${sig}`);
      assert.deepEqual(ev.inputs.map((i) => i.indexed === true), indexed[sig.slice(0, sig.indexOf('('))], `${sig} indexed flags`);
    }
  }
});

test('configs: created and changed only by their bank; ownership and roles emit Solady\'s events', async () => {
  const bank = c.addr('Bank');
  await c.reverts(c.send(admin, 'Staking', 'setConfig', [1n, config()]), 'Unauthorized');
  await c.reverts(c.send(alice, 'Bank', 'setConfig', [c.addr('Staking'), 1n, config()]), 'Unauthorized');
  const created = await c.send(admin, 'Bank', 'setConfig', [c.addr('Staking'), 7n, config({ bank: alice })]);
  assert.deepEqual(eventOf(created, 'Staking', 'ConfigCreated'), { configId: 7n });
  const stored = (await c.read('Staking', 'configs', [7n])) as readonly unknown[];
  assert.equal(stored[0], bank, 'the creating bank, not the bank field given');
  const set = await c.send(admin, 'Bank', 'setConfig', [c.addr('Staking'), 7n, config({ bank, interestRate: 2n * RATE_10 })]);
  assert.deepEqual(eventOf(set, 'Staking', 'ConfigSet'), { configId: 7n });
  assert.equal(((await c.read('Staking', 'configs', [7n])) as readonly unknown[])[3], 2n * RATE_10);

  // ownership: a handover requested, cancelled, requested again and completed; roles granted and revoked
  const req = await c.send(bob, 'Staking', 'requestOwnershipHandover');
  assert.deepEqual(eventOf(req, 'Staking', 'OwnershipHandoverRequested'), { pendingOwner: bob });
  const cancel = await c.send(bob, 'Staking', 'cancelOwnershipHandover');
  assert.deepEqual(eventOf(cancel, 'Staking', 'OwnershipHandoverCanceled'), { pendingOwner: bob });
  await c.reverts(c.send(admin, 'Staking', 'completeOwnershipHandover', [bob]), 'NoHandoverRequest');
  await c.send(bob, 'Staking', 'requestOwnershipHandover');
  const done = await c.send(admin, 'Staking', 'completeOwnershipHandover', [bob]);
  assert.deepEqual(eventOf(done, 'Staking', 'OwnershipTransferred'), { oldOwner: admin, newOwner: bob });
  await c.reverts(c.send(admin, 'Staking', 'grantRoles', [alice, 1n]), 'Unauthorized');
  const granted = await c.send(bob, 'Staking', 'grantRoles', [alice, 3n]);
  assert.deepEqual(eventOf(granted, 'Staking', 'RolesUpdated'), { user: alice, roles: 3n });
  const revoked = await c.send(bob, 'Staking', 'revokeRoles', [alice, 1n]);
  assert.deepEqual(eventOf(revoked, 'Staking', 'RolesUpdated'), { user: alice, roles: 2n }, 'the whole bitmap afterwards');
  await c.reverts(c.send(bob, 'Staking', 'transferOwnership', [zeroAddress]), 'NewOwnerIsZeroAddress');
  const back = await c.send(bob, 'Staking', 'transferOwnership', [admin]);
  assert.deepEqual(eventOf(back, 'Staking', 'OwnershipTransferred'), { oldOwner: bob, newOwner: admin });
});

test('stake, top-up with interest to the wei, cooldown, unstake; ids from 0; bounds and reverts', async () => {
  const S = c.addr('Staking');
  const bank = c.addr('Bank');
  await c.send(admin, 'Bank', 'setConfig', [S, 1n, config({ stakeDuration: 30n * DAY, maxStake: 200n * OPEN, minStake: 10n * OPEN })]);
  await c.send(admin, 'Bank', 'setConfig', [S, 2n, config({ isPublic: false })]);
  await c.reverts(c.send(alice, 'Staking', 'stake', [2n, alice, 10n * OPEN]), 'InactiveConfigOrInvalidSender');
  await c.reverts(c.send(alice, 'Staking', 'stake', [99n, alice, 10n * OPEN]), 'InactiveConfigOrInvalidSender');
  await c.reverts(c.send(alice, 'Staking', 'stake', [1n, alice, 0n]), 'ZeroAmount');
  await c.reverts(c.send(alice, 'Staking', 'stake', [1n, alice, 9n * OPEN]), 'StakeAmountTooSmall');
  await c.reverts(c.send(alice, 'Staking', 'stake', [1n, alice, 201n * OPEN]), 'StakeAmountExceeded');

  const bankBefore = await balanceOf(bank);
  const staked = await c.send(alice, 'Staking', 'stake', [1n, alice, 100n * OPEN]);
  assert.deepEqual(eventOf(staked, 'Staking', 'Staked'), { stakingId: 0n, recipient: alice, amount: 100n * OPEN });
  assert.equal(await balanceOf(bank), bankBefore + 100n * OPEN, 'the stake is held by the config\'s bank');

  await c.advance(10n * DAY);
  await c.reverts(c.send(bob, 'Staking', 'topUpStake', [0n, OPEN]), 'InactiveConfigOrInvalidSender');
  await c.advance(DAY);
  const topped = await c.send(alice, 'Staking', 'topUpStake', [0n, 20n * OPEN]);
  assert.deepEqual(eventOf(topped, 'Staking', 'ToppedUp'), { stakingId: 0n, recipient: alice, amount: 20n * OPEN });
  // independently: 100 OPEN at 10% a year for the seconds between the two blocks, e^x by its series
  const elapsed = topped.timestamp - staked.timestamp;
  const grown = (100n * OPEN * expWad((elapsed * WAD / YEAR) * RATE_10 / WAD)) / WAD;
  const approx = 100 * Math.exp(0.1 * Number(elapsed) / Number(YEAR));
  assert.ok(Math.abs(Number(grown) / 1e18 - approx) < 1e-9, 'the series is e^x');
  const s0 = (await c.read('Staking', 'stakes', [0n])) as StakeTuple;
  assert.deepEqual(s0, [alice, 1n, topped.timestamp, grown + 20n * OPEN, topped.timestamp, 120n * OPEN], 'a top-up restarts the lock');
  await c.reverts(c.send(alice, 'Staking', 'topUpStake', [0n, 80n * OPEN]), 'StakeAmountExceeded', undefined); // reaching max exactly

  await c.reverts(c.send(bob, 'Staking', 'requestUnstake', [0n]), 'MismatchedRecipient');
  await c.reverts(c.send(alice, 'Staking', 'requestUnstake', [5n]), 'StakeNotFound');
  await c.advance(40n * DAY); // beyond the 30-day lock: interest stops at 30 days
  const requested = await c.send(alice, 'Staking', 'requestUnstake', [0n]);
  assert.deepEqual(eventOf(requested, 'Staking', 'RequestUnstake'), { stakingId: 0n, recipient: alice });
  assert.equal(eventsOf(requested, 'Staking', 'Unstaked').length, 0);
  const owed = stakeAmount(grown + 20n * OPEN, RATE_10, requested.timestamp - topped.timestamp, 30n * DAY);
  assert.equal(owed, ((grown + 20n * OPEN) * expWad((30n * DAY * WAD / YEAR) * RATE_10 / WAD)) / WAD, 'capped at the lock');
  const [requestAt, frozen] = (await c.read('Staking', 'unstakeRequests', [0n])) as readonly [bigint, { amount: bigint }];
  assert.equal(requestAt, requested.timestamp);
  assert.equal(frozen.amount, owed);
  assert.deepEqual(await c.read('Staking', 'stakes', [0n]), [zeroAddress, 0n, 0n, 0n, 0n, 0n], 'taken out of stakes');

  await c.reverts(c.send(alice, 'Staking', 'unstake', [0n]), 'CooldownNotPassed');
  await c.reverts(c.send(bob, 'Staking', 'unstake', [0n]), 'MismatchedRecipient');
  await c.advance(7n * DAY);
  const before = await balanceOf(alice);
  const unstaked = await c.send(alice, 'Staking', 'unstake', [0n]);
  assert.deepEqual(eventOf(unstaked, 'Staking', 'Unstaked'), { stakingId: 0n, recipient: alice });
  assert.equal(await balanceOf(alice), before + owed, 'paid the frozen amount from the bank');
  await c.reverts(c.send(alice, 'Staking', 'unstake', [0n]), 'UnstakeRequestNotFound');
  assert.equal(await c.read('Staking', 'stakedAmounts', [1n, alice]), 0n);
});

test('cooldown 0 pays at once and emits only Unstaked; the lock holds until stakeDuration', async () => {
  const S = c.addr('Staking');
  await c.send(admin, 'Bank', 'setConfig', [S, 3n, config({ cooldownDuration: 0n, stakeDuration: 5n * DAY })]);
  const staked = await c.send(bob, 'Staking', 'stake', [3n, bob, 50n * OPEN]);
  const id = eventOf(staked, 'Staking', 'Staked').stakingId as bigint;
  assert.equal(id, 1n, 'the next id');
  await c.reverts(c.send(bob, 'Staking', 'requestUnstake', [id]), 'StakeNotEnded');
  await c.advance(6n * DAY);
  const before = await balanceOf(bob);
  const out = await c.send(bob, 'Staking', 'requestUnstake', [id]);
  assert.equal(eventsOf(out, 'Staking', 'RequestUnstake').length, 0);
  assert.deepEqual(eventOf(out, 'Staking', 'Unstaked'), { stakingId: id, recipient: bob });
  const paid = (50n * OPEN * expWad((5n * DAY * WAD / YEAR) * RATE_10 / WAD)) / WAD; // capped at 5 days
  assert.equal(await balanceOf(bob), before + paid);
  const ended = await c.send(bob, 'Staking', 'stake', [3n, bob, 50n * OPEN]);
  await c.advance(6n * DAY);
  await c.reverts(c.send(bob, 'Staking', 'topUpStake', [eventOf(ended, 'Staking', 'Staked').stakingId, OPEN]), 'StakeEnded');
});

test('commitment stakes: a manager-signed stake opened by its recipient, never twice', async () => {
  const S = c.addr('Staking');
  await c.send(admin, 'Bank', 'setConfig', [S, 4n, config({ cooldownDuration: DAY })]);
  const startTime = (await c.publicClient.getBlock()).timestamp - 10n * DAY;
  const sign = (recipient: Address, amount: bigint, nonce: bigint) =>
    signCommitment({ staking: S, chainId: c.chain.id, recipient, configId: 4n, amount, startTime, nonce });
  const sig: Hex = await sign(alice, 30n * OPEN, 1n);
  const committed = await c.send(bob, 'Staking', 'commitStake', [sig]);
  const { stakingId } = eventOf(committed, 'Staking', 'CommitStake') as { stakingId: bigint; commitment: Hex };
  assert.deepEqual(eventOf(committed, 'Staking', 'CommitStake'), { stakingId, commitment: sig });
  await c.reverts(c.send(bob, 'Staking', 'commitStake', [sig]), 'SignatureReplayed');
  await c.reverts(c.send(bob, 'Staking', 'requestUnstakeWithCommitment', [stakingId, 4n, startTime, 1n, 30n * OPEN]), 'Unauthorized');
  await c.reverts(c.send(alice, 'Staking', 'requestUnstakeWithCommitment', [stakingId, 4n, startTime, 1n, 31n * OPEN]), 'Unauthorized');
  const opened = await c.send(alice, 'Staking', 'requestUnstakeWithCommitment', [stakingId, 4n, startTime, 1n, 30n * OPEN]);
  assert.deepEqual(eventOf(opened, 'Staking', 'RequestUnstake'), { stakingId, recipient: alice });
  const [, frozen] = (await c.read('Staking', 'unstakeRequests', [stakingId])) as readonly [bigint, { amount: bigint }];
  assert.equal(frozen.amount, stakeAmount(30n * OPEN, RATE_10, opened.timestamp - startTime, 0n), 'interest from the committed start');
  await c.reverts(c.send(alice, 'Staking', 'requestUnstakeWithCommitment', [stakingId, 4n, startTime, 1n, 30n * OPEN]), 'StakeNotFound');
});

test('the bank covers what it owes: principal plus funded interest, never one staker from another', async () => {
  const S = c.addr('Staking');
  const bank = c.addr('Bank');
  // interest is funded into the bank apart from the stakes
  await c.send(admin, 'OPEN', 'transfer', [bank, 100n * OPEN]);
  await c.send(admin, 'Bank', 'setConfig', [S, 5n, config({ cooldownDuration: DAY })]);
  const ids: bigint[] = [];
  for (const who of [alice, bob]) ids.push(eventOf(await c.send(who, 'Staking', 'stake', [5n, who, 100n * OPEN]), 'Staking', 'Staked').stakingId as bigint);
  await c.advance(365n * DAY);
  await c.mine();
  const { owed, held } = await stakingOwed((fn, args) => c.read('Staking', fn, args));
  assert.ok(held >= 2, `held stakes: ${held}`);
  assert.ok(owed > 200n * OPEN);
  assert.ok((await balanceOf(bank)) >= owed, 'the bank holds every stake with its interest');
  for (const [i, who] of [alice, bob].entries()) await c.send(who, 'Staking', 'requestUnstake', [ids[i]!]);
  await c.advance(DAY);
  for (const [i, who] of [alice, bob].entries()) await c.send(who, 'Staking', 'unstake', [ids[i]!]);
});

test('SigDispersal: signer-authorised claims from the vault, once per batch, with the batch fee', async () => {
  const D = c.addr('SigDispersal');
  const batch = keccak256(new TextEncoder().encode('batch 1'));
  const sign = (account: Address, amount: bigint) => signClaim({ dispersal: D, chainId: c.chain.id, account, amount, batch });
  await c.reverts(c.send(alice, 'SigDispersal', 'setBatchEnabled', [batch, true]), 'Unauthorized');
  assert.deepEqual(eventOf(await c.send(admin, 'SigDispersal', 'setToken', [c.addr('OPEN')]), 'SigDispersal', 'TokenSet'), { token: c.addr('OPEN') });
  assert.deepEqual(eventOf(await c.send(admin, 'SigDispersal', 'setVault', [admin]), 'SigDispersal', 'VaultSet'), { vault: admin });
  const sig = await sign(alice, 5n * OPEN);
  await c.reverts(c.send(alice, 'SigDispersal', 'claim', [sig, batch, 5n * OPEN, alice]), 'NotActive');
  await c.send(admin, 'SigDispersal', 'toggleActive');
  await c.reverts(c.send(alice, 'SigDispersal', 'claim', [sig, batch, 5n * OPEN, alice]), 'BatchNotEnabled');
  assert.deepEqual(eventOf(await c.send(admin, 'SigDispersal', 'setBatchEnabled', [batch, true]), 'SigDispersal', 'BatchEnabled'), { root: batch, enabled: true });
  assert.deepEqual(eventOf(await c.send(admin, 'SigDispersal', 'setBatchFee', [batch, 1000n]), 'SigDispersal', 'BatchFeeSet'), { root: batch, fee: 1000n });
  await c.reverts(c.send(alice, 'SigDispersal', 'claim', [sig, batch, 5n * OPEN, alice], 999n), 'MismatchedFee');
  await c.reverts(c.send(alice, 'SigDispersal', 'claim', [sig, batch, 6n * OPEN, alice], 1000n), 'InvalidSignature');
  await c.reverts(c.send(bob, 'SigDispersal', 'claim', [sig, batch, 5n * OPEN, bob], 1000n), 'InvalidSignature');
  const before = await balanceOf(alice);
  const claimed = await c.send(bob, 'SigDispersal', 'claim', [sig, batch, 5n * OPEN, alice], 1000n);
  assert.deepEqual(eventOf(claimed, 'SigDispersal', 'AirdropClaimed'), { batch, account: alice, amount: 5n * OPEN });
  assert.equal(await balanceOf(alice), before + 5n * OPEN);
  assert.equal(await c.read('SigDispersal', 'claimed', [batch, alice]), claimed.receipt.blockNumber);
  await c.reverts(c.send(alice, 'SigDispersal', 'claim', [sig, batch, 5n * OPEN, alice], 1000n), 'AlreadyClaimed');
});

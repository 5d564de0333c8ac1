// OPEN, WOPEN, GOPEN and governance (propose, vote, queue, execute through the timelock).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { encodeFunctionData, keccak256, toHex, type Address } from 'viem';
import { abiOf } from '../artifacts.ts';
import { OPEN, eventOf, eventsOf, setup, type Ctx } from '../../test/support/contracts.ts';

let c: Ctx;
let deployer: Address;
let alice: Address;
let bob: Address;

before(async () => {
  c = await setup();
  [deployer, alice, bob] = c.accounts as [Address, Address, Address];
});
after(() => c?.stop());

test('OPEN: fixed supply, transfer, approve, burn and burnFrom', async () => {
  assert.equal(await c.read('OPEN', 'totalSupply'), c.deployment.params.openSupply);
  const t = await c.send(deployer, 'OPEN', 'transfer', [alice, 100n * OPEN]);
  assert.deepEqual(eventOf(t, 'OPEN', 'Transfer'), { from: deployer, to: alice, value: 100n * OPEN });
  await c.send(alice, 'OPEN', 'burn', [10n * OPEN]);
  await c.reverts(c.send(bob, 'OPEN', 'burnFrom', [alice, OPEN]), 'ERC20InsufficientAllowance');
  const a = await c.send(alice, 'OPEN', 'approve', [bob, 5n * OPEN]);
  assert.deepEqual(eventOf(a, 'OPEN', 'Approval'), { owner: alice, spender: bob, value: 5n * OPEN });
  await c.send(bob, 'OPEN', 'burnFrom', [alice, 5n * OPEN]);
  assert.equal(await c.read('OPEN', 'balanceOf', [alice]), 85n * OPEN);
  assert.equal(await c.read('OPEN', 'totalSupply'), c.deployment.params.openSupply - 15n * OPEN);
  await c.reverts(c.send(alice, 'OPEN', 'transfer', [bob, 86n * OPEN]), 'ERC20InsufficientBalance');
});

test('WOPEN: deposit, receive, transfer, transferFrom, withdraw and their reverts', async () => {
  const d = await c.send(alice, 'WOPEN', 'deposit', [], 3n * OPEN);
  assert.deepEqual(eventOf(d, 'WOPEN', 'Deposit'), { dst: alice, wad: 3n * OPEN });
  const hash = await c.walletClient.sendTransaction({ account: bob, to: c.addr('WOPEN'), value: OPEN, chain: c.chain });
  const viaReceive = c.decodeLogs(await c.publicClient.waitForTransactionReceipt({ hash }));
  assert.deepEqual(viaReceive[0]?.args, { dst: bob, wad: OPEN });
  assert.equal(await c.read('WOPEN', 'totalSupply'), 4n * OPEN);

  const tr = await c.send(alice, 'WOPEN', 'transfer', [bob, OPEN]);
  assert.deepEqual(eventOf(tr, 'WOPEN', 'Transfer'), { src: alice, dst: bob, wad: OPEN });
  await c.reverts(c.send(bob, 'WOPEN', 'transferFrom', [alice, bob, OPEN]), 'InsufficientAllowance');
  const ap = await c.send(alice, 'WOPEN', 'approve', [bob, OPEN]);
  assert.deepEqual(eventOf(ap, 'WOPEN', 'Approval'), { src: alice, guy: bob, wad: OPEN });
  await c.send(bob, 'WOPEN', 'transferFrom', [alice, bob, OPEN]);
  assert.equal(await c.read('WOPEN', 'allowance', [alice, bob]), 0n);
  assert.equal(await c.read('WOPEN', 'balanceOf', [bob]), 3n * OPEN);

  await c.reverts(c.send(alice, 'WOPEN', 'withdraw', [2n * OPEN]), 'InsufficientBalance');
  const before = await c.balance(bob);
  const w = await c.send(bob, 'WOPEN', 'withdraw', [3n * OPEN]);
  assert.deepEqual(eventOf(w, 'WOPEN', 'Withdrawal'), { src: bob, wad: 3n * OPEN });
  assert.equal(await c.balance(bob), before + 3n * OPEN - w.gasCost);
});

test('GOPEN: deposit, delegate, timestamp clock, withdraw', async () => {
  assert.equal(await c.read('GOPEN', 'CLOCK_MODE'), 'mode=timestamp');
  const d = await c.send(bob, 'GOPEN', 'deposit', [], 5n * OPEN);
  assert.deepEqual(eventOf(d, 'GOPEN', 'Deposit'), { sender: bob, amt: 5n * OPEN });
  assert.equal(await c.read('GOPEN', 'clock'), Number(d.timestamp));
  const del = await c.send(bob, 'GOPEN', 'delegate', [bob]);
  assert.deepEqual(eventOf(del, 'GOPEN', 'DelegateChanged'), {
    delegator: bob,
    fromDelegate: '0x0000000000000000000000000000000000000000',
    toDelegate: bob,
  });
  assert.deepEqual(eventOf(del, 'GOPEN', 'DelegateVotesChanged'), {
    delegate: bob,
    previousVotes: 0n,
    newVotes: 5n * OPEN,
  });
  await c.reverts(c.send(bob, 'GOPEN', 'withdraw', [6n * OPEN]), 'ERC20InsufficientBalance');
  const before = await c.balance(bob);
  const w = await c.send(bob, 'GOPEN', 'withdraw', [2n * OPEN]);
  assert.deepEqual(eventOf(w, 'GOPEN', 'Withdrawal'), { sender: bob, amt: 2n * OPEN });
  assert.deepEqual(eventOf(w, 'GOPEN', 'DelegateVotesChanged').newVotes, 3n * OPEN);
  assert.equal(await c.balance(bob), before + 2n * OPEN - w.gasCost);
  assert.equal(await c.read('GOPEN', 'getVotes', [bob]), 3n * OPEN);
});

test('governance: a proposal goes through vote, queue and execute on the timelock', async () => {
  const p = c.deployment.params;
  await c.send(alice, 'GOPEN', 'deposit', [], 1000n * OPEN);
  await c.send(alice, 'GOPEN', 'delegate', [alice]);
  await c.advance(1);

  const engine = c.addr('AttributionEngine');
  const calldata = encodeFunctionData({ abi: abiOf('AttributionEngine'), functionName: 'setFeeSplit', args: [1500, 2500] });
  const description = 'Raise the protocol and model-owner shares';
  const args = [[engine], [0n], [calldata], description] as const;
  const proposed = await c.send(alice, 'OpenLedgerGovernor', 'propose', args);
  const created = eventOf(proposed, 'OpenLedgerGovernor', 'ProposalCreated');
  const proposalId = created.proposalId as bigint;
  assert.equal(created.voteStart, proposed.timestamp + BigInt(p.votingDelay));
  assert.equal(created.voteEnd, proposed.timestamp + BigInt(p.votingDelay + p.votingPeriod));

  await c.reverts(c.send(bob, 'OpenLedgerGovernor', 'castVote', [proposalId, 1]), 'GovernorUnexpectedProposalState');
  await c.advance(p.votingDelay + 1);
  const voted = await c.send(alice, 'OpenLedgerGovernor', 'castVote', [proposalId, 1]);
  assert.equal(eventOf(voted, 'OpenLedgerGovernor', 'VoteCast').weight, 1000n * OPEN);
  const withParams = await c.send(bob, 'OpenLedgerGovernor', 'castVoteWithReasonAndParams', [proposalId, 0, 'no', '0x']);
  assert.equal(eventOf(withParams, 'OpenLedgerGovernor', 'VoteCast').reason, 'no');
  await c.reverts(c.send(alice, 'OpenLedgerGovernor', 'castVote', [proposalId, 1]), 'GovernorAlreadyCastVote');

  await c.advance(p.votingPeriod + 1);
  await c.mine();
  assert.equal(await c.read('OpenLedgerGovernor', 'state', [proposalId]), 4); // Succeeded
  const queued = await c.send(bob, 'OpenLedgerGovernor', 'queue', [proposalId]);
  assert.equal(
    eventOf(queued, 'OpenLedgerGovernor', 'ProposalQueued').etaSeconds,
    queued.timestamp + BigInt(p.timelockMinDelay),
  );
  assert.equal(eventOf(queued, 'OpenLedgerTimelock', 'CallScheduled').target, engine);

  await c.reverts(c.send(bob, 'OpenLedgerGovernor', 'execute', [proposalId]), 'TimelockUnexpectedOperationState');
  await c.advance(p.timelockMinDelay + 1);
  const executed = await c.send(bob, 'OpenLedgerGovernor', 'execute', [proposalId]);
  assert.deepEqual(eventOf(executed, 'OpenLedgerGovernor', 'ProposalExecuted'), { proposalId });
  assert.equal(eventsOf(executed, 'OpenLedgerTimelock', 'CallExecuted').length, 1);
  assert.deepEqual(eventOf(executed, 'AttributionEngine', 'FeeSplitSet'), { protocolBps: 1500, modelOwnerBps: 2500 });
  assert.equal(await c.read('AttributionEngine', 'protocolBps'), 1500);
  assert.equal(await c.read('OpenLedgerGovernor', 'state', [proposalId]), 7); // Executed
  assert.equal(await c.read('OpenLedgerGovernor', 'proposalCount'), 1n);
});

test('governance: only the governor schedules, only governance changes settings', async () => {
  const proposer = keccak256(toHex('PROPOSER_ROLE'));
  await c.reverts(
    c.send(alice, 'OpenLedgerTimelock', 'schedule', [alice, 0n, '0x', `0x${'00'.repeat(32)}`, `0x${'00'.repeat(32)}`, 60n]),
    'AccessControlUnauthorizedAccount',
    [alice, proposer],
  );
  await c.reverts(c.send(alice, 'OpenLedgerGovernor', 'setVotingDelay', [10]), 'GovernorOnlyExecutor', [alice]);
  assert.equal(await c.read('OpenLedgerTimelock', 'hasRole', [proposer, c.addr('OpenLedgerGovernor')]), true);
  assert.equal(await c.read('OpenLedgerGovernor', 'timelock'), c.addr('OpenLedgerTimelock'));
});

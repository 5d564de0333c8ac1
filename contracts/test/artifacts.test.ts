// contracts/out matches contracts/src, and every event keeps its exact signature.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { keccak256, toEventSelector, toHex, type AbiEvent } from 'viem';
import {
  CONTRACT_NAMES,
  OUT_DIR,
  PROTOCOL_CONTRACTS,
  abiOf,
  computeSourceHash,
  loadArtifact,
  type ContractName,
} from '../artifacts.ts';

/** Solady's Ownable and OwnableRoles events, which OpenLedger's Staking, Bank and SigDispersal emit. */
const SOLADY_OWNABLE_ROLES_EVENTS = [
  'OwnershipTransferred(address indexed oldOwner, address indexed newOwner)',
  'OwnershipHandoverRequested(address indexed pendingOwner)',
  'OwnershipHandoverCanceled(address indexed pendingOwner)',
  'RolesUpdated(address indexed user, uint256 indexed roles)',
];

const ROLE_EVENTS = [
  'RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)',
  'RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)',
  'RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)',
];
const PROTOCOL_BASE_EVENTS = [...ROLE_EVENTS, 'TreasurySet(address indexed treasury)'];
const ERC20_EVENTS = [
  'Transfer(address indexed from, address indexed to, uint256 value)',
  'Approval(address indexed owner, address indexed spender, uint256 value)',
  'EIP712DomainChanged()',
];

/**
 * Every event of every contract, as Solidity text. Public OpenLedger events (ARCHITECTURE.md) must
 * never change; ours are documented in contracts/README.md, which must quote each one.
 */
const EVENTS: Record<ContractName, string[]> = {
  OPEN: ERC20_EVENTS,
  WOPEN: [
    'Transfer(address indexed src, address indexed dst, uint256 wad)',
    'Approval(address indexed src, address indexed guy, uint256 wad)',
    'Deposit(address indexed dst, uint256 wad)',
    'Withdrawal(address indexed src, uint256 wad)',
  ],
  GOPEN: [
    ...ERC20_EVENTS,
    'Deposit(address indexed sender, uint256 amt)',
    'Withdrawal(address indexed sender, uint256 amt)',
    'DelegateChanged(address indexed delegator, address indexed fromDelegate, address indexed toDelegate)',
    'DelegateVotesChanged(address indexed delegate, uint256 previousVotes, uint256 newVotes)',
  ],
  OpenLedgerGovernor: [
    'ProposalCreated(uint256 proposalId, address proposer, address[] targets, uint256[] values, string[] signatures, bytes[] calldatas, uint256 voteStart, uint256 voteEnd, string description)',
    'ProposalQueued(uint256 proposalId, uint256 etaSeconds)',
    'ProposalExecuted(uint256 proposalId)',
    'ProposalCanceled(uint256 proposalId)',
    'VoteCast(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason)',
    'VoteCastWithParams(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason, bytes params)',
    'VotingDelaySet(uint256 oldVotingDelay, uint256 newVotingDelay)',
    'VotingPeriodSet(uint256 oldVotingPeriod, uint256 newVotingPeriod)',
    'ProposalThresholdSet(uint256 oldProposalThreshold, uint256 newProposalThreshold)',
    'QuorumNumeratorUpdated(uint256 oldQuorumNumerator, uint256 newQuorumNumerator)',
    'TimelockChange(address oldTimelock, address newTimelock)',
    'EIP712DomainChanged()',
  ],
  OpenLedgerTimelock: [
    ...ROLE_EVENTS,
    'CallScheduled(bytes32 indexed id, uint256 indexed index, address target, uint256 value, bytes data, bytes32 predecessor, uint256 delay)',
    'CallExecuted(bytes32 indexed id, uint256 indexed index, address target, uint256 value, bytes data)',
    'CallSalt(bytes32 indexed id, bytes32 salt)',
    'Cancelled(bytes32 indexed id)',
    'MinDelayChange(uint256 oldDuration, uint256 newDuration)',
  ],
  Staking: [
    ...SOLADY_OWNABLE_ROLES_EVENTS,
    'Staked(uint256 indexed stakingId, address indexed recipient, uint256 indexed amount)',
    'ToppedUp(uint256 indexed stakingId, address indexed recipient, uint256 amount)',
    'Unstaked(uint256 indexed stakingId, address indexed recipient)',
    'RequestUnstake(uint256 indexed stakingId, address indexed recipient)',
    'ConfigSet(uint256 indexed configId)',
    'ConfigCreated(uint256 indexed configId)',
    'CommitStake(uint256 indexed stakingId, bytes commitment)',
  ],
  Bank: [...SOLADY_OWNABLE_ROLES_EVENTS],
  SigDispersal: [
    ...SOLADY_OWNABLE_ROLES_EVENTS,
    'AirdropClaimed(bytes32 indexed batch, address indexed account, uint256 amount)',
    'VaultSet(address indexed vault)',
    'TokenSet(address indexed token)',
    'BatchEnabled(bytes32 indexed root, bool enabled)',
    'BatchFeeSet(bytes32 indexed root, uint256 fee)',
  ],
  CreditManager: [
    ...PROTOCOL_BASE_EVENTS,
    'CreditPurchased(address indexed user, uint256 amountPaid, uint256 creditAmount)',
    'CreditsSpent(address indexed user, address indexed spender, address indexed attributor, uint256 creditAmount, uint256 amountPaid, uint256 balance, uint256 allowance)',
    'AttributorApproved(address indexed user, address indexed attributor, uint256 allowance)',
  ],
  DatanetFactory: [
    ...PROTOCOL_BASE_EVENTS,
    'TransactionInitiated(bytes32 indexed transactionId, address indexed user, uint256 amount)',
    'DatanetCreated(uint256 indexed datanetId, address indexed owner, bytes32 indexed transactionId, string name, string metadataURI, uint256 fee)',
    'ContributionSubmitted(uint256 indexed contributionId, uint256 indexed datanetId, address indexed contributor, bytes32 contentHash, string uri, uint32 rowCount)',
    'ContributionReviewed(uint256 indexed contributionId, uint256 indexed datanetId, address indexed reviewer, bool approved, uint32 approvedCount)',
    'DatanetVersionPublished(uint256 indexed datanetId, uint256 indexed version, bytes32 merkleRoot, uint32 contributionCount)',
    'CreationFeeSet(uint256 fee)',
  ],
  ModelFactory: [
    ...ROLE_EVENTS,
    'ModelRegistered(uint256 indexed modelId, address indexed owner, bytes32 indexed attributionMethod, string name, uint256[] datanetIds, uint256 feePerInference)',
    'ModelVersionPublished(uint256 indexed modelId, uint256 indexed version, bytes32 manifestHash, string manifestURI)',
    'ModelFeeSet(uint256 indexed modelId, uint256 feePerInference)',
    'AdapterRegistered(uint256 indexed adapterId, uint256 indexed baseModelId, address indexed owner, uint32 baseVersion, bytes32 adapterHash, string uri)',
    'AttributionMethodSet(bytes32 indexed method, bool allowed)',
  ],
  AttributionEngine: [
    ...PROTOCOL_BASE_EVENTS,
    'AttributorStaked(address indexed attributor, uint256 amount, uint256 activeStake)',
    'AttributorUnstakeRequested(address indexed attributor, uint256 amount, uint256 activeStake, uint64 unlockAt)',
    'AttributorUnstaked(address indexed attributor, uint256 amount)',
    'AttributorSlashed(address indexed attributor, uint256 indexed challengeId, uint256 amount, uint256 activeStake, uint256 pendingStake)',
    'InferenceAttributed(uint256 indexed inferenceId, uint256 indexed modelId, address indexed attributor, uint256 modelVersion, address user, bytes32 inputHash, string inputURI, bytes32 outputHash, uint256 fee, uint256[] contributionIds, uint32[] shares)',
    'FeeSplit(uint256 indexed inferenceId, uint256 indexed modelId, address indexed modelOwner, uint256 fee, uint256 protocolAmount, uint256 modelOwnerAmount, uint256 contributorAmount, uint256 dust)',
    'RewardsClaimed(address indexed account, uint256 amount)',
    'FeeSplitSet(uint16 protocolBps, uint16 modelOwnerBps)',
    'AttributorParamsSet(uint256 minAttributorStake, uint64 unbondingPeriod)',
  ],
  ChallengeManager: [
    ...PROTOCOL_BASE_EVENTS,
    'ChallengeOpened(uint256 indexed challengeId, uint256 indexed inferenceId, address indexed challenger, address attributor, uint256 bond, bytes32 evidenceHash, string evidenceURI, uint64 deadline)',
    'ChallengeResponded(uint256 indexed challengeId, uint256 indexed inferenceId, address indexed attributor, bytes32 responseHash, string responseURI)',
    'ChallengeResolved(uint256 indexed challengeId, uint256 indexed inferenceId, address indexed arbiter, bool upheld, uint256 slashedAmount, uint256 challengerReward, uint256 treasuryAmount)',
    'ChallengeExpired(uint256 indexed challengeId, uint256 indexed inferenceId, uint256 bondReturned)',
    'ChallengeParamsSet(uint256 challengeBond, uint64 challengeWindow, uint64 resolutionPeriod, uint256 slashAmount, uint16 challengerRewardBps)',
    'PaymentCredited(address indexed account, uint256 amount, uint256 owed)',
    'PaymentWithdrawn(address indexed account, uint256 amount)',
  ],
};

/** Contracts whose events are ours (the README must quote each of their own events). */
const OURS: readonly ContractName[] = PROTOCOL_CONTRACTS;
const INHERITED = new Set([...PROTOCOL_BASE_EVENTS, ...ERC20_EVENTS]);

/** Solidity text of an ABI event, in the style of the lists above. */
function solidityText(e: AbiEvent): string {
  return `${e.name}(${e.inputs.map((i) => `${i.type}${i.indexed ? ' indexed' : ''} ${i.name}`).join(', ')})`;
}

/** The canonical signature (types only) of a Solidity event text. */
function canonical(text: string): string {
  const match = /^(\w+)\((.*)\)$/.exec(text);
  assert.ok(match, text);
  const params = match[2] === '' ? [] : match[2]!.split(', ').map((p) => p.split(' ')[0]!);
  return `${match[1]}(${params.join(',')})`;
}

test('contracts/out is built from the current contracts/src', () => {
  const expected = computeSourceHash();
  for (const name of CONTRACT_NAMES) {
    const artifact = loadArtifact(name);
    assert.equal(
      artifact.sourceHash,
      expected,
      `contracts/out/${name}.json is stale: run \`npm run contracts:build\` and commit contracts/out`,
    );
    assert.equal(artifact.contractName, name);
    assert.match(artifact.bytecode, /^0x[0-9a-f]{200,}$/);
    assert.match(artifact.generated, /do not edit/);
  }
  assert.ok(OUT_DIR.endsWith(join('contracts', 'out')));
});

test('every event has its exact signature and topic0', () => {
  for (const name of CONTRACT_NAMES) {
    const events = abiOf(name).filter((item): item is AbiEvent => item.type === 'event');
    const actual = events.map(solidityText).sort();
    assert.deepEqual(actual, [...EVENTS[name]].sort(), `events of ${name}`);
    for (const text of EVENTS[name]) {
      const event = events.find((e) => solidityText(e) === text)!;
      assert.equal(toEventSelector(event), keccak256(toHex(canonical(text))), text);
    }
  }
});

test('the public OpenLedger topic0 values are the well-known ones', () => {
  // Cross-checks against values computed independently of our ABIs (e.g. ERC-20 Transfer).
  assert.equal(
    toEventSelector(abiOf('WOPEN').find((i) => i.type === 'event' && i.name === 'Transfer') as AbiEvent),
    '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef',
  );
  assert.equal(
    keccak256(toHex('Deposit(address,uint256)')),
    '0xe1fffcc4923d04b559f4d29a8bfc6cda04eb5b0d3c460751c2402c5c5cc9109c',
  );
});

test('contracts/README.md quotes every event of our own contracts', () => {
  const readme = readFileSync(join(OUT_DIR, '..', 'README.md'), 'utf8');
  for (const name of OURS) {
    for (const text of EVENTS[name]) {
      if (INHERITED.has(text)) continue;
      assert.ok(readme.includes(text), `contracts/README.md does not quote ${name}: ${text}`);
    }
  }
});

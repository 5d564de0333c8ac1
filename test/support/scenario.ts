// A small devnet scenario that touches every contract family's events (tokens, governance,
// staking, credits, datanets, models, attribution with dust, every kind of challenge end), driven
// with viem through the contract tests' helpers. Days pass in it, so rollups get several buckets.
import { encodeFunctionData, stringToHex, type Address, type Hex } from 'viem';
import { abiOf } from '../../contracts/artifacts.ts';
import { OPEN, hash32, type Ctx } from './contracts.ts';
import { signClaim, signCommitment, STAKE_MANAGER } from '../../devnet/signers.ts';
import { writeDevnetState } from '../../devnet/state.ts';

const GRADIENT = stringToHex('tracin-mlp/1', { size: 32 });
const OTHER_METHOD = stringToHex('ngram-spans/1', { size: 32 });
/** Odd on purpose: every split step rounds, so inferences leave dust. */
const SCENARIO_FEE = 123_456_789_012_345_679n;
const HOUR = 3600;
const DAY = 86_400;

export interface Actors {
  admin: Address;
  alice: Address;
  bob: Address;
  carol: Address;
  modeler: Address;
  user: Address;
  attributor: Address;
  challenger: Address;
  arbiter: Address;
  other: Address;
}

export function actors(c: Ctx): Actors {
  const [admin, alice, bob, carol, modeler, user, attributor, challenger, arbiter, other] = c.accounts as Address[];
  return { admin, alice, bob, carol, modeler, user, attributor, challenger, arbiter, other } as Actors;
}

/** Writes the devnet state file the indexer reads (into OPENLEDGER_RUNTIME_DIR). */
export function writeState(c: Ctx): void {
  const contracts = Object.fromEntries(
    Object.entries(c.deployment.contracts).map(([name, d]) => [name, { address: d.address, startBlock: d.startBlock }]),
  ) as Parameters<typeof writeDevnetState>[0]['contracts'];
  writeDevnetState({
    chainId: c.deployment.chainId, rpcUrl: c.anvil.rpcUrl, wsUrl: c.anvil.wsUrl, contentStoreUrl: '', contracts,
    treasury: c.deployment.treasury, seed: 0, startedAt: new Date().toISOString(), pid: process.pid,
  });
}

async function tokens(c: Ctx, a: Actors): Promise<void> {
  await c.send(a.admin, 'OPEN', 'transfer', [a.alice, 1000n * OPEN]);
  await c.send(a.alice, 'OPEN', 'approve', [a.bob, 50n * OPEN]);
  await c.send(a.bob, 'OPEN', 'burnFrom', [a.alice, 20n * OPEN]);
  await c.send(a.alice, 'OPEN', 'transfer', [a.bob, 100n * OPEN]);
  await c.send(a.alice, 'WOPEN', 'deposit', [], 5n * OPEN);
  await c.send(a.alice, 'WOPEN', 'transfer', [a.bob, 2n * OPEN]);
  await c.send(a.bob, 'WOPEN', 'withdraw', [OPEN]);
  await c.send(a.alice, 'WOPEN', 'approve', [a.bob, OPEN]);
  await c.send(a.alice, 'GOPEN', 'deposit', [], 1000n * OPEN);
  await c.send(a.alice, 'GOPEN', 'delegate', [a.alice]);
  await c.send(a.bob, 'GOPEN', 'deposit', [], 10n * OPEN);
  await c.send(a.bob, 'GOPEN', 'delegate', [a.alice]);
  await c.send(a.bob, 'GOPEN', 'withdraw', [3n * OPEN]);
  await c.send(a.carol, 'GOPEN', 'deposit', [], 4n * OPEN);
  await c.send(a.carol, 'GOPEN', 'delegate', [a.carol]);
}

async function governance(c: Ctx, a: Actors): Promise<void> {
  const p = c.deployment.params;
  const engine = c.addr('AttributionEngine');
  const calldata = encodeFunctionData({ abi: abiOf('AttributionEngine'), functionName: 'setFeeSplit', args: [1500, 2500] });
  await c.advance(1);
  const proposed = await c.send(a.alice, 'OpenLedgerGovernor', 'propose', [[engine], [0n], [calldata], 'Raise the protocol and owner shares']);
  const proposalId = proposed.events.find((e) => e.eventName === 'ProposalCreated')!.args.proposalId as bigint;
  await c.advance(p.votingDelay + 1);
  await c.send(a.alice, 'OpenLedgerGovernor', 'castVote', [proposalId, 1]);
  await c.send(a.carol, 'OpenLedgerGovernor', 'castVoteWithReasonAndParams', [proposalId, 0, 'no', '0x01']);
  await c.advance(p.votingPeriod + 1);
  await c.mine();
  await c.send(a.bob, 'OpenLedgerGovernor', 'queue', [proposalId]);
  await c.advance(p.timelockMinDelay + 1);
  await c.send(a.bob, 'OpenLedgerGovernor', 'execute', [proposalId]);
}

/** A Staking config as the Bank sets it. */
const stakeConfig = (c: Ctx, interestRate: bigint, cooldownDuration: bigint) => ({
  bank: c.addr('Bank'), manager: STAKE_MANAGER.address, token: c.addr('OPEN'), interestRate, stakeDuration: 0n, cooldownDuration,
  maxStake: 1000n * OPEN, minStake: OPEN, isActive: true, isTopupEnabled: true, isPublic: true,
});

/**
 * Staking as OpenLedger's: stakes 0 (alice: top-up, request, payout) and 1 (bob for carol), 2 (paid at
 * once, cooldown 0), 3 (a commitment opened by carol, left cooling); an airdrop claim; role bits.
 */
async function staking(c: Ctx, a: Actors): Promise<void> {
  const S = c.addr('Staking');
  await c.send(a.admin, 'Bank', 'setConfig', [S, 1n, stakeConfig(c, OPEN / 10n, 60n)]);
  await c.send(a.admin, 'Bank', 'setConfig', [S, 1n, stakeConfig(c, OPEN / 5n, 60n)]);
  await c.send(a.admin, 'Bank', 'setConfig', [S, 2n, stakeConfig(c, OPEN / 10n, 0n)]);
  await c.send(a.admin, 'OPEN', 'transfer', [c.addr('Bank'), 10n * OPEN]); // interest, apart from the stakes
  for (const who of [a.alice, a.bob]) await c.send(who, 'OPEN', 'approve', [S, 2n ** 256n - 1n]);
  await c.send(a.alice, 'Staking', 'stake', [1n, a.alice, 5n * OPEN]);
  await c.send(a.bob, 'Staking', 'stake', [1n, a.carol, 2n * OPEN]);
  await c.advance(100);
  await c.send(a.alice, 'Staking', 'topUpStake', [0n, OPEN]);
  await c.advance(HOUR);
  await c.send(a.alice, 'Staking', 'requestUnstake', [0n]);
  await c.advance(61);
  await c.send(a.alice, 'Staking', 'unstake', [0n]);
  await c.send(a.alice, 'Staking', 'stake', [2n, a.alice, 3n * OPEN]);
  await c.advance(DAY);
  await c.send(a.alice, 'Staking', 'requestUnstake', [2n]);
  const startTime = (await c.publicClient.getBlock()).timestamp - 1000n;
  const commitment = await signCommitment({ staking: S, chainId: c.chain.id, recipient: a.carol, configId: 1n, amount: 4n * OPEN, startTime, nonce: 7n });
  await c.send(a.other, 'Staking', 'commitStake', [commitment]);
  await c.send(a.carol, 'Staking', 'requestUnstakeWithCommitment', [3n, 1n, startTime, 7n, 4n * OPEN]);
  await c.send(a.admin, 'Staking', 'grantRoles', [a.other, 2n]);

  const batch = hash32(77);
  await c.send(a.admin, 'SigDispersal', 'setToken', [c.addr('OPEN')]);
  await c.send(a.admin, 'SigDispersal', 'toggleActive');
  await c.send(a.admin, 'SigDispersal', 'setBatchEnabled', [batch, true]);
  await c.send(a.admin, 'SigDispersal', 'setBatchFee', [batch, 1000n]);
  const amount = 3n * OPEN;
  const signature = await signClaim({ dispersal: c.addr('SigDispersal'), chainId: c.chain.id, account: a.bob, amount, batch });
  await c.send(a.alice, 'SigDispersal', 'claim', [signature, batch, amount, a.bob], 1000n);
}

async function datanetsAndModels(c: Ctx, a: Actors): Promise<void> {
  const fee = c.deployment.params.datanetCreationFee;
  await c.send(a.carol, 'DatanetFactory', 'createDatanet', ['Tabular health', 'blob://meta1'], fee);
  await c.send(a.other, 'DatanetFactory', 'createDatanet', ['Code', 'blob://meta2'], fee);
  await c.send(a.alice, 'DatanetFactory', 'submitContribution', [1n, hash32(11), 'blob://c1', 40]);
  await c.send(a.alice, 'DatanetFactory', 'submitContribution', [1n, hash32(12), 'blob://c2', 10]);
  await c.send(a.bob, 'DatanetFactory', 'submitContributions', [1n, [hash32(13), hash32(14), hash32(15)], ['blob://c3', 'blob://c4', 'blob://c5'], [7, 8, 9]]);
  await c.send(a.other, 'DatanetFactory', 'submitContribution', [2n, hash32(16), 'blob://c6', 5]);
  await c.send(a.carol, 'DatanetFactory', 'reviewContribution', [1n, true]);
  await c.send(a.carol, 'DatanetFactory', 'reviewContributions', [[2n, 3n, 4n, 5n], [true, true, false, true]]);
  await c.send(a.other, 'DatanetFactory', 'reviewContribution', [6n, true]);
  await c.send(a.carol, 'DatanetFactory', 'publishVersion', [1n, hash32(99), 4]);

  await c.send(a.modeler, 'ModelFactory', 'registerModel', ['Risk MLP', GRADIENT, [1n], SCENARIO_FEE - 1n]);
  await c.send(a.modeler, 'ModelFactory', 'setFee', [1n, SCENARIO_FEE]);
  await c.send(a.modeler, 'ModelFactory', 'publishVersion', [1n, hash32(21), 'blob://manifest1']);
  await c.send(a.alice, 'ModelFactory', 'registerAdapter', [1n, 1, hash32(31), 'blob://lora1']);
  await c.send(a.admin, 'ModelFactory', 'setAttributionMethod', [OTHER_METHOD, true]);
  await c.send(a.other, 'ModelFactory', 'registerModel', ['Free LM', OTHER_METHOD, [1n, 2n], 0n]);
  await c.send(a.other, 'ModelFactory', 'publishVersion', [2n, hash32(22), 'blob://manifest2']);
}

type Rec = { modelId: bigint; modelVersion: bigint; user: Address; inputHash: Hex; inputURI: string; outputHash: Hex; contributionIds: bigint[]; shares: number[] };

/** An inference record of the scenario's attributor for `a.user` (model 1 version 1 unless `over` says otherwise). */
export function record(a: Actors, n: number, over: Partial<Rec> = {}): Rec {
  return {
    modelId: 1n, modelVersion: 1n, user: a.user, inputHash: hash32(0xa000 + n), inputURI: `blob://input${n}`,
    outputHash: hash32(0xb000 + n), contributionIds: [1n, 2n, 3n], shares: [500_000_001, 333_333_333, 166_666_666], ...over,
  };
}

async function attribution(c: Ctx, a: Actors): Promise<void> {
  await c.send(a.user, 'CreditManager', 'buyCredits', [], 10n * OPEN);
  await c.send(a.other, 'CreditManager', 'buyCreditsFor', [a.user], OPEN);
  // the user authorises the attributor: first too little, then more than its balance (the fault
  // tests record more after the scenario, buying credits as they go)
  await c.send(a.user, 'CreditManager', 'approveAttributor', [a.attributor, OPEN]);
  await c.send(a.user, 'CreditManager', 'approveAttributor', [a.attributor, 1000n * OPEN * c.deployment.params.creditsPerOpen]);
  await c.send(a.attributor, 'AttributionEngine', 'stake', [], 200n * OPEN);
  await c.send(a.attributor, 'AttributionEngine', 'recordInference', [record(a, 1)]);
  await c.advance(2 * HOUR);
  await c.send(a.attributor, 'AttributionEngine', 'recordInferences', [[
    record(a, 2, { contributionIds: [1n], shares: [1_000_000_000] }),
    record(a, 3, { contributionIds: [3n, 5n], shares: [1, 999_999_999] }),
    record(a, 4, { modelId: 2n, contributionIds: [1n, 6n], shares: [400_000_000, 600_000_000] }),
  ]]);
  await c.send(a.alice, 'AttributionEngine', 'claimRewards');
  await c.send(a.other, 'AttributionEngine', 'claimRewardsFor', [c.deployment.treasury]);
}

async function challenges(c: Ctx, a: Actors): Promise<void> {
  const p = c.deployment.params;
  await c.send(a.admin, 'ChallengeManager', 'grantRole', [await c.read('ChallengeManager', 'ARBITER_ROLE'), a.arbiter]);
  await c.send(a.challenger, 'ChallengeManager', 'openChallenge', [1n, hash32(41), 'blob://evidence1'], p.challengeBond);
  await c.send(a.attributor, 'ChallengeManager', 'respond', [1n, hash32(43), 'blob://response1']);
  await c.send(a.arbiter, 'ChallengeManager', 'resolve', [1n, true]);
  await c.send(a.challenger, 'ChallengeManager', 'openChallenge', [2n, hash32(44), 'blob://evidence2'], p.challengeBond);
  await c.send(a.arbiter, 'ChallengeManager', 'resolve', [2n, false]);
  await c.send(a.other, 'ChallengeManager', 'openChallenge', [2n, hash32(45), 'blob://evidence3'], p.challengeBond);
  await c.advance(BigInt(p.challengeResolutionPeriod) + 1n);
  await c.send(a.alice, 'ChallengeManager', 'expire', [3n]);
  // payouts are pulled: the challenger withdraws, the treasury's is triggered by someone else; other's stays owed
  await c.send(a.challenger, 'ChallengeManager', 'withdraw');
  await c.send(a.alice, 'ChallengeManager', 'withdrawFor', [c.deployment.treasury]);
  await c.send(a.attributor, 'AttributionEngine', 'requestUnstake', [50n * OPEN]);
}

/** Another day: more records after time passed, so the rollups get new hour and day buckets. */
async function laterDay(c: Ctx, a: Actors): Promise<void> {
  await c.advance(DAY);
  await c.send(a.attributor, 'AttributionEngine', 'recordInference', [record(a, 5, { contributionIds: [2n, 5n], shares: [250_000_000, 750_000_000] })]);
  await c.send(a.bob, 'AttributionEngine', 'claimRewards');
  await c.send(a.alice, 'OPEN', 'transfer', [a.carol, 7n * OPEN]);
}

/** Runs the whole scenario; returns the last block (uncached: viem caches the block number). */
export async function runScenario(c: Ctx): Promise<number> {
  const a = actors(c);
  await tokens(c, a);
  await governance(c, a);
  await staking(c, a);
  await datanetsAndModels(c, a);
  await attribution(c, a);
  await challenges(c, a);
  await laterDay(c, a);
  return Number(await c.publicClient.getBlockNumber({ cacheTime: 0 }));
}

/**
 * Runtime code that emits one log with `topics` and 5 zero bytes of data: no event of ours is 5
 * bytes long, so a watched topic0 cannot decode.
 */
function emitterCode(topics: Hex[]): Hex {
  if (topics.length > 4) throw new Error('at most 4 topics');
  const push32 = (t: Hex) => `7f${t.slice(2).padStart(64, '0')}`;
  const pushes = [...topics].reverse().map(push32).join('');
  return `0x${pushes}60056000${(0xa0 + topics.length).toString(16)}00`;
}

/**
 * Makes a watched contract emit an undecodable log: swaps its code for an emitter (storage stays),
 * calls it, and puts the code back. Returns the receipt of the call.
 */
export async function emitUndecodableLog(c: Ctx, address: Address, topics: Hex[]) {
  const original = await c.publicClient.getCode({ address });
  if (!original) throw new Error(`no code at ${address}`);
  await c.testClient.setCode({ address, bytecode: emitterCode(topics) });
  const hash = await c.walletClient.sendTransaction({ account: c.accounts[0]!, to: address, data: '0x', chain: c.chain });
  const receipt = await c.publicClient.waitForTransactionReceipt({ hash });
  await c.testClient.setCode({ address, bytecode: original });
  return receipt;
}

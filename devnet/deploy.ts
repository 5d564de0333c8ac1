// Deploys and wires every contract of contracts/ (see contracts/README.md for roles and rules).
import {
  encodeFunctionData,
  getContractAddress,
  maxUint256,
  keccak256,
  toHex,
  zeroAddress,
  type Account,
  type Address,
  type Chain,
  type Hash,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { CONTRACT_NAMES, PROTOCOL_CONTRACTS, loadArtifact, type ContractName } from '../contracts/artifacts.ts';
import { AIRDROP_SIGNER } from './signers.ts';

const OPEN = 10n ** 18n;
const DAY = 86_400;

export interface DeployParams {
  /** OPEN ERC-20 supply, minted to the deployer. */
  openSupply: bigint;
  /** Timelock delay between queue and execute, seconds. */
  timelockMinDelay: number;
  /** Governor settings (GOPEN's clock is the timestamp, so seconds). */
  votingDelay: number;
  votingPeriod: number;
  proposalThreshold: bigint;
  quorumPercent: number;
  /** DatanetFactory creation fee in wei (to the treasury). */
  datanetCreationFee: bigint;
  /** Credit units (18 decimals) per OPEN. */
  creditsPerOpen: bigint;
  /** Fee split of each inference fee, basis points; the rest goes to contributors. */
  protocolBps: number;
  modelOwnerBps: number;
  /** Attributor bond needed to post records, and the unbonding period in seconds. */
  minAttributorStake: bigint;
  attributorUnbondingPeriod: number;
  /** Challenge parameters. */
  challengeBond: bigint;
  challengeWindow: number;
  challengeResolutionPeriod: number;
  slashAmount: bigint;
  challengerRewardBps: number;
  /** Keep DEFAULT_ADMIN_ROLE for the deployer next to the timelock (handy on a devnet). */
  keepDeployerAdmin: boolean;
}

export const DEFAULT_DEPLOY_PARAMS: DeployParams = {
  openSupply: 1_000_000_000n * OPEN,
  timelockMinDelay: 60,
  votingDelay: 1,
  votingPeriod: 300,
  proposalThreshold: 0n,
  quorumPercent: 4,
  datanetCreationFee: OPEN / 10n,
  creditsPerOpen: 1000n,
  protocolBps: 1000,
  modelOwnerBps: 2000,
  minAttributorStake: 100n * OPEN,
  attributorUnbondingPeriod: 7 * DAY,
  challengeBond: 10n * OPEN,
  challengeWindow: 3 * DAY,
  challengeResolutionPeriod: 3 * DAY,
  slashAmount: 50n * OPEN,
  challengerRewardBps: 5000,
  keepDeployerAdmin: true,
};

export interface DeployClients {
  publicClient: PublicClient;
  /** Must carry the deployer as its account. */
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
}

export interface DeployedContract {
  address: Address;
  /** Block of the deployment transaction: where an indexer starts. */
  startBlock: number;
  deployTx: Hash;
}

export interface Deployment {
  chainId: number;
  deployer: Address;
  /** The governance timelock: treasury, arbiter and co-admin of every protocol contract. */
  treasury: Address;
  contracts: Record<ContractName, DeployedContract>;
  params: DeployParams;
}

const role = (name: string): Hex => keccak256(toHex(name));

/** Staking's TRUSTED_BANK role bit (Solady-style role bits, OwnableRoles.sol). */
export const STAKING_TRUSTED_BANK = 1n;
/** SigDispersal's PROJECT_ADMIN role bit. */
export const AIRDROP_PROJECT_ADMIN = 1n;

/** Role ids (keccak256 of the role name; DEFAULT_ADMIN_ROLE is zero). */
export const ROLES = {
  DEFAULT_ADMIN_ROLE: `0x${'00'.repeat(32)}` as Hex,
  SPENDER_ROLE: role('SPENDER_ROLE'), // CreditManager: the AttributionEngine
  SLASHER_ROLE: role('SLASHER_ROLE'), // AttributionEngine: the ChallengeManager
  ARBITER_ROLE: role('ARBITER_ROLE'), // ChallengeManager: the timelock
  PROPOSER_ROLE: role('PROPOSER_ROLE'), // timelock: the governor
  CANCELLER_ROLE: role('CANCELLER_ROLE'), // timelock: the governor
  EXECUTOR_ROLE: role('EXECUTOR_ROLE'), // timelock: anyone (address zero)
} as const;

/**
 * Deploys every contract and wires them: addresses are computed from the deployer's nonces, so
 * cross-references go into constructors (CreditManager's SPENDER_ROLE is the AttributionEngine, the
 * engine's SLASHER_ROLE is the ChallengeManager, the ChallengeManager's ARBITER_ROLE and every
 * treasury is the timelock, the timelock's proposer is the governor). Then the parameters are set
 * and the timelock is made an admin of every protocol contract. Works with automine and with
 * interval mining (deployments and set-up calls are sent in two waves).
 */
export async function deployAll(clients: DeployClients, overrides: Partial<DeployParams> = {}): Promise<Deployment> {
  const { publicClient, walletClient } = clients;
  const p: DeployParams = { ...DEFAULT_DEPLOY_PARAMS, ...overrides };
  const account = walletClient.account;
  const deployer = account.address;
  const chain = walletClient.chain ?? null;
  const firstNonce = await publicClient.getTransactionCount({ address: deployer, blockTag: 'pending' });
  // Constructors only store addresses, so any order works; the nonces fix every address up front.
  const order = CONTRACT_NAMES;
  const at = Object.fromEntries(
    order.map((name, i) => [name, getContractAddress({ from: deployer, nonce: BigInt(firstNonce + i) })]),
  ) as Record<ContractName, Address>;
  const treasury = at.OpenLedgerTimelock;

  const constructorArgs: Record<ContractName, readonly unknown[]> = {
    OPEN: [deployer, p.openSupply],
    WOPEN: [],
    GOPEN: [],
    OpenLedgerTimelock: [BigInt(p.timelockMinDelay), [at.OpenLedgerGovernor], [zeroAddress], zeroAddress],
    OpenLedgerGovernor: [
      at.GOPEN,
      at.OpenLedgerTimelock,
      p.votingDelay,
      p.votingPeriod,
      p.proposalThreshold,
      BigInt(p.quorumPercent),
    ],
    Staking: [],
    Bank: [],
    // signer, project admin, vault (the deployer holds the OPEN supply and approves the claims)
    SigDispersal: [AIRDROP_SIGNER.address, deployer, deployer],
    DatanetFactory: [deployer, treasury, p.datanetCreationFee],
    ModelFactory: [deployer, at.DatanetFactory],
    CreditManager: [deployer, treasury, p.creditsPerOpen, at.AttributionEngine],
    AttributionEngine: [deployer, treasury, at.DatanetFactory, at.ModelFactory, at.CreditManager, at.ChallengeManager],
    ChallengeManager: [deployer, treasury, at.AttributionEngine, at.OpenLedgerTimelock],
  };

  const deployTxs: Hash[] = [];
  for (const [i, name] of order.entries()) {
    const artifact = loadArtifact(name);
    deployTxs.push(
      await walletClient.deployContract({
        abi: artifact.abi,
        bytecode: artifact.bytecode,
        args: constructorArgs[name],
        account,
        chain,
        nonce: firstNonce + i,
      }),
    );
  }
  const receipts = await Promise.all(deployTxs.map((hash) => publicClient.waitForTransactionReceipt({ hash })));
  const contracts = {} as Record<ContractName, DeployedContract>;
  for (const [i, name] of order.entries()) {
    const receipt = receipts[i]!;
    if (receipt.status !== 'success' || receipt.contractAddress?.toLowerCase() !== at[name].toLowerCase()) {
      throw new Error(`deployAll: deploying ${name} failed (tx ${receipt.transactionHash})`);
    }
    contracts[name] = { address: at[name], startBlock: Number(receipt.blockNumber), deployTx: receipt.transactionHash };
  }

  // Second wave: parameters and the timelock as co-admin.
  const calls: { to: ContractName; functionName: string; args: readonly unknown[] }[] = [
    // the Bank creates configs (Staking's TRUSTED_BANK, role bit 0) and lets Staking pay out of it
    { to: 'Staking', functionName: 'grantRoles', args: [at.Bank, STAKING_TRUSTED_BANK] },
    { to: 'Bank', functionName: 'approve', args: [at.OPEN, at.Staking, maxUint256] },
    { to: 'OPEN', functionName: 'approve', args: [at.SigDispersal, maxUint256] },
    { to: 'AttributionEngine', functionName: 'setFeeSplit', args: [p.protocolBps, p.modelOwnerBps] },
    {
      to: 'AttributionEngine',
      functionName: 'setAttributorParams',
      args: [p.minAttributorStake, BigInt(p.attributorUnbondingPeriod)],
    },
    {
      to: 'ChallengeManager',
      functionName: 'setParams',
      args: [
        p.challengeBond,
        BigInt(p.challengeWindow),
        BigInt(p.challengeResolutionPeriod),
        p.slashAmount,
        p.challengerRewardBps,
      ],
    },
  ];
  for (const to of PROTOCOL_CONTRACTS) {
    calls.push({ to, functionName: 'grantRole', args: [ROLES.DEFAULT_ADMIN_ROLE, treasury] });
  }
  if (!p.keepDeployerAdmin) {
    for (const to of PROTOCOL_CONTRACTS) {
      calls.push({ to, functionName: 'renounceRole', args: [ROLES.DEFAULT_ADMIN_ROLE, deployer] });
    }
  }
  const setupTxs: Hash[] = [];
  for (const [i, call] of calls.entries()) {
    const abi = loadArtifact(call.to).abi;
    setupTxs.push(
      await walletClient.sendTransaction({
        to: at[call.to],
        data: encodeFunctionData({ abi, functionName: call.functionName, args: call.args }),
        account,
        chain,
        nonce: firstNonce + order.length + i,
      }),
    );
  }
  for (const [i, hash] of setupTxs.entries()) {
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') {
      throw new Error(`deployAll: ${calls[i]!.to}.${calls[i]!.functionName} failed (tx ${hash})`);
    }
  }

  return { chainId: await publicClient.getChainId(), deployer, treasury, contracts, params: p };
}

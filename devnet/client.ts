import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  decodeErrorResult,
  decodeEventLog,
  http,
  type Abi,
  type Address,
  type Hex,
  type TransactionReceipt,
} from 'viem';
import { foundry } from 'viem/chains';
import { CONTRACT_NAMES, abiOf, type ContractName } from '../contracts/artifacts.ts';
import type { Deployment } from './deploy.ts';

export interface DecodedEvent {
  contract: ContractName;
  eventName: string;
  args: Record<string, unknown>;
}

export interface SendResult {
  receipt: TransactionReceipt;
  events: DecodedEvent[];
  /** Gas paid by the sender, to reconcile native balances to the wei. */
  gasCost: bigint;
}

export interface SendOptions {
  value?: bigint;
  /** Skips simulation and estimation (large batches, where the estimate's binary search is slow). */
  gas?: bigint;
}

/** The viem clients of a local anvil chain, with every dev account unlocked. */
export function localClients(rpcUrl: string, chainId: number = foundry.id) {
  const transport = http(rpcUrl, { retryCount: 0 });
  const chain = { ...foundry, id: chainId, rpcUrls: { default: { http: [rpcUrl] } } };
  return {
    chain,
    publicClient: createPublicClient({ chain, transport, pollingInterval: 20 }),
    testClient: createTestClient({ chain, transport, mode: 'anvil' }),
    walletClient: createWalletClient({ chain, transport }),
    /** A wallet client that sends as `account` (an unlocked dev account). */
    walletFor: (account: Address) => createWalletClient({ chain, transport, account }),
  };
}

export type DevnetClient = ReturnType<typeof connectDevnet>;

/**
 * Calls, reads and decoded events of a deployed protocol: `send` simulates first so that a
 * revert surfaces as the contract's custom error, then waits for the receipt.
 */
export function connectDevnet(rpcUrl: string, deployment: Deployment) {
  const { chain, publicClient, testClient, walletClient } = localClients(rpcUrl, deployment.chainId);
  const addr = (name: ContractName): Address => deployment.contracts[name].address;
  const byAddress = new Map<string, ContractName>(CONTRACT_NAMES.map((n) => [addr(n).toLowerCase(), n] as const));

  // A contract's ABI plus the custom errors of the others, so that a revert bubbling up from a
  // callee (e.g. the timelock under the governor) is decoded too.
  const allErrors = CONTRACT_NAMES.flatMap((n) => abiOf(n).filter((item) => item.type === 'error'));
  const callAbi = (name: ContractName): Abi => {
    const own = abiOf(name);
    const names = new Set(own.filter((i) => i.type === 'error').map((i) => i.name));
    return [...own, ...allErrors.filter((e) => !names.has(e.name) && (names.add(e.name), true))];
  };

  function decodeLogs(receipt: TransactionReceipt): DecodedEvent[] {
    const out: DecodedEvent[] = [];
    for (const log of receipt.logs) {
      const contract = byAddress.get(log.address.toLowerCase());
      if (!contract) continue;
      const decoded = decodeEventLog({ abi: abiOf(contract), data: log.data, topics: log.topics });
      out.push({ contract, eventName: decoded.eventName ?? '', args: (decoded.args ?? {}) as Record<string, unknown> });
    }
    return out;
  }

  async function revertReason(hash: Hex): Promise<string> {
    const trace = (await publicClient.request({
      method: 'debug_traceTransaction',
      params: [hash, { tracer: 'callTracer' }],
    } as never)) as { error?: string; output?: Hex };
    try {
      if (trace.output) return decodeErrorResult({ abi: allErrors, data: trace.output }).errorName;
    } catch {
      // not a custom error of ours
    }
    return trace.error ?? 'reverted';
  }

  /** Submits a transaction and returns its hash without waiting for a block. */
  async function submit(from: Address, contract: ContractName, functionName: string, args: readonly unknown[] = [], options: SendOptions = {}): Promise<Hex> {
    let gas = options.gas;
    // viem's generics cannot follow an ABI chosen at run time: the call is typed loosely here.
    const call = { address: addr(contract), abi: callAbi(contract), functionName, args, value: options.value } as Record<string, unknown>;
    if (gas === undefined) {
      await publicClient.simulateContract({ ...call, account: from, blockTag: 'pending' } as never);
      // Padded: a vote checkpoint costs more when the block lands a second later than estimated.
      const estimate = await publicClient.estimateContractGas({ ...call, account: from } as never);
      gas = (estimate * 6n) / 5n + 50_000n;
    }
    return walletClient.writeContract({ ...call, account: from, chain, gas } as never);
  }

  /** Waits for the receipt of `hash`; a reverted transaction is an error naming `what` and the reason. */
  async function confirm(hash: Hex, what: string): Promise<SendResult> {
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (receipt.status !== 'success') {
      throw new Error(`${what}: expected success, got revert ${await revertReason(hash)} (tx ${hash})`);
    }
    return { receipt, events: decodeLogs(receipt), gasCost: receipt.gasUsed * receipt.effectiveGasPrice };
  }

  async function send(from: Address, contract: ContractName, functionName: string, args: readonly unknown[] = [], options: SendOptions = {}): Promise<SendResult> {
    const hash = await submit(from, contract, functionName, args, options);
    return confirm(hash, `${contract}.${functionName} from ${from}`);
  }

  async function read<T = unknown>(contract: ContractName, functionName: string, args: readonly unknown[] = []): Promise<T> {
    return (await publicClient.readContract({ address: addr(contract), abi: abiOf(contract), functionName, args })) as T;
  }

  /** Sets the next block's timestamp to the latest block's plus `seconds`. */
  async function advance(seconds: bigint | number): Promise<bigint> {
    const latest = await publicClient.getBlock();
    const next = latest.timestamp + BigInt(seconds);
    await testClient.setNextBlockTimestamp({ timestamp: next });
    return next;
  }

  async function mine(blocks = 1): Promise<void> {
    await testClient.mine({ blocks });
  }

  return { chain, publicClient, testClient, walletClient, deployment, addr, submit, confirm, send, read, advance, mine, decodeLogs };
}

/** The args of every `contract.eventName` in a result, in log order. */
export function eventsOf(result: SendResult, contract: ContractName, eventName: string): Record<string, unknown>[] {
  return result.events.filter((e) => e.contract === contract && e.eventName === eventName).map((e) => e.args);
}

// Shared set-up of the contract tests: anvil, viem clients, a deployment, calls and decoded events.
import assert from 'node:assert/strict';
import { BaseError, ContractFunctionRevertedError, createWalletClient, http, type Address } from 'viem';
import { startAnvil, type Anvil } from '../../devnet/anvil.ts';
import { connectDevnet, eventsOf, localClients, type SendResult as DevnetSendResult } from '../../devnet/client.ts';
import { deployAll, type DeployParams, type Deployment } from '../../devnet/deploy.ts';
import type { ContractName } from '../../contracts/artifacts.ts';

export const OPEN = 10n ** 18n;

export interface SendResult extends DevnetSendResult {
  /** Block timestamp of the transaction. */
  timestamp: bigint;
}

export type Ctx = Awaited<ReturnType<typeof setup>>;

export async function setup(params: Partial<DeployParams> = {}) {
  const anvil: Anvil = await startAnvil();
  const { publicClient, walletClient: anyAccount } = localClients(anvil.rpcUrl);
  const accounts = (await anyAccount.getAddresses()) as Address[];
  const walletClient = createWalletClient({ chain: anyAccount.chain, transport: http(anvil.rpcUrl), account: accounts[0]! });
  const deployment: Deployment = await deployAll({ publicClient, walletClient }, params);
  const devnet = connectDevnet(anvil.rpcUrl, deployment);

  /** devnet's `send`, plus the block timestamp of the transaction. */
  async function send(
    from: Address,
    contract: ContractName,
    functionName: string,
    args: readonly unknown[] = [],
    value?: bigint,
    gas?: bigint,
  ): Promise<SendResult> {
    const result = await devnet.send(from, contract, functionName, args, { value, gas });
    const block = await devnet.publicClient.getBlock({ blockNumber: result.receipt.blockNumber });
    return { ...result, timestamp: block.timestamp };
  }

  /** Expects `call` to revert with the custom error `errorName` (and `errorArgs` when given). */
  async function reverts(call: Promise<unknown>, errorName: string, errorArgs?: readonly unknown[]): Promise<void> {
    try {
      await call;
    } catch (err) {
      const reverted = err instanceof BaseError ? err.walk((e) => e instanceof ContractFunctionRevertedError) : null;
      if (!(reverted instanceof ContractFunctionRevertedError)) throw err;
      assert.equal(reverted.data?.errorName, errorName, reverted.shortMessage);
      if (errorArgs) assert.deepEqual(reverted.data?.args, errorArgs);
      return;
    }
    assert.fail(`expected revert ${errorName}`);
  }

  const balance = (address: Address) => devnet.publicClient.getBalance({ address });

  return { ...devnet, anvil, accounts, send, reverts, balance, stop: () => anvil.stop() };
}

export { eventsOf };

/** The only event named `eventName` of `contract` in a result. */
export function eventOf(result: DevnetSendResult, contract: ContractName, eventName: string): Record<string, unknown> {
  const found = eventsOf(result, contract, eventName);
  assert.equal(found.length, 1, `expected one ${contract}.${eventName}, got ${found.length}`);
  return found[0]!;
}

export { hash32 } from './hash32.ts';

// Challenges on chain, exactly once per inference. The intent is in the database (with the verdict)
// before anything is sent; the signed transaction and its hash are stored before it is broadcast;
// the chain is asked before signing whether the inference was challenged already (by anyone); and
// each pass starts by reconciling what a crash left signed but unrecorded: the stored transaction
// is looked up, and rebroadcast (same nonce, same hash: it can only be mined once) when the chain
// never saw it. One process at a time sends (a Postgres advisory lock), so two verifiers never
// race for a nonce.
import type pg from 'pg';
import {
  createPublicClient, encodeFunctionData, http, keccak256, parseEventLogs, type Address, type Hex, type PrivateKeyAccount,
} from 'viem';
import { abiOf } from '../../contracts/artifacts.ts';
import { logger } from '../../lib/log.ts';
import { rpcTarget } from '../../lib/rpc.ts';
import { checkBondCap } from './bondCap.ts';

const CM_ABI = abiOf('ChallengeManager');
const ENGINE_ABI = abiOf('AttributionEngine');
/** pg_advisory_lock key of the sending step. */
const SEND_LOCK = 0x76657269666965n + 1n;

export interface ChallengerConfig {
  rpcUrl: string;
  challengeManager: Address;
  attributionEngine: Address;
  /** The signing account; without one, disputes stay pending (as with --dry-run, but retried once a key is given). */
  account?: PrivateKeyAccount;
  /** Most wei of bonds signed per rolling hour. */
  capPerHourWei: bigint;
  dryRun: boolean;
  /** From where to search ChallengeOpened logs (the ChallengeManager's deployment block). */
  fromBlock: bigint;
}

export interface ChallengerEvents {
  sent(bondWei: bigint): void;
}

interface Intent {
  inference_id: string;
  state: string;
  evidence_hash: Hex;
  evidence_uri: string;
  tx_hash: Hex | null;
  raw_tx: Hex | null;
}

export class InsufficientBalanceError extends Error {
  override readonly name = 'InsufficientBalanceError';
}

export class Challenger {
  private readonly log = logger('verifier');
  readonly client;

  constructor(
    private readonly pool: pg.Pool,
    private readonly cfg: ChallengerConfig,
    private readonly events: ChallengerEvents = { sent() {} },
  ) {
    const target = rpcTarget(cfg.rpcUrl);
    this.client = createPublicClient({ transport: http(target.url, { fetchOptions: { headers: target.headers }, retryCount: 2 }), pollingInterval: 100 });
  }

  /** One pass: reconcile signed transactions, then send pending challenges. Skipped while another process sends. */
  async pass(): Promise<{ sent: number; skipped: boolean; error?: string }> {
    const lock = await this.pool.connect();
    let sent = 0;
    let error: string | undefined;
    try {
      const got = await lock.query('SELECT pg_try_advisory_lock($1) AS ok', [SEND_LOCK.toString()]);
      if (!got.rows[0].ok) return { sent, skipped: true };
      try {
        for (const intent of await this.intents(['signed'])) await this.reconcile(intent);
        for (const intent of await this.intents(['pending', 'unfunded', 'capped'])) {
          try {
            if (await this.send(intent)) sent++;
          } catch (e) {
            // The verdict stays; the challenge is sent on a later pass, once the account is funded.
            if (!(e instanceof InsufficientBalanceError)) throw e;
            error = e.message;
          }
        }
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1)', [SEND_LOCK.toString()]);
      }
    } finally {
      lock.release();
    }
    return { sent, skipped: false, error };
  }

  private async intents(states: string[]): Promise<Intent[]> {
    const res = await this.pool.query(
      `SELECT inference_id, state, evidence_hash, evidence_uri, tx_hash, raw_tx FROM verifier.challenge_intent WHERE state = ANY($1) ORDER BY inference_id LIMIT 100`,
      [states],
    );
    return res.rows;
  }

  private async update(id: string, state: string, fields: Record<string, unknown> = {}): Promise<void> {
    const keys = Object.keys(fields);
    await this.pool.query(
      `UPDATE verifier.challenge_intent SET state = $2, updated_at = now()${keys.map((k, i) => `, ${k} = $${i + 3}`).join('')} WHERE inference_id = $1`,
      [id, state, ...keys.map((k) => fields[k])],
    );
  }

  private async link(id: string, challengeId: bigint, txHash: Hex): Promise<void> {
    await this.pool.query(`UPDATE verifier.verification SET challenge_id = $2, challenge_tx = $3 WHERE inference_id = $1`, [id, challengeId.toString(), txHash]);
  }

  /** The first ChallengeOpened on chain for the inference, by anyone. */
  private async existing(inferenceId: bigint): Promise<{ challengeId: bigint; challenger: Address; txHash: Hex } | undefined> {
    const logs = await this.client.getContractEvents({
      address: this.cfg.challengeManager, abi: CM_ABI, eventName: 'ChallengeOpened', args: { inferenceId }, fromBlock: this.cfg.fromBlock, toBlock: 'latest',
    });
    const first = logs[0] as unknown as { args: { challengeId: bigint; challenger: Address }; transactionHash: Hex } | undefined;
    return first && { challengeId: first.args.challengeId, challenger: first.args.challenger, txHash: first.transactionHash };
  }

  /** Records what the chain says about an inference already challenged; true if it was. */
  private async settleFromChain(intent: Intent): Promise<boolean> {
    const found = await this.existing(BigInt(intent.inference_id));
    if (!found) return false;
    const ours = this.cfg.account && found.challenger.toLowerCase() === this.cfg.account.address.toLowerCase();
    await this.update(intent.inference_id, ours ? 'confirmed' : 'preempted', { challenge_id: found.challengeId.toString() });
    await this.link(intent.inference_id, found.challengeId, found.txHash);
    this.log.info(ours ? 'challenge found on chain' : 'inference already challenged by another watchdog', {
      inference: intent.inference_id, challengeId: found.challengeId, challenger: found.challenger,
    });
    return true;
  }

  private async reconcile(intent: Intent): Promise<void> {
    const hash = intent.tx_hash!;
    const receipt = await this.client.getTransactionReceipt({ hash }).catch(() => undefined);
    if (receipt) return this.afterReceipt(intent, receipt);
    const pending = await this.client.getTransaction({ hash }).catch(() => undefined);
    if (pending) {
      this.log.info('challenge transaction still pending', { inference: intent.inference_id, tx: hash });
      return;
    }
    if (await this.settleFromChain(intent)) return;
    this.log.info('rebroadcasting a signed challenge the chain never saw', { inference: intent.inference_id, tx: hash });
    try {
      await this.client.sendRawTransaction({ serializedTransaction: intent.raw_tx! });
    } catch (e) {
      // Its nonce was taken by another transaction: sign again (the chain was checked just above).
      this.log.warn('stored challenge transaction refused; signing again', { inference: intent.inference_id, error: short(e) });
      await this.update(intent.inference_id, 'pending', { tx_hash: null, raw_tx: null, nonce: null, last_error: short(e) });
      return;
    }
    await this.afterReceipt(intent, await this.client.waitForTransactionReceipt({ hash, timeout: 60_000 }));
  }

  private async afterReceipt(intent: Intent, receipt: { status: string; logs: any[]; transactionHash: Hex }): Promise<void> {
    if (receipt.status !== 'success') {
      if (await this.settleFromChain(intent)) return;
      await this.update(intent.inference_id, 'failed', { last_error: `openChallenge reverted in ${receipt.transactionHash}` });
      return;
    }
    const [opened] = parseEventLogs({ abi: CM_ABI, logs: receipt.logs, eventName: 'ChallengeOpened' }) as unknown as { args: { challengeId: bigint } }[];
    if (!opened) throw new Error(`challenge transaction ${receipt.transactionHash}: expected a ChallengeOpened log, got none`);
    await this.update(intent.inference_id, 'confirmed', { challenge_id: opened.args.challengeId.toString() });
    await this.link(intent.inference_id, opened.args.challengeId, receipt.transactionHash);
    this.log.info('challenge opened', { inference: intent.inference_id, challengeId: opened.args.challengeId, tx: receipt.transactionHash });
  }

  /** Sends one pending challenge if the chain, the window, the cap and the balance allow; true when sent. */
  private async send(intent: Intent): Promise<boolean> {
    const id = BigInt(intent.inference_id);
    if (await this.settleFromChain(intent)) return false;
    const [window, bond, [attributor, recordedAt], block] = await Promise.all([
      this.read<bigint>(this.cfg.challengeManager, CM_ABI, 'challengeWindow', []),
      this.read<bigint>(this.cfg.challengeManager, CM_ABI, 'challengeBond', []),
      this.read<[Address, bigint]>(this.cfg.attributionEngine, ENGINE_ABI, 'inferenceInfo', [id]),
      this.client.getBlock({ blockTag: 'latest' }),
    ]);
    if (attributor === '0x0000000000000000000000000000000000000000') {
      await this.update(intent.inference_id, 'failed', { last_error: `inference ${id} unknown to the AttributionEngine` });
      return false;
    }
    if (block.timestamp > BigInt(recordedAt) + window) {
      await this.update(intent.inference_id, 'closed', { last_error: `challenge window closed at ${BigInt(recordedAt) + window}, chain time ${block.timestamp}` });
      return false;
    }
    if (this.cfg.dryRun) {
      await this.update(intent.inference_id, 'dry_run', { bond: bond.toString() });
      this.log.info('dispute flagged (dry run: no challenge sent)', { inference: intent.inference_id, evidence: intent.evidence_hash });
      return false;
    }
    const account = this.cfg.account;
    if (!account) {
      await this.update(intent.inference_id, 'unfunded', { last_error: 'no signing key configured (VERIFIER_PRIVATE_KEY or VERIFIER_KEY_FILE)' });
      return false;
    }
    const cap = await checkBondCap(this.pool, account.address, bond, this.cfg.capPerHourWei);
    if (!cap.ok) {
      if (intent.state !== 'capped') this.log.warn('challenge waits for the hourly cap', { inference: intent.inference_id, reason: cap.reason });
      await this.update(intent.inference_id, 'capped', { last_error: cap.reason });
      return false;
    }
    const data = encodeFunctionData({ abi: CM_ABI, functionName: 'openChallenge', args: [id, intent.evidence_hash, intent.evidence_uri] });
    const [balance, gasPrice, nonce, chainId] = await Promise.all([
      this.client.getBalance({ address: account.address }),
      this.client.getGasPrice(),
      this.client.getTransactionCount({ address: account.address, blockTag: 'pending' }),
      this.client.getChainId(),
    ]);
    const gas = 300_000n;
    const maxFeePerGas = gasPrice * 2n;
    const need = bond + gas * maxFeePerGas;
    if (balance < need) {
      const msg = `insufficient balance: account ${account.address} has ${balance} wei, the bond (${bond}) and gas need ${need} wei`;
      if (intent.state !== 'unfunded') this.log.error('challenge not sent', { inference: intent.inference_id, error: msg });
      await this.update(intent.inference_id, 'unfunded', { last_error: msg });
      throw new InsufficientBalanceError(msg);
    }
    // Simulate first: a revert (window, an open challenge) is known before anything is signed.
    await this.client.call({ account: account.address, to: this.cfg.challengeManager, data, value: bond });
    const raw = await account.signTransaction({
      chainId, type: 'eip1559', to: this.cfg.challengeManager, data, value: bond, nonce, gas, maxFeePerGas, maxPriorityFeePerGas: gasPrice > 0n ? gasPrice : 1n,
    });
    const hash = keccak256(raw);
    await this.update(intent.inference_id, 'signed', {
      account: account.address.toLowerCase(), bond: bond.toString(), nonce, tx_hash: hash, raw_tx: raw, signed_at: new Date(), last_error: null,
    });
    await this.client.sendRawTransaction({ serializedTransaction: raw });
    this.events.sent(bond);
    if (process.env.VERIFIER_FAULT === 'kill-after-send') process.kill(process.pid, 'SIGKILL');
    await this.afterReceipt({ ...intent, tx_hash: hash, raw_tx: raw }, await this.client.waitForTransactionReceipt({ hash, timeout: 60_000 }));
    return true;
  }

  private read<T>(address: Address, abi: typeof CM_ABI, functionName: string, args: unknown[]): Promise<T> {
    return this.client.readContract({ address, abi, functionName, args } as never) as Promise<T>;
  }
}

function short(e: unknown): string {
  return ((e as Error)?.message ?? String(e)).split('\n')[0]!.slice(0, 300);
}

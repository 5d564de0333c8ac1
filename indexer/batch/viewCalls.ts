// View calls (eth_call) a batch's handlers need: contracts whose events carry ids only (OpenLedger's
// Staking) are read at the event's block, by block hash (EIP-1898), so a reorg cannot mix states.
// Handlers name the calls in their `read` step; the batch sends every distinct call it has not
// answered yet in one JSON-RPC batch request (`fetch`), and handlers read the answers. A call that
// reverts or returns what is not ABI data is an answer too ({ ok: false }): the handler's check
// quarantines its log, the batch goes on.

/** EIP-1898 block parameter: a block hash, or a number where no hash is known. */
export type BlockParam = { blockHash: string } | { blockNumber: string };

export interface ViewCall {
  to: string;
  data: string;
  block: BlockParam;
}

export type ViewResult = { ok: true; data: string } | { ok: false; error: string };

/** Sends calls as one JSON-RPC batch; resolves with one result per call, in order. */
export type ViewCaller = (calls: ViewCall[]) => Promise<ViewResult[]>;

const keyOf = (c: ViewCall): string =>
  `${c.to.toLowerCase()}|${'blockHash' in c.block ? c.block.blockHash : c.block.blockNumber}|${c.data.toLowerCase()}`;

export class ViewCalls {
  private readonly results = new Map<string, ViewResult>();
  private readonly wanted = new Map<string, ViewCall>();

  /** Names a call the handlers need (once, however often it is named). */
  want(call: ViewCall): void {
    const key = keyOf(call);
    if (!this.results.has(key)) this.wanted.set(key, call);
  }

  /** The answer to a call, or undefined when it was not fetched. */
  get(call: ViewCall): ViewResult | undefined {
    return this.results.get(keyOf(call));
  }

  /** Records an answer (what `fetch` does; also how a test without a chain supplies the chain's state). */
  set(call: ViewCall, result: ViewResult): void {
    const key = keyOf(call);
    this.wanted.delete(key);
    this.results.set(key, result);
  }

  /** Calls named and not yet answered. */
  get pending(): number {
    return this.wanted.size;
  }

  /**
   * Sends the calls named and not yet answered, in one batch request; without a caller every one
   * is answered with an error (the logs that need them are quarantined). Returns how many it sent.
   */
  async fetch(caller: ViewCaller | undefined): Promise<number> {
    const calls = [...this.wanted.values()];
    if (calls.length === 0) return 0;
    const results: ViewResult[] = caller
      ? await caller(calls)
      : calls.map(() => ({ ok: false, error: 'no RPC client for view calls' }));
    if (results.length !== calls.length) throw new Error(`view calls: expected ${calls.length} results, got ${results.length}`);
    calls.forEach((c, i) => this.set(c, results[i]!));
    return calls.length;
  }
}

import { toEventSelector, type AbiEvent, type Hex } from 'viem';
import { CONTRACT_NAMES, abiOf } from '../../contracts/artifacts.ts';
import type { DevnetClient } from '../client.ts';
import type { World } from './world.ts';

export interface ScenarioSummary {
  seed: number;
  head: number;
  /** Logs per `Contract.Event`, counted from the chain itself. */
  events: Record<string, number>;
  totalEvents: number;
  inferences: number;
  falsifiedInferenceIds: string[];
  falsifications: Record<string, number>;
  challenges: { id: string; inferenceId: string; outcome: string }[];
  seconds: number;
}

const CHUNK = 2_048n;
const TARGET_LOGS = 10_000;

/** Counts every log of every deployed contract by event name, straight from `eth_getLogs`. */
export async function countEvents(client: DevnetClient, toBlock: bigint): Promise<Record<string, number>> {
  const names = new Map<string, string>();
  const addresses: Hex[] = [];
  for (const contract of CONTRACT_NAMES) {
    const address = client.addr(contract).toLowerCase();
    addresses.push(address as Hex);
    for (const e of abiOf(contract).filter((x): x is AbiEvent => x.type === 'event')) {
      names.set(`${address}:${toEventSelector(e)}`, `${contract}.${e.name}`);
    }
  }
  const counts: Record<string, number> = {};
  let chunk = CHUNK;
  for (let from = 0n; from <= toBlock; ) {
    const to = from + chunk - 1n < toBlock ? from + chunk - 1n : toBlock;
    let logs: { address: string; topics: Hex[] }[];
    try {
      logs = (await client.publicClient.request({
        method: 'eth_getLogs',
        params: [{ address: addresses, fromBlock: `0x${from.toString(16)}`, toBlock: `0x${to.toString(16)}` }],
      })) as typeof logs;
    } catch (e) {
      // A range too large for one response: halve it and try again.
      if (chunk > 1n && /size limit|took too long/.test((e as Error).message)) {
        chunk /= 2n;
        continue;
      }
      throw e;
    }
    // Aim at a few thousand logs per request: dense bulk blocks get short ranges.
    if (logs.length > TARGET_LOGS * 2 && chunk > 1n) chunk /= 2n;
    else if (logs.length < TARGET_LOGS / 2 && chunk < CHUNK) chunk *= 2n;
    for (const log of logs) {
      const key = names.get(`${log.address.toLowerCase()}:${log.topics[0]}`) ?? `${log.address}.unknown`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    from = to + 1n;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export async function summarise(w: World, startedAt: number): Promise<ScenarioSummary> {
  const head = await w.client.publicClient.getBlockNumber({ cacheTime: 0 });
  const events = await countEvents(w.client, head);
  const falsified = w.inferences.filter((i) => i.falsification);
  const falsifications: Record<string, number> = {};
  for (const f of falsified) falsifications[f.falsification!] = (falsifications[f.falsification!] ?? 0) + 1;
  return {
    seed: w.options.seed,
    head: Number(head),
    events,
    totalEvents: Object.values(events).reduce((a, b) => a + b, 0),
    inferences: Number(await w.client.read<bigint>('AttributionEngine', 'inferenceCount')),
    falsifiedInferenceIds: falsified.map((i) => i.id.toString()),
    falsifications,
    challenges: w.challenges.map((c) => ({ id: c.id.toString(), inferenceId: c.inferenceId.toString(), outcome: c.outcome ?? 'open' })),
    seconds: Math.round((Date.now() - startedAt) / 100) / 10,
  };
}

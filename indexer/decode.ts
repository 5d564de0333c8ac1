// Turns the logs of a batch into decoded events of the watched families, and the logs that fail to
// decode into DecodeFailure rows (recorded and logged, never dropped).
import type { Family, AnyAbiEvent } from './families.ts';
import { eventsOf } from './families.ts';
import { decodeEvent } from './fastDecode.ts';
import type { WatchedContract } from './networks/types.ts';

/** What the indexer needs of a log (the processor's Log, or one a test builds); data and topics are 0x-hex. */
export interface RawLog {
  id: string;
  logIndex: number;
  transactionIndex: number;
  address: string;
  topics: string[];
  data: string;
  transactionHash: string;
}

export interface BlockRef {
  height: number;
  hash: string;
  /** milliseconds since the epoch (the processor's unit) */
  timestamp: number;
  /** the parent block's hash (view calls of the state before the block; the block number less one without it) */
  parentHash?: string;
}

/** Where a decoded event came from. */
export interface LogMeta {
  /** "<block, 10 digits>-<log index, 6 digits>": the id of rows that record one log */
  id: string;
  block: BlockRef;
  txHash: string;
  logIndex: number;
  address: string;
}

export interface DecodedEvent {
  family: Family;
  name: string;
  args: Record<string, unknown>;
  log: LogMeta;
  /** the log as it came (for a quarantined row, and the exact bytes of a string argument) */
  raw: RawLog;
}

export interface DecodeFailureInfo {
  log: LogMeta;
  family: Family;
  topic0: string | undefined;
  data: string;
  error: string;
}

interface Candidate {
  family: Family;
  name: string;
  event: AnyAbiEvent;
}

export function logId(height: number, logIndex: number): string {
  return `${String(height).padStart(10, '0')}-${String(logIndex).padStart(6, '0')}`;
}

/** Decodes logs of the watched contracts: by address, then topic0, within the watched events. */
export class Decoder {
  private readonly byAddress = new Map<string, Map<string, Candidate[]>>();
  private readonly familiesOf = new Map<string, Family[]>();

  constructor(contracts: readonly WatchedContract[]) {
    for (const c of contracts) {
      const address = c.address.toLowerCase();
      const topics = this.byAddress.get(address) ?? new Map<string, Candidate[]>();
      this.byAddress.set(address, topics);
      this.familiesOf.set(address, [...(this.familiesOf.get(address) ?? []), c.family]);
      const all = eventsOf(c.family);
      for (const name of c.events ?? Object.keys(all)) {
        const event = all[name];
        if (!event) throw new Error(`contract ${address}: family ${c.family} has no event ${name}`);
        const list = topics.get(event.topic) ?? [];
        if (!list.some((x) => x.family === c.family && x.name === name)) list.push({ family: c.family, name, event });
        topics.set(event.topic, list);
      }
    }
  }

  /** The topic0 values watched at each address (for the processor's log requests). */
  topicsByAddress(): Map<string, string[]> {
    return new Map([...this.byAddress].map(([address, topics]) => [address, [...topics.keys()]]));
  }

  /**
   * Decodes one log. A log of a watched address is either an event or a failure; a log of another
   * address (the processor may deliver more than asked) gives null.
   */
  decode(raw: RawLog, block: BlockRef): DecodedEvent | DecodeFailureInfo | null {
    const address = raw.address.toLowerCase();
    const topics = this.byAddress.get(address);
    if (!topics) return null;
    const log: LogMeta = {
      id: logId(block.height, raw.logIndex),
      block,
      txHash: raw.transactionHash,
      logIndex: raw.logIndex,
      address,
    };
    const topic0 = raw.topics[0];
    const candidates = topic0 === undefined ? undefined : topics.get(topic0);
    if (!candidates) {
      const family = this.familiesOf.get(address)![0]!;
      return { log, family, topic0, data: raw.data, error: `no watched event of ${family} has topic0 ${topic0 ?? '(none)'}` };
    }
    const errors: string[] = [];
    for (const c of candidates) {
      try {
        const args = decodeEvent(c.event, raw, true);
        return { family: c.family, name: c.name, args, log, raw };
      } catch (err) {
        errors.push(`${c.family}.${c.name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return { log, family: candidates[0]!.family, topic0, data: raw.data, error: errors.join('; ') };
  }
}

export function isFailure(x: DecodedEvent | DecodeFailureInfo): x is DecodeFailureInfo {
  return 'error' in x;
}

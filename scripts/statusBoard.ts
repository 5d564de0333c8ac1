// `npm start`'s readable status in a terminal: fed the JSON log lines of its parts (the devnet's and
// ours from lib/log, the indexer's from @subsquid/logger, the API's from api/log), it keeps one line
// per part (what it is doing, the indexed height, the API's URL) and turns warnings, errors and
// text that is not a log line into lines to print above the status.

/** The parts `npm start` runs, in the order their lines are shown. */
export const PARTS = ['devnet', 'indexer', 'api', 'verifier'] as const;
export type Part = (typeof PARTS)[number];

type Level = 'debug' | 'info' | 'warn' | 'error';

interface Entry {
  level: Level;
  msg: string;
  fields: Record<string, unknown>;
}

/** @subsquid/logger writes numeric levels (2 info, 3 warn, 4 error, 5 fatal); ours write names. */
function levelOf(value: unknown): Level {
  if (typeof value === 'number') return value >= 4 ? 'error' : value === 3 ? 'warn' : value === 2 ? 'info' : 'debug';
  return value === 'warn' || value === 'error' || value === 'debug' ? value : 'info';
}

function parse(line: string): Entry | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const { level, msg, time: _t, ...fields } = JSON.parse(line) as Record<string, unknown>;
    return typeof msg === 'string' ? { level: levelOf(level), msg, fields } : undefined;
  } catch {
    return undefined;
  }
}

const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

export class StatusBoard {
  private readonly doing: Record<Part, string> = { devnet: 'starting', indexer: 'waiting for the devnet', api: 'waiting for the database', verifier: 'waiting for the database' };
  private chain?: string;
  private height?: number;
  private head?: number;
  private apiUrl?: string;
  private requests = 0;
  private quiet = false;
  private readonly verdicts = { total: 0, disputes: 0, challenges: 0 };

  /**
   * Takes one output line of `part` (or of `npm start` itself, part 'start'); returns a line to print
   * above the status (a warning, an error, text that is not a log line), or undefined.
   */
  feed(part: Part | 'start', line: string): string | undefined {
    if (line.trim() === '') return undefined;
    const entry = parse(line);
    if (!entry) return `${part}: ${line}`;
    if (part !== 'start') this.track(part, entry);
    if (entry.level !== 'error' && (entry.level !== 'warn' || this.quiet)) return undefined;
    const detail = entry.fields.error ?? entry.fields.reason;
    return `${part} ${entry.level}: ${entry.msg}${detail === undefined ? '' : ` (${text(detail)})`}`;
  }

  private track(part: Part, { level, msg, fields }: Entry): void {
    if (level === 'debug') return;
    if (part === 'indexer' && msg === 'batch') {
      this.height = Number(fields.height);
      if (typeof fields.head === 'number') this.head = fields.head;
      if (this.head !== undefined) this.head = Math.max(this.head, this.height); // a head asked for before the batch
      const lag = this.head === undefined ? undefined : this.head - this.height;
      this.doing.indexer = fields.isHead === true || lag === 0 ? 'at the chain head' : `catching up${lag === undefined ? '' : `, ${lag} blocks behind`}`;
    } else if (part === 'verifier' && msg === 'batch verified') {
      this.verdicts.total += Number(fields.records) || 0;
      this.verdicts.disputes += Number(fields.DISPUTE) || 0;
      this.doing.verifier = 'watching';
    } else if (part === 'verifier' && msg === 'challenge opened') {
      this.verdicts.challenges++;
    } else if (part === 'verifier' && msg === 'verifier started') {
      this.doing.verifier = 'watching';
    } else if (part === 'api' && msg === 'request') {
      this.requests++;
    } else if (part === 'api' && msg === 'api listening') {
      this.apiUrl = text(fields.url);
      this.doing.api = 'serving';
    } else if (msg === 'stopping' || msg === 'api stopping') {
      this.doing[part] = 'stopping';
    } else if (part === 'indexer' && msg === 'migrations applied') {
      this.doing.indexer = msg;
      this.doing.api = 'starting';
      this.doing.verifier = 'starting';
    } else if (part === 'devnet' && msg === 'devnet up') {
      this.chain = text(fields.rpcUrl);
      this.doing.devnet = 'running the scenario';
      this.doing.indexer = 'starting';
    } else if (part === 'devnet' && msg === 'phase done') {
      this.doing.devnet = `running the scenario (${text(fields.phase)} done)`;
    } else if (part === 'devnet' && msg === 'scenario done; producing until Ctrl-C') {
      this.doing.devnet = 'producing activity';
    } else if (part === 'devnet' && this.doing.devnet.startsWith('producing') && (msg === 'inferences posted' || msg === 'activity')) {
      this.doing.devnet = `producing activity (${text(fields.total ?? fields.inferences)} inferences posted)`;
    } else if (level === 'info') {
      this.doing[part] = msg;
    }
  }

  /** Ctrl-C: from now on warnings (a part losing its connection to one stopping first) are not shown. */
  stopping(): void {
    this.quiet = true;
  }

  /** A part's process has exited. */
  exited(part: Part, code: number | null): void {
    this.doing[part] = code === 0 || code === null ? 'stopped' : `exited with code ${code}`;
  }

  /** The status, one line per part. */
  lines(): string[] {
    const height = this.height === undefined ? '' : ` · height ${this.height}${this.head !== undefined && this.head !== this.height ? ` of ${this.head}` : ''}`;
    const requests = this.requests === 0 ? '' : ` · ${this.requests} request${this.requests === 1 ? '' : 's'}`;
    return [
      `devnet   ${this.doing.devnet}${this.chain ? ` · chain ${this.chain}` : ''}`,
      `indexer  ${this.doing.indexer}${height}`,
      `api      ${this.doing.api}${this.apiUrl ? ` ${this.apiUrl}` : ''}${requests}`,
      `verifier ${this.doing.verifier}${this.verdicts.total ? ` · ${this.verdicts.total} verdicts, ${this.verdicts.disputes} disputes, ${this.verdicts.challenges} challenges` : ''}`,
    ];
  }
}

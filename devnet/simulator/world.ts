import type { Address, Hex } from 'viem';
import type { ModelManifest, ShareVector } from '../../verifier/attribution/index.ts';
import type { DevnetClient } from '../client.ts';
import type { ContentClient } from '../contentClient.ts';
import type { DevnetOptions } from '../options.ts';
import type { Actors } from './actors.ts';
import type { Random } from './random.ts';

export const OPEN = 10n ** 18n;

export type DatanetKind = 'tabular' | 'text';

export interface Contribution {
  id: bigint;
  contributor: Address;
  contentHash: Hex;
  uri: string;
  status: 'pending' | 'approved' | 'rejected';
  /** Tabular rows or text documents, as submitted. */
  rows?: { features: number[]; label: number }[];
  documents?: string[];
}

export interface Datanet {
  id: bigint;
  kind: DatanetKind;
  owner: Address;
  contributions: Contribution[];
  versions: { version: number; root: Hex; contributionIds: bigint[] }[];
}

/** Computes honest shares and outputs for new inputs of one model version. */
export interface Attributor {
  /** A fresh inference: input and output blobs stored, honest shares computed. */
  infer(count: number, rng: Random): Promise<PreparedInference[]>;
}

export interface Model {
  id: bigint;
  method: 'gradient' | 'ngram';
  version: number;
  manifest: ModelManifest;
  manifestHash: Hex;
  fee: bigint;
  datanet: Datanet;
  attributor: Attributor;
}

export interface PreparedInference {
  inputHash: Hex;
  inputURI: string;
  outputHash: Hex;
  shares: ShareVector;
}

export type Falsification = 'sybil' | 'swap' | 'drop';

export interface PostedInference {
  id: bigint;
  modelId: bigint;
  attributor: Address;
  posted: ShareVector;
  honest: ShareVector;
  falsification?: Falsification;
}

/** Everything the scenario steps share. */
export interface World {
  client: DevnetClient;
  store: ContentClient;
  actors: Actors;
  options: DevnetOptions;
  rng: Random;
  datanets: Partial<Record<DatanetKind, Datanet>>;
  models: Model[];
  inferences: PostedInference[];
  challenges: { id: bigint; inferenceId: bigint; outcome?: 'upheld' | 'rejected' | 'expired' }[];
  stakes: { id: bigint; recipient: Address; state: 'active' | 'cooling' | 'unstaked' }[];
  /** A log line for progress (stderr). */
  log(message: string, fields?: Record<string, unknown>): void;
}

export function datanetOf(w: World, kind: DatanetKind): Datanet {
  const d = w.datanets[kind];
  if (!d) throw new Error(`simulator: expected the ${kind} datanet to exist, got none (steps out of order)`);
  return d;
}

// Recomputes posted records with the engine: records of one model version together, over a model
// (checkpoints, training rows, per-example factors) cached by manifest hash, at most `maxModels` of
// them in memory (least recently used leaves first and frees its tensors).
import type { Hex } from 'viem';
import {
  AttributionError, BlobUnavailableError, FactorCache, GRADIENT_METHOD, attributeOutput, attributeWithModel, compareShares, currentBackend, decodeBlob,
  loadGradientModel, loadNgramModel, loadTextOutput, parseManifest, resolveInputs, type BlobSource, type GradientModel, type NgramModel,
  type ShareVector,
} from './engine.ts';
import type { IndexedRecord } from './records.ts';

export interface Recomputed {
  verdict: 'MATCH' | 'DISPUTE';
  distance: number;
  tolerance: number;
  recomputed: ShareVector;
  method: string;
  backend: string;
  /** Every blob hash the recomputation checked: manifest, checkpoints or language model, datanet rows, input, output. */
  inputHashes: Hex[];
}

export interface Unverifiable {
  verdict: 'UNVERIFIABLE';
  reason: string;
  method?: string;
  backend?: string;
}

/** A failure worth retrying (a store down, a timeout): the queue backs off and tries again. */
export interface Transient {
  transient: string;
}

export type Outcome = Recomputed | Unverifiable | Transient;

type LoadedModel = ({ method: 'tracin-mlp/1'; model: GradientModel; cache: FactorCache } | { method: 'ngram-spans/1'; model: NgramModel }) & {
  /** The manifest's hash and every blob hash it names. */
  artifacts: Hex[];
};

/** Sorts a failure into a reason (UNVERIFIABLE) or a transient error. */
export function classify(e: unknown): Unverifiable | Transient {
  if (e instanceof BlobUnavailableError && e.transient) return { transient: e.message };
  if (e instanceof AttributionError) return { verdict: 'UNVERIFIABLE', reason: `${e.code}: ${e.message}` };
  return { transient: (e as Error)?.message ?? String(e) };
}

export class Recomputer {
  private readonly models = new Map<string, Promise<LoadedModel>>();

  constructor(
    private readonly source: BlobSource,
    private readonly options: { tolerance: number; maxModels?: number },
  ) {}

  get cachedModels(): number {
    return this.models.size;
  }

  /** One outcome per record. */
  async verify(records: readonly IndexedRecord[]): Promise<Map<bigint, Outcome>> {
    const out = new Map<bigint, Outcome>();
    const groups = new Map<string, IndexedRecord[]>();
    for (const r of records) {
      if (!r.manifestHash) {
        out.set(r.inferenceId, { verdict: 'UNVERIFIABLE', reason: `UNKNOWN_MODEL_VERSION: record names model version ${r.modelVersion}, which no indexed ModelVersionPublished published` });
        continue;
      }
      const key = r.manifestHash.toLowerCase();
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    for (const [hash, group] of groups) {
      let model: LoadedModel;
      try {
        model = await this.model(hash as Hex);
      } catch (e) {
        const c = classify(e);
        for (const r of group) out.set(r.inferenceId, c);
        continue;
      }
      for (const [id, o] of model.method === GRADIENT_METHOD ? await this.gradient(model, group) : await this.ngram(model, group)) out.set(id, o);
    }
    return out;
  }

  private compare(r: IndexedRecord, m: LoadedModel, recomputed: ShareVector, backend: string): Outcome {
    const method = m.method;
    try {
      const c = compareShares(r.posted, recomputed, this.options.tolerance);
      const inputHashes = [...m.artifacts, r.inputHash, r.outputHash];
      return { verdict: c.dispute ? 'DISPUTE' : 'MATCH', distance: c.distance, tolerance: c.tolerance, recomputed, method, backend, inputHashes };
    } catch (e) {
      return { ...(classify(e) as Unverifiable), method, backend };
    }
  }

  private async gradient(m: Extract<LoadedModel, { method: 'tracin-mlp/1' }>, group: IndexedRecord[]): Promise<Map<bigint, Outcome>> {
    const out = new Map<bigint, Outcome>();
    const ready: { record: IndexedRecord; input: Awaited<ReturnType<typeof resolveInputs>>[number] }[] = [];
    for (const r of group) {
      try {
        const [input] = await resolveInputs(m.model, this.source, [{ input: r.inputHash, output: r.outputHash }]);
        ready.push({ record: r, input: input! });
      } catch (e) {
        out.set(r.inferenceId, { ...classify(e), method: GRADIENT_METHOD } as Outcome);
      }
    }
    if (ready.length === 0) return out;
    const result = await attributeWithModel(m.model, ready.map((x) => x.input), { cache: m.cache });
    ready.forEach(({ record }, i) => out.set(record.inferenceId, this.compare(record, m, result.shares[i]!, result.backend)));
    return out;
  }

  private async ngram(m: Extract<LoadedModel, { method: 'ngram-spans/1' }>, group: IndexedRecord[]): Promise<Map<bigint, Outcome>> {
    const out = new Map<bigint, Outcome>();
    for (const r of group) {
      try {
        const text = await loadTextOutput(this.source, r.outputHash);
        // The input is fetched and checked too, although the shares depend on the output only.
        await this.source.get(r.inputHash).then((bytes) => decodeBlob(bytes, r.inputHash, 'inference input'));
        out.set(r.inferenceId, this.compare(r, m, attributeOutput(m.model, text), 'exact-integer'));
      } catch (e) {
        out.set(r.inferenceId, { ...classify(e), method: m.method } as Outcome);
      }
    }
    return out;
  }

  private model(hash: Hex): Promise<LoadedModel> {
    const hit = this.models.get(hash);
    if (hit) {
      this.models.delete(hash);
      this.models.set(hash, hit);
      return hit;
    }
    const loading = this.load(hash);
    this.models.set(hash, loading);
    loading.catch(() => this.models.delete(hash));
    while (this.models.size > (this.options.maxModels ?? 4)) {
      const [oldest, entry] = this.models.entries().next().value as [string, Promise<LoadedModel>];
      this.models.delete(oldest);
      void entry.then((m) => m.method === GRADIENT_METHOD && m.cache.dispose(), () => {});
    }
    return loading;
  }

  private async load(hash: Hex): Promise<LoadedModel> {
    const manifest = parseManifest(decodeBlob(await this.source.get(hash), hash, 'model-version manifest'));
    const artifacts = [hash, ...manifest.datanets.map((d) => d.rows.hash as Hex)];
    if (manifest.method === GRADIENT_METHOD) {
      await currentBackend();
      const model = await loadGradientModel(manifest, this.source);
      return { method: GRADIENT_METHOD, model, cache: new FactorCache(), artifacts: [...artifacts, ...manifest.checkpoints.map((c) => c.hash as Hex)] };
    }
    const model = await loadNgramModel({ manifest, source: this.source });
    return { method: manifest.method, model, artifacts: [...artifacts, manifest.languageModel.hash as Hex] };
  }

  dispose(): void {
    for (const m of this.models.values()) void m.then((x) => x.method === GRADIENT_METHOD && x.cache.dispose(), () => {});
    this.models.clear();
  }
}

/** The contributions whose share moved most between posted and recomputed, largest first. */
export function topMoved(posted: ShareVector, recomputed: ShareVector, n = 5): { contributionId: string; postedPpb: number; recomputedPpb: number; deltaPpb: number }[] {
  const m = new Map<bigint, [number, number]>();
  posted.contributionIds.forEach((id, i) => m.set(id, [posted.ppb[i]!, 0]));
  recomputed.contributionIds.forEach((id, i) => m.set(id, [m.get(id)?.[0] ?? 0, recomputed.ppb[i]!]));
  return [...m.entries()]
    .map(([id, [p, r]]) => ({ contributionId: id.toString(), postedPpb: p, recomputedPpb: r, deltaPpb: r - p }))
    .sort((a, b) => Math.abs(b.deltaPpb) - Math.abs(a.deltaPpb) || (BigInt(a.contributionId) < BigInt(b.contributionId) ? -1 : 1))
    .slice(0, n);
}

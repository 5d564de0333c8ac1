import { attributeOutput, attributeWithModel, type Blob, CLASS_OUTPUT_KIND, encodeBlob, generate, type GradientManifest, loadGradientModel, loadNgramModel, type NgramManifest, referencePredict, TABULAR_INPUT_KIND, textOutputBlob, textPromptBlob } from '../../verifier/attribution/index.ts';
import type { ContentClient } from '../contentClient.ts';
import { TOPIC_NAMES, prompt } from './corpus.ts';
import type { Attributor, PreparedInference } from './world.ts';

async function upload(store: ContentClient, input: Blob, output: Blob, shares: PreparedInference['shares']): Promise<PreparedInference> {
  const { uri } = await store.putBytes(input.bytes, input.hash);
  await store.putBytes(output.bytes, output.hash);
  return { inputHash: input.hash, inputURI: uri, outputHash: output.hash, shares };
}

/**
 * Runs the gradient model as its users would (inputs in, predicted class out)
 * and attributes each output honestly with the engine, fetching every
 * artifact back from the content store by hash.
 */
export async function gradientAttributor(manifest: GradientManifest, store: ContentClient): Promise<Attributor> {
  const model = await loadGradientModel(manifest, store);
  const last = model.checkpoints.at(-1)!.checkpoint;
  const featureCount = manifest.architecture.layerSizes[0]!;
  return {
    async infer(count, rng) {
      const inputs = Array.from({ length: count }, () => {
        const features = Array.from({ length: featureCount }, () => Math.round((rng.float() * 6 - 3) * 1e4) / 1e4);
        return { features, label: referencePredict(last, features) };
      });
      const { shares } = await attributeWithModel(model, inputs);
      const out: PreparedInference[] = [];
      for (const [i, v] of inputs.entries()) {
        out.push(await upload(store, encodeBlob({ kind: TABULAR_INPUT_KIND, features: v.features }), encodeBlob({ kind: CLASS_OUTPUT_KIND, label: v.label }), shares[i]!));
      }
      return out;
    },
  };
}

/** Runs the n-gram language model on prompts and attributes each output by its verbatim spans. */
export async function ngramAttributor(manifest: NgramManifest, store: ContentClient): Promise<Attributor> {
  const model = await loadNgramModel({ manifest, source: store });
  return {
    async infer(count, rng) {
      const out: PreparedInference[] = [];
      for (let i = 0; i < count; i++) {
        const p = prompt(rng, rng.pick(TOPIC_NAMES));
        const text = generate(model.languageModel, p, { maxTokens: rng.int(20, 60), seed: rng.int(0, 2 ** 31) });
        out.push(await upload(store, textPromptBlob(p), textOutputBlob(text), attributeOutput(model, text)));
      }
      return out;
    },
  };
}


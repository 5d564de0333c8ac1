import type { Hex } from 'viem';
import { loadBlob, type BlobSource } from '../blobs.ts';
import { assertFinite, mismatch } from '../errors.ts';

/** Blob kinds of an inference of a gradient-method model. */
export const TABULAR_INPUT_KIND = 'openledger-squid/tabular-input';
export const CLASS_OUTPUT_KIND = 'openledger-squid/class-output';

export interface TabularInput {
  kind: typeof TABULAR_INPUT_KIND;
  features: number[];
}

export interface ClassOutput {
  kind: typeof CLASS_OUTPUT_KIND;
  label: number;
}

/** A test input with the label its loss uses: the model's committed output label. */
export interface LabelledInput {
  features: number[];
  label: number;
}

/** An inference by its blobs: the input hash and the output hash of the record. */
export interface InferenceRef {
  input: Hex;
  output: Hex;
}

/** Checks features and label against the architecture; `what` names the input in errors. */
export function checkLabelledInput(v: LabelledInput, featureCount: number, classCount: number, what: string): LabelledInput {
  if (!Array.isArray(v?.features) || v.features.length !== featureCount) {
    throw mismatch('BAD_SHAPE', `${what}.features length`, featureCount, v?.features?.length);
  }
  assertFinite(v.features, `${what}.features`);
  if (!Number.isInteger(v.label) || v.label < 0 || v.label >= classCount) {
    throw mismatch('BAD_LABEL', `${what}.label`, `an integer in [0, ${classCount - 1}]`, v.label);
  }
  return v;
}

/** Fetches an inference's input and output blobs (hash-checked) and pairs them. */
export async function loadInference(source: BlobSource, ref: InferenceRef, what: string): Promise<LabelledInput> {
  const input = await loadBlob<TabularInput>(source, ref.input, `${what} input`);
  if (input?.kind !== TABULAR_INPUT_KIND) throw mismatch('BAD_INPUT', `${what} input.kind`, TABULAR_INPUT_KIND, input?.kind);
  const output = await loadBlob<ClassOutput>(source, ref.output, `${what} output`);
  if (output?.kind !== CLASS_OUTPUT_KIND) throw mismatch('BAD_INPUT', `${what} output.kind`, CLASS_OUTPUT_KIND, output?.kind);
  return { features: input.features, label: output.label };
}

/** Row-major float32 features and int32 labels of `inputs`. */
export function packInputs(inputs: readonly LabelledInput[], featureCount: number): { features: Float32Array; labels: Int32Array } {
  const features = new Float32Array(inputs.length * featureCount);
  const labels = new Int32Array(inputs.length);
  inputs.forEach((v, i) => {
    features.set(v.features, i * featureCount);
    labels[i] = v.label;
  });
  return { features, labels };
}

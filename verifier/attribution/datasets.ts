import { AttributionError, assertFinite, mismatch } from './errors.ts';

/** Blob kinds of the engine's content-addressed data. */
export const TABULAR_ROWS = 'openledger-squid/tabular-rows';
export const TEXT_DOCUMENTS = 'openledger-squid/text-documents';

/** One training row of a gradient-method datanet. */
export interface TabularRow {
  contributionId: string;
  features: number[];
  label: number;
}

/** The approved rows of one datanet version (blob kind `tabular-rows`). */
export interface TabularRows {
  kind: typeof TABULAR_ROWS;
  datanetId: string;
  version: number;
  featureCount: number;
  classCount: number;
  rows: TabularRow[];
}

export interface TextDocument {
  contributionId: string;
  text: string;
}

/** The approved documents of one datanet version (blob kind `text-documents`). */
export interface TextDocuments {
  kind: typeof TEXT_DOCUMENTS;
  datanetId: string;
  version: number;
  documents: TextDocument[];
}

/** Checks a decoded tabular blob: kind, non-empty, shapes, finite values, label range. */
export function checkTabularRows(v: TabularRows, what = 'datanet rows'): TabularRows {
  if (v?.kind !== TABULAR_ROWS) throw mismatch('BAD_INPUT', `${what}.kind`, TABULAR_ROWS, v?.kind);
  if (!Array.isArray(v.rows) || v.rows.length === 0) {
    throw new AttributionError('EMPTY_DATANET', `${what}: expected at least one row, got none (datanet ${v.datanetId} v${v.version})`);
  }
  v.rows.forEach((r, i) => {
    if (!Array.isArray(r.features) || r.features.length !== v.featureCount) {
      throw mismatch('BAD_SHAPE', `${what}.rows[${i}].features length`, v.featureCount, r.features?.length);
    }
    assertFinite(r.features, `${what}.rows[${i}].features`);
    if (!Number.isInteger(r.label) || r.label < 0 || r.label >= v.classCount) {
      throw mismatch('BAD_LABEL', `${what}.rows[${i}].label`, `an integer in [0, ${v.classCount - 1}]`, r.label);
    }
    if (!/^\d+$/.test(String(r.contributionId))) throw mismatch('BAD_INPUT', `${what}.rows[${i}].contributionId`, 'a decimal id', r.contributionId);
  });
  return v;
}

/** Checks a decoded text blob: kind, non-empty, strings. */
export function checkTextDocuments(v: TextDocuments, what = 'datanet documents'): TextDocuments {
  if (v?.kind !== TEXT_DOCUMENTS) throw mismatch('BAD_INPUT', `${what}.kind`, TEXT_DOCUMENTS, v?.kind);
  if (!Array.isArray(v.documents) || v.documents.length === 0) {
    throw new AttributionError('EMPTY_DATANET', `${what}: expected at least one document, got none (datanet ${v.datanetId} v${v.version})`);
  }
  v.documents.forEach((d, i) => {
    if (typeof d.text !== 'string') throw mismatch('BAD_INPUT', `${what}.documents[${i}].text`, 'a string', typeof d.text);
    if (!/^\d+$/.test(String(d.contributionId))) throw mismatch('BAD_INPUT', `${what}.documents[${i}].contributionId`, 'a decimal id', d.contributionId);
  });
  return v;
}

// DatanetFactory and ModelFactory: datanets, contributions (status, contributor, content), versions,
// models (owner, fee, method, version count, datanets), model versions (manifest hash), adapters,
// allowed attribution methods, and the counters. Text is compared as stored (db/safeText.ts: U+0000 as U+FFFD).
import { safeText } from '../../../db/safeText.ts';
import { against, countOf, type Check, type Expectation } from '../types.ts';

const CONTRIBUTION_STATUS = ['NONE', 'PENDING', 'APPROVED', 'REJECTED'];

const datanetChecks: Check = async (ctx) => {
  const address = ctx.address('DatanetFactory');
  if (!address) return { objects: 0, expectations: [] };
  const x: Expectation[] = [];
  const call = (fn: string, args: unknown[]) => ({ contract: 'DatanetFactory' as const, address, fn, args });
  const datanets = await ctx.rows('SELECT id, owner, name, metadata_uri, version_count, approved_count FROM datanet ORDER BY id');
  for (const d of datanets) {
    const e = against('Datanet', d.id, call('datanets', [BigInt(d.id)]));
    x.push(e('owner', d.owner, (r) => r[0]), e('versionCount', d.version_count, (r) => r[1]), e('approvedCount', d.approved_count, (r) => r[2]),
      e('name', d.name, (r) => safeText(r[3])), e('metadataURI', d.metadata_uri, (r) => safeText(r[4])));
  }
  const contributions = await ctx.rows('SELECT id, datanet_id, contributor, status, row_count, content_hash FROM contribution ORDER BY id');
  for (const c of contributions) {
    const e = against('Contribution', c.id, call('contributions', [BigInt(c.id)]));
    x.push(e('datanet', c.datanet_id, (r) => r[0]), e('contributor', c.contributor, (r) => r[1]), e('status', c.status, (r) => CONTRIBUTION_STATUS[r[2]]),
      e('rowCount', c.row_count, (r) => r[3]), e('contentHash', c.content_hash, (r) => r[4]));
  }
  const versions = await ctx.rows('SELECT id, datanet_id, version, merkle_root, contribution_count FROM datanet_version ORDER BY id');
  for (const v of versions) {
    const e = against('DatanetVersion', v.id, call('versions', [BigInt(v.datanet_id), BigInt(v.version)]));
    x.push(e('merkleRoot', v.merkle_root, (r) => r[0]), e('contributionCount', v.contribution_count, (r) => r[1]));
  }
  x.push(countOf('DatanetFactory', address, 'datanetCount', 'Datanet', datanets.length),
    countOf('DatanetFactory', address, 'contributionCount', 'Contribution', contributions.length));
  return { objects: datanets.length + contributions.length + versions.length, expectations: x };
};

const modelChecks: Check = async (ctx) => {
  const address = ctx.address('ModelFactory');
  if (!address) return { objects: 0, expectations: [] };
  const x: Expectation[] = [];
  const call = (fn: string, args: unknown[]) => ({ contract: 'ModelFactory' as const, address, fn, args });
  const models = await ctx.rows('SELECT id, owner, name, attribution_method, fee_per_inference, version_count, datanet_ids FROM model ORDER BY id');
  for (const m of models) {
    const e = against('Model', m.id, call('models', [BigInt(m.id)]));
    x.push(e('owner', m.owner, (r) => r[0]), e('versionCount', m.version_count, (r) => r[1]), e('attributionMethod', m.attribution_method, (r) => r[2]),
      e('feePerInference', m.fee_per_inference, (r) => r[3]), e('name', m.name, (r) => safeText(r[4])));
    x.push(against('Model', m.id, call('datanetIdsOf', [BigInt(m.id)]))('datanetIds', m.datanet_ids));
  }
  const versions = await ctx.rows('SELECT id, model_id, version, manifest_hash FROM model_version ORDER BY id');
  for (const v of versions) {
    x.push(against('ModelVersion', v.id, call('manifestHashes', [BigInt(v.model_id), BigInt(v.version)]))('manifestHash', v.manifest_hash));
  }
  const adapters = await ctx.rows('SELECT id, base_model_id, base_version, owner, adapter_hash, uri FROM adapter ORDER BY id');
  for (const a of adapters) {
    const e = against('Adapter', a.id, call('adapters', [BigInt(a.id)]));
    x.push(e('baseModel', a.base_model_id, (r) => r[0]), e('baseVersion', a.base_version, (r) => r[1]), e('owner', a.owner, (r) => r[2]),
      e('adapterHash', a.adapter_hash, (r) => r[3]), e('uri', a.uri, (r) => safeText(r[4])));
  }
  const methods = await ctx.rows('SELECT id, allowed FROM attribution_method ORDER BY id');
  for (const m of methods) x.push(against('AttributionMethod', m.id, call('methodAllowed', [m.id]))('allowed', m.allowed));
  x.push(countOf('ModelFactory', address, 'modelCount', 'Model', models.length), countOf('ModelFactory', address, 'adapterCount', 'Adapter', adapters.length));
  return { objects: models.length + versions.length + adapters.length + methods.length, expectations: x };
};

export const registryChecks: Check = async (ctx) => {
  // one after the other: both read through the one connection of the reconciliation
  const d = await datanetChecks(ctx);
  const m = await modelChecks(ctx);
  return { objects: d.objects + m.objects, expectations: d.expectations.concat(m.expectations) };
};

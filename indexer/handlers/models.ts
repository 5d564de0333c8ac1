// ModelFactory: models (with their datanets), versions (the manifest commitments), fees, OpenLoRA
// adapters, and the allowed attribution methods.
import { hexToString } from 'viem';
import * as M from '../../db/model/index.ts';
import type { Batch } from '../batch/context.ts';
import type { LogMeta } from '../decode.ts';
import { safeText } from '../../db/safeText.ts';
import { existing, firstRejection, fresh, needs, repeated } from './common.ts';
import { userText } from './userText.ts';
import { on, type Handler } from './types.ts';

/**
 * "tracin-mlp/1" from its left-aligned bytes32, as storable text (NUL inside and bytes that are not
 * UTF-8 as U+FFFD; the bytes32 itself is stored beside it).
 */
function methodName(method: string): string {
  return safeText(hexToString(method as `0x${string}`).replace(/\0+$/, ''));
}


const model = (b: Batch, id: bigint, log: LogMeta) => existing(b.models, id, log);

export const modelHandlers: Handler[] = [
  on('ModelFactory', 'ModelRegistered', {
    load: ({ args }, b) => {
      b.models.want(args.modelId.toString());
      for (const id of args.datanetIds) b.datanets.want(id.toString());
    },
    check: ({ args }, b) => firstRejection(
      () => fresh(b.models, args.modelId),
      () => repeated(args.datanetIds, 'datanet'),
      ...args.datanetIds.map((id) => () => needs(b.datanets, id)),
    ),
    handle: (e, b) => {
      const { args, log } = e;
      const name = userText(e, 'name');
      const m = b.models.add(new M.Model({
        id: args.modelId.toString(), owner: args.owner, name: name.text, nameRaw: name.raw, attributionMethod: args.attributionMethod,
        attributionMethodName: methodName(args.attributionMethod), datanetIds: args.datanetIds.map(String),
        feePerInference: args.feePerInference, versionCount: 0n, adapterCount: 0, inferenceCount: 0,
        feesTotal: 0n, contributorRewardsTotal: 0n,
        createdAtBlock: log.block.height, createdAt: new Date(log.block.timestamp), createdTxHash: log.txHash,
      }));
      for (const id of args.datanetIds) {
        b.insert(new M.ModelDatanet({ id: `${m.id}-${id}`, model: m, datanet: b.datanets.get(id.toString())! }));
      }
    },
  }),
  on('ModelFactory', 'ModelVersionPublished', {
    load: ({ args }, b) => (b.models.want(args.modelId.toString()), b.modelVersions.want(`${args.modelId}-${args.version}`)),
    check: ({ args }, b) => firstRejection(() => needs(b.models, args.modelId), () => fresh(b.modelVersions, `${args.modelId}-${args.version}`)),
    handle: (e, b) => {
      const { args, log } = e;
      const m = model(b, args.modelId, log);
      if (!m) return;
      m.versionCount = args.version;
      const uri = userText(e, 'manifestURI');
      b.modelVersions.add(new M.ModelVersion({
        id: `${m.id}-${args.version}`, model: m, version: args.version, manifestHash: args.manifestHash,
        manifestURI: uri.text, manifestURIRaw: uri.raw, blockNumber: log.block.height, timestamp: new Date(log.block.timestamp),
        txHash: log.txHash,
      }));
    },
  }),
  on('ModelFactory', 'ModelFeeSet', {
    load: ({ args }, b) => b.models.want(args.modelId.toString()),
    check: ({ args }, b) => needs(b.models, args.modelId),
    handle: ({ args, log }, b) => {
      const m = model(b, args.modelId, log);
      if (m) m.feePerInference = args.feePerInference;
    },
  }),
  on('ModelFactory', 'AdapterRegistered', {
    load: ({ args }, b) => b.models.want(args.baseModelId.toString()),
    check: ({ args }, b) => needs(b.models, args.baseModelId),
    handle: (e, b) => {
      const { args, log } = e;
      const m = model(b, args.baseModelId, log);
      if (!m) return;
      m.adapterCount += 1;
      const uri = userText(e, 'uri');
      b.insert(new M.Adapter({
        id: args.adapterId.toString(), baseModel: m, baseVersion: BigInt(args.baseVersion), owner: args.owner,
        adapterHash: args.adapterHash, uri: uri.text, uriRaw: uri.raw, blockNumber: log.block.height,
        timestamp: new Date(log.block.timestamp), txHash: log.txHash,
      }));
    },
  }),
  on('ModelFactory', 'AttributionMethodSet', {
    handle: ({ args, log }, b) => {
      b.put(new M.AttributionMethod({
        id: args.method, name: methodName(args.method), allowed: args.allowed, updatedAtBlock: log.block.height,
      }));
    },
  }),
];

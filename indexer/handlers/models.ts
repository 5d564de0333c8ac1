// ModelFactory: models (with their datanets), versions (the manifest commitments), fees, OpenLoRA
// adapters, and the allowed attribution methods.
import { hexToString } from 'viem';
import * as M from '../../db/model/index.ts';
import type { Batch } from '../batch/context.ts';
import type { LogMeta } from '../decode.ts';
import { existing } from './common.ts';
import { on, type Handler } from './types.ts';

/** "tracin-mlp/1" from its left-aligned bytes32. */
export function methodName(method: string): string {
  return hexToString(method as `0x${string}`).replace(/\0+$/, '');
}

const model = (b: Batch, id: bigint, log: LogMeta) => existing(b.models, id, log);

export const modelHandlers: Handler[] = [
  on('ModelFactory', 'ModelRegistered', {
    handle: ({ args, log }, b) => {
      const m = b.models.add(new M.Model({
        id: args.modelId.toString(), owner: args.owner, name: args.name, attributionMethod: args.attributionMethod,
        attributionMethodName: methodName(args.attributionMethod), datanetIds: args.datanetIds.map(String),
        feePerInference: args.feePerInference, versionCount: 0, adapterCount: 0, inferenceCount: 0,
        feesTotal: 0n, contributorRewardsTotal: 0n,
        createdAtBlock: log.block.height, createdAt: new Date(log.block.timestamp), createdTxHash: log.txHash,
      }));
      for (const id of args.datanetIds) {
        b.insert(new M.ModelDatanet({ id: `${m.id}-${id}`, model: m, datanet: new M.Datanet({ id: id.toString() }) }));
      }
    },
  }),
  on('ModelFactory', 'ModelVersionPublished', {
    load: ({ args }, b) => b.models.want(args.modelId.toString()),
    handle: ({ args, log }, b) => {
      const m = model(b, args.modelId, log);
      if (!m) return;
      m.versionCount = Number(args.version);
      b.insert(new M.ModelVersion({
        id: `${m.id}-${args.version}`, model: m, version: Number(args.version), manifestHash: args.manifestHash,
        manifestURI: args.manifestURI, blockNumber: log.block.height, timestamp: new Date(log.block.timestamp),
        txHash: log.txHash,
      }));
    },
  }),
  on('ModelFactory', 'ModelFeeSet', {
    load: ({ args }, b) => b.models.want(args.modelId.toString()),
    handle: ({ args, log }, b) => {
      const m = model(b, args.modelId, log);
      if (m) m.feePerInference = args.feePerInference;
    },
  }),
  on('ModelFactory', 'AdapterRegistered', {
    load: ({ args }, b) => b.models.want(args.baseModelId.toString()),
    handle: ({ args, log }, b) => {
      const m = model(b, args.baseModelId, log);
      if (!m) return;
      m.adapterCount += 1;
      b.insert(new M.Adapter({
        id: args.adapterId.toString(), baseModel: m, baseVersion: args.baseVersion, owner: args.owner,
        adapterHash: args.adapterHash, uri: args.uri, blockNumber: log.block.height,
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

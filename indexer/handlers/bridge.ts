// LayerZero OFT: OPEN leaving (OFTSent) and arriving (OFTReceived) through the bridge.
import * as M from '../../db/model/index.ts';
import { logFields } from './common.ts';
import { on, type Handler } from './types.ts';

export const bridgeHandlers: Handler[] = [
  on('OFT', 'OFTSent', {
    handle: ({ args, log }, b) => {
      b.insert(new M.BridgeTransfer({
        ...logFields(log), direction: M.BridgeDirection.SENT, guid: args.guid, remoteEid: args.dstEid,
        account: args.fromAddress, amountSent: args.amountSentLD, amountReceived: args.amountReceivedLD,
        contractAddress: log.address,
      }));
    },
  }),
  on('OFT', 'OFTReceived', {
    handle: ({ args, log }, b) => {
      b.insert(new M.BridgeTransfer({
        ...logFields(log), direction: M.BridgeDirection.RECEIVED, guid: args.guid, remoteEid: args.srcEid,
        account: args.toAddress, amountSent: null, amountReceived: args.amountReceivedLD, contractAddress: log.address,
      }));
    },
  }),
];

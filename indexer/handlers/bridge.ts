// LayerZero OFT: OPEN leaving (OFTSent) and arriving (OFTReceived) through the bridge.
import * as M from '../../db/model/index.ts';
import { withLog } from './common.ts';
import { on, type Handler } from './types.ts';

export const bridgeHandlers: Handler[] = [
  on('OFT', 'OFTSent', {
    handle: ({ args, log }, b) => {
      b.insert(withLog(new M.BridgeTransfer({
        direction: M.BridgeDirection.SENT, guid: args.guid, remoteEid: BigInt(args.dstEid),
        account: args.fromAddress, amountSent: args.amountSentLD, amountReceived: args.amountReceivedLD,
        contractAddress: log.address,
      }), log));
    },
  }),
  on('OFT', 'OFTReceived', {
    handle: ({ args, log }, b) => {
      b.insert(withLog(new M.BridgeTransfer({
        direction: M.BridgeDirection.RECEIVED, guid: args.guid, remoteEid: BigInt(args.srcEid),
        account: args.toAddress, amountSent: null, amountReceived: args.amountReceivedLD, contractAddress: log.address,
      }), log));
    },
  }),
];

// LayerZero OFT bridge transfers (Ethereum and BSC networks).
import { col, logColumns, type EntitySpec } from '../sql/entity.ts';
import { defineEntity, defineEnum, defineRootFields } from './entityTypes.ts';

defineEnum('BridgeDirection', ['SENT', 'RECEIVED']);

export const BridgeTransfer: EntitySpec = {
  name: 'BridgeTransfer',
  table: 'bridge_transfer',
  columns: {
    id: col('id', 'id'),
    direction: col('direction', 'enum', { enumName: 'BridgeDirection' }),
    guid: col('guid', 'bytes', { indexed: true }),
    remoteEid: col('remote_eid', 'bigint', { description: 'destination endpoint id (SENT) or source endpoint id (RECEIVED); uint32' }),
    account: col('account', 'address', { indexed: true }),
    amountSent: col('amount_sent', 'bigint', { nullable: true }),
    amountReceived: col('amount_received', 'bigint'),
    contractAddress: col('contract_address', 'address'),
    ...logColumns(true),
  },
  relations: {},
};

defineEntity(BridgeTransfer);
defineRootFields(BridgeTransfer, { list: 'bridgeTransfers', lookup: 'bridgeTransfer' });

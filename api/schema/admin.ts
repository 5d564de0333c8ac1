// What the indexer could not decode: logs of watched addresses, recorded rather than dropped.
import { col, type EntitySpec } from '../sql/entity.ts';
import { defineEntity, defineRootFields } from './entityTypes.ts';

export const DecodeFailure: EntitySpec = {
  name: 'DecodeFailure',
  table: 'decode_failure',
  description: 'A log from a watched address that could not be decoded; recorded, never dropped.',
  columns: {
    id: col('id', 'id'),
    blockNumber: col('block_number', 'int', { indexed: true }),
    blockHash: col('block_hash', 'bytes'),
    timestamp: col('timestamp', 'datetime'),
    txHash: col('tx_hash', 'bytes'),
    logIndex: col('log_index', 'int'),
    address: col('address', 'address', { indexed: true }),
    contract: col('contract', 'string'),
    topic0: col('topic0', 'bytes', { nullable: true }),
    data: col('data', 'bytes'),
    error: col('error', 'string'),
  },
  relations: {},
};

defineEntity(DecodeFailure);
defineRootFields(DecodeFailure, { list: 'decodeFailures', lookup: 'decodeFailure' });

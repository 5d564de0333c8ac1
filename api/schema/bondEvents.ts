// Attributor bonds: stakes, unstake requests, unstakes and slashes, one row per event.
import { col, logColumns, type EntitySpec } from '../sql/entity.ts';
import { Attributor } from './attribution.ts';
import { Challenge } from './challenges.ts';
import { defineEntity, defineEnum, defineNestedConnection, defineRootFields } from './entityTypes.ts';

defineEnum('AttributorBondEventKind', ['STAKED', 'UNSTAKE_REQUESTED', 'UNSTAKED', 'SLASHED']);

export const AttributorBondEvent: EntitySpec = {
  name: 'AttributorBondEvent',
  table: 'attributor_bond_event',
  description: "A change of an attributor's bond.",
  columns: {
    id: col('id', 'id'),
    kind: col('kind', 'enum', { enumName: 'AttributorBondEventKind' }),
    amount: col('amount', 'bigint'),
    activeStakeAfter: col('active_stake_after', 'bigint'),
    pendingStakeAfter: col('pending_stake_after', 'bigint'),
    ...logColumns(true),
  },
  relations: {
    attributor: { target: () => Attributor, column: 'attributor_id' },
    challenge: { target: () => Challenge, column: 'challenge_id', nullable: true, description: 'SLASHED: the upheld challenge' },
  },
};

defineEntity(AttributorBondEvent);
defineRootFields(AttributorBondEvent, { list: 'attributorBondEvents', lookup: 'attributorBondEvent' });
defineNestedConnection(Attributor, 'bondEvents', AttributorBondEvent, 'attributor_id', 'changes of its bond');
defineNestedConnection(Challenge, 'slashes', AttributorBondEvent, 'challenge_id', 'the slash an upheld challenge caused');

// Pull payments (ChallengeManager payouts): what a contract owes an account, and the credits and
// withdrawals that changed it.
import { col, logColumns, type EntitySpec } from '../sql/entity.ts';
import { Challenge } from './challenges.ts';
import { defineEntity, defineEnum, defineNestedConnection, defineRootFields } from './entityTypes.ts';
import { Account } from './tokens.ts';

defineEnum('PaymentEventKind', ['CREDITED', 'WITHDRAWN']);

export const OwedPayment: EntitySpec = {
  name: 'OwedPayment',
  table: 'owed_payment',
  description: 'Native OPEN a contract owes an account and the account has not withdrawn yet (ChallengeManager.owed).',
  columns: {
    id: col('id', 'id', { description: '<contract>-<account>' }),
    contract: col('contract', 'address'),
    account: col('account', 'address', { indexed: true }),
    owed: col('owed', 'bigint', { description: 'wei' }),
    updatedAtBlock: col('updated_at_block', 'int'),
  },
  relations: {},
};

export const PaymentEvent: EntitySpec = {
  name: 'PaymentEvent',
  table: 'payment_event',
  description: 'A payout credited to an account (PaymentCredited) or withdrawn by it (PaymentWithdrawn).',
  columns: {
    id: col('id', 'id'),
    contract: col('contract', 'address'),
    account: col('account', 'address', { indexed: true }),
    kind: col('kind', 'enum', { enumName: 'PaymentEventKind' }),
    amount: col('amount', 'bigint'),
    owedAfter: col('owed_after', 'bigint', { description: 'owed to the account afterwards' }),
    ...logColumns(true),
  },
  relations: { challenge: { target: () => Challenge, column: 'challenge_id', nullable: true, description: 'CREDITED: the challenge whose resolution or expiry credited it' } },
};

defineEntity(OwedPayment);
defineEntity(PaymentEvent);
defineRootFields(OwedPayment, { list: 'owedPayments', lookup: 'owedPayment' });
defineRootFields(PaymentEvent, { list: 'paymentEvents', lookup: 'paymentEvent' });
defineNestedConnection(Challenge, 'payments', PaymentEvent, 'challenge_id', "payouts the challenge's resolution or expiry credited");
defineNestedConnection(Account, 'paymentEvents', PaymentEvent, 'account', 'payouts credited to it and its withdrawals');
defineNestedConnection(Account, 'owedPayments', OwedPayment, 'account', 'what contracts owe it');

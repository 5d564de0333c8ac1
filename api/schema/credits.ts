// CreditManager: credit purchases.
import { col, logColumns, type EntitySpec } from '../sql/entity.ts';
import { defineEntity, defineRootFields } from './entityTypes.ts';

export const CreditPurchase: EntitySpec = {
  name: 'CreditPurchase',
  table: 'credit_purchase',
  columns: {
    id: col('id', 'id'),
    user: col('user', 'address', { indexed: true }),
    amountPaid: col('amount_paid', 'bigint'),
    creditAmount: col('credit_amount', 'bigint'),
    ...logColumns(true),
  },
  relations: {},
};

defineEntity(CreditPurchase);
defineRootFields(CreditPurchase, { list: 'creditPurchases', lookup: 'creditPurchase' });

// CreditManager: credit purchases, what users allow attributors to charge, and the charges.
import { col, logColumns, type EntitySpec } from '../sql/entity.ts';
import { Attributor } from './attribution.ts';
import { defineEntity, defineNestedConnection, defineRootFields } from './entityTypes.ts';
import { Account } from './tokens.ts';

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

export const CreditSpend: EntitySpec = {
  name: 'CreditSpend',
  table: 'credit_spend',
  description: "Credits an attributor's record charged a user (within the allowance the user gave it).",
  columns: {
    id: col('id', 'id'),
    user: col('user', 'address', { indexed: true }),
    spender: col('spender', 'address'),
    attributor: col('attributor', 'address', { indexed: true, description: 'the attributor whose record charged the fee' }),
    creditAmount: col('credit_amount', 'bigint'),
    amountPaid: col('amount_paid', 'bigint'),
    balanceAfter: col('balance_after', 'bigint', { description: "the user's credit balance afterwards" }),
    allowanceAfter: col('allowance_after', 'bigint', { description: 'what the attributor may still charge the user afterwards (credit units)' }),
    ...logColumns(true),
  },
  relations: {},
};

export const CreditAllowance: EntitySpec = {
  name: 'CreditAllowance',
  table: 'credit_allowance',
  description: 'What a user allows an attributor to charge from its credits (approveAttributor), as the last approval or spend left it.',
  columns: {
    id: col('id', 'id', { description: '<user>-<attributor>' }),
    user: col('user', 'address', { indexed: true }),
    attributor: col('attributor', 'address', { indexed: true }),
    allowance: col('allowance', 'bigint', { description: 'credit units (18 decimals)' }),
    updatedAtBlock: col('updated_at_block', 'int'),
  },
  relations: {},
};

defineEntity(CreditPurchase);
defineEntity(CreditSpend);
defineEntity(CreditAllowance);
defineRootFields(CreditPurchase, { list: 'creditPurchases', lookup: 'creditPurchase' });
defineRootFields(CreditSpend, { list: 'creditSpends', lookup: 'creditSpend' });
defineRootFields(CreditAllowance, { list: 'creditAllowances', lookup: 'creditAllowance' });
defineNestedConnection(Account, 'creditPurchases', CreditPurchase, 'user', 'credits it bought (or were bought for it)');
defineNestedConnection(Account, 'creditSpends', CreditSpend, 'user', 'credits attributors charged it');
defineNestedConnection(Account, 'creditAllowances', CreditAllowance, 'user', 'what it allows attributors to charge');
defineNestedConnection(Attributor, 'creditSpends', CreditSpend, 'attributor', 'credits it charged users');
defineNestedConnection(Attributor, 'creditAllowances', CreditAllowance, 'attributor', 'what users allow it to charge');

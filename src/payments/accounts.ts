/**
 * The ledger effects of a payment, as lists of transfer instructions the hub applies atomically
 * (this domain does not import the ledger). Account ids are strings by a fixed scheme:
 * - `cust:<bank>:<account>:<ccy>`: a person's deposit at a participating bank;
 * - `hold:<end_to_end_id>:<ccy>`: the payer's funds reserved for this payment;
 * - `fx:<bank>:<ccy>`: the converting bank's FX position in a currency;
 * - `incoming:<end_to_end_id>:<ccy>`: settled for the payee, not yet credited.
 * Interbank settlement in central-bank money at FPS and IBPS is the hub's part (not yet built).
 * @module
 */

import { assert } from '../kernel/index.js';
import type { Payment, PaymentCurrency, TransferInstruction } from './types.js';

export function customerAccount(bank: string, account: string, currency: PaymentCurrency): string {
  return `cust:${bank}:${account}:${currency}`;
}

export function holdAccount(end_to_end_id: string, currency: PaymentCurrency): string {
  return `hold:${end_to_end_id}:${currency}`;
}

export function fxAccount(bank: string, currency: PaymentCurrency): string {
  return `fx:${bank}:${currency}`;
}

export function incomingAccount(end_to_end_id: string, currency: PaymentCurrency): string {
  return `incoming:${end_to_end_id}:${currency}`;
}

/** Reserve: the payer's deposit into the payment's hold. */
export function reserveBatch(payment: Payment): TransferInstruction[] {
  const { instruction: i } = payment;
  return [
    {
      debit: customerAccount(i.payer.bank, i.payer.account, i.send_currency),
      credit: holdAccount(i.end_to_end_id, i.send_currency),
      asset: i.send_currency,
      amount_minor: i.amount_minor,
    },
  ];
}

/**
 * PvP: both legs in one batch, so neither settles alone. The send leg takes the hold to the
 * converting bank; the receive leg takes the converted amount from it to the payee's side.
 * Same currency both ends: one transfer, no conversion.
 */
export function settlementBatch(payment: Payment, receive_minor: bigint): TransferInstruction[] {
  const { instruction: i, quote } = payment;
  const hold = holdAccount(i.end_to_end_id, i.send_currency);
  const incoming = incomingAccount(i.end_to_end_id, i.receive_currency);
  if (quote === null) {
    return [
      { debit: hold, credit: incoming, asset: i.send_currency, amount_minor: i.amount_minor },
    ];
  }
  return [
    {
      debit: hold,
      credit: fxAccount(quote.bank, i.send_currency),
      asset: i.send_currency,
      amount_minor: i.amount_minor,
    },
    {
      debit: fxAccount(quote.bank, i.receive_currency),
      credit: incoming,
      asset: i.receive_currency,
      amount_minor: receive_minor,
    },
  ];
}

/** Credit: the settled amount into the payee's account. Final. */
export function creditBatch(payment: Payment, receive_minor: bigint): TransferInstruction[] {
  const { instruction: i, payee } = payment;
  assert(payee !== null, 'credit before lookup');
  return [
    {
      debit: incomingAccount(i.end_to_end_id, i.receive_currency),
      credit: customerAccount(payee.bank, payee.account, i.receive_currency),
      asset: i.receive_currency,
      amount_minor: receive_minor,
    },
  ];
}

/** Everything applied so far, undone in reverse order: one batch, all or nothing. */
export function reversalBatch(payment: Payment): TransferInstruction[] {
  const out: TransferInstruction[] = [];
  for (let b = payment.batches.length - 1; b >= 0; b -= 1) {
    const batch = payment.batches[b] ?? [];
    for (let t = batch.length - 1; t >= 0; t -= 1) {
      const transfer = batch[t];
      if (transfer === undefined) continue;
      out.push({ ...transfer, debit: transfer.credit, credit: transfer.debit });
    }
  }
  return out;
}

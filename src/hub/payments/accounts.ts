/**
 * Payment Connect's ledger accounts in the hub (docs/payments.md §9.2) and a payment's legs.
 *
 * - `<bank>/<asset>/<FPS|IBPS>`: the bank's prefunded settlement account at a system, in
 *   central-bank money (HKD: HKMA; CNY: PBOC) or, for RMB at FPS, CNH (the RMB clearing bank's
 *   money, as the demo's cash assets have it); never overdrawn;
 * - `<bank>/<asset>/cust/<account>`: a customer's deposit at the bank, never overdrawn;
 * - `<bank>/<asset>/link`: the converting (or RMB linking) bank's position in the asset: it
 *   takes the amount sent and pays the amount received, never overdrawn (prefunded).
 *
 * RMB is `CNY` in the domain on both rails; on the ledger it is `CNH` at FPS and `CNY` at IBPS, so
 * even RMB to RMB crosses through a link bank (one for one).
 * @module
 */

import type { AccountInput, TransferInput } from '../../ledger/index.js';
import {
  type Payment,
  type PaymentCurrency,
  payeeSide,
  payerSide,
  type Side,
} from '../../payments/index.js';

export type PaymentSystemId = 'FPS' | 'IBPS';

export function systemOf(side: Side): PaymentSystemId {
  return side === 'HK' ? 'FPS' : 'IBPS';
}

/** The ledger asset of a payment currency on a side's system. */
export function ledgerAsset(side: Side, currency: PaymentCurrency): string {
  if (side === 'MAINLAND') return 'CNY';
  return currency === 'HKD' ? 'HKD' : 'CNH';
}

export function settlementAccountId(bank: string, asset: string, system: PaymentSystemId): string {
  return `${bank}/${asset}/${system}`;
}

export function customerAccountId(bank: string, account: string, asset: string): string {
  return `${bank}/${asset}/cust/${account}`;
}

export function linkAccountId(bank: string, asset: string): string {
  return `${bank}/${asset}/link`;
}

function no_overdraft(id: string, owner: string, asset: string): AccountInput {
  return {
    ...{ id, owner, asset, purpose: 'available' },
    ...{ debits_must_not_exceed_credits: true, credits_must_not_exceed_debits: false },
  };
}

/** The assets a side's system settles in. */
const SYSTEM_ASSETS: Readonly<Record<Side, readonly string[]>> = {
  HK: ['HKD', 'CNH'],
  MAINLAND: ['CNY'],
};

/** A participating bank's settlement accounts at its side's system. */
export function settlementAccountInputs(bank: string, side: Side): AccountInput[] {
  return SYSTEM_ASSETS[side].map((asset) =>
    no_overdraft(settlementAccountId(bank, asset, systemOf(side)), bank, asset),
  );
}

/** A converting (or RMB link) bank's positions: settlement at both systems and link positions. */
export function linkBankAccountInputs(bank: string): AccountInput[] {
  return [
    ...settlementAccountInputs(bank, 'HK'),
    ...settlementAccountInputs(bank, 'MAINLAND'),
    ...['HKD', 'CNH', 'CNY'].map((asset) => no_overdraft(linkAccountId(bank, asset), bank, asset)),
  ];
}

export function customerAccountInput(bank: string, account: string, asset: string): AccountInput {
  return no_overdraft(customerAccountId(bank, account, asset), bank, asset);
}

/** Who moves what in a payment: the banks and the ledger assets on each side. */
export interface PaymentRoute {
  readonly payer_bank: string;
  readonly payee_bank: string;
  readonly link_bank: string;
  readonly send_asset: string;
  readonly receive_asset: string;
}

export function routeOf(payment: Payment, rmb_link_bank: string): PaymentRoute {
  const { instruction: i, payee, quote } = payment;
  return {
    payer_bank: i.payer.bank,
    payee_bank: payee?.bank ?? '',
    link_bank: quote?.bank ?? rmb_link_bank,
    send_asset: ledgerAsset(payerSide(i.direction), i.send_currency),
    receive_asset: ledgerAsset(payeeSide(i.direction), i.receive_currency),
  };
}

interface Leg {
  readonly debit: string;
  readonly credit: string;
  readonly amount_minor: bigint;
}

/**
 * Settlement: the payer's deposit to the link bank's position in the asset sent, and in
 * central-bank money the payer bank pays the link bank at the payer's system and the link bank
 * pays the payee bank at the payee's system (a bank paying itself is left out). All in one
 * batch: neither currency's leg settles alone (PvP).
 */
export function settlementLegs(payment: Payment, route: PaymentRoute): Leg[] {
  const { instruction: i } = payment;
  const sent = i.amount_minor;
  const received = payment.receive_minor ?? 0n;
  const from_system = systemOf(payerSide(i.direction));
  const to_system = systemOf(payeeSide(i.direction));
  const { payer_bank, payee_bank, link_bank, send_asset, receive_asset } = route;
  const legs: Leg[] = [
    {
      debit: customerAccountId(payer_bank, i.payer.account, send_asset),
      credit: linkAccountId(link_bank, send_asset),
      amount_minor: sent,
    },
  ];
  if (payer_bank !== link_bank) {
    legs.push({
      debit: settlementAccountId(payer_bank, send_asset, from_system),
      credit: settlementAccountId(link_bank, send_asset, from_system),
      amount_minor: sent,
    });
  }
  if (link_bank !== payee_bank) {
    legs.push({
      debit: settlementAccountId(link_bank, receive_asset, to_system),
      credit: settlementAccountId(payee_bank, receive_asset, to_system),
      amount_minor: received,
    });
  }
  return legs;
}

/** Credit: the link bank's position in the asset received to the payee's deposit. Final. */
export function creditLegs(payment: Payment, route: PaymentRoute): Leg[] {
  const account = payment.payee?.account ?? '';
  return [
    {
      debit: linkAccountId(route.link_bank, route.receive_asset),
      credit: customerAccountId(route.payee_bank, account, route.receive_asset),
      amount_minor: payment.receive_minor ?? 0n,
    },
  ];
}

/** The legs undone, in reverse order. */
export function reversed(legs: readonly Leg[]): Leg[] {
  return [...legs].reverse().map((l) => ({ ...l, debit: l.credit, credit: l.debit }));
}

/** Ledger transfers for `legs`, with ids unique to the payment and the step. */
export function transfersOf(
  legs: readonly Leg[],
  end_to_end_id: string,
  step: string,
): TransferInput[] {
  return legs.map((leg, n) => ({
    id: `PAY:${end_to_end_id}:${step}:${n}`,
    debit_account_id: leg.debit,
    credit_account_id: leg.credit,
    amount_minor: leg.amount_minor,
    code: 'payment',
  }));
}

/**
 * Payment Connect as the gateway shows it (docs/payments.md §10): payments with their banks,
 * newest first; a payer's limit counters, used and left; a proxy looked up with the name
 * masked. Scoped as the payment events are: the banks a payment names (payer's, payee's, link),
 * HKICL, CNCC and operators see it. The hub keeps every payment it accepted (its book), so the
 * history is read from the state; a refused payment is not kept (§9.3).
 * @module
 */

import type { Outcome } from '../../kernel/index.js';
import {
  bankDailyCap,
  type Direction,
  hkDate,
  isBankDayKey,
  lookupProxy,
  type PaymentState,
  type ProxyLookup,
  type Side,
  usage,
} from '../../payments/index.js';
import type { BondViewer } from '../bonds/views.js';
import type { HubState } from '../state.js';
import { routeIn, summaryOf } from './common.js';
import { PAYMENT_OPERATORS, type PaymentSummary } from './events.js';

export interface PaymentView extends PaymentSummary {
  readonly purpose: string;
  readonly payer_name: string;
  /** The payer's identity document and account at the payer's bank (for a resend, a limit). */
  readonly payer_id: string;
  readonly payer_id_type: string;
  readonly payer_account: string;
  readonly payee_masked_name: string | null;
  readonly payee_proxy: { readonly type: string; readonly value: string };
  /** The converting bank's rate (receive per send × 10^8); null when none was needed. */
  readonly fx_rate_e8: bigint | null;
  readonly initiated_us: number;
  readonly updated_us: number;
  readonly failure_message: string | null;
}

export interface PaymentFilter {
  readonly direction?: Direction | undefined;
  readonly state?: PaymentState | undefined;
  readonly limit: number;
}

/** Whether the viewer sees a payment naming `banks`: one of them, an operator of either system. */
export function seesPayment(viewer: BondViewer, banks: readonly string[]): boolean {
  return viewer.all || banks.some((b) => viewer.sees(b)) || PAYMENT_OPERATORS.some(viewer.sees);
}

function viewOf(state: HubState, end_to_end_id: string, viewer: BondViewer) {
  const kept = state.payments.book.payments.get(end_to_end_id);
  if (kept === undefined) return undefined;
  const p = kept.payment;
  const summary = summaryOf(p, routeIn(state, p));
  const banks = [summary.payer_bank, summary.payee_bank, summary.link_bank];
  if (!seesPayment(viewer, banks)) return undefined;
  const view: PaymentView = {
    ...summary,
    ...{ purpose: p.instruction.purpose, payer_name: p.instruction.payer.name },
    ...{ payer_id: p.instruction.payer.id, payer_id_type: p.instruction.payer.id_type },
    payer_account: p.instruction.payer.account,
    payee_masked_name: p.payee?.masked_name ?? null,
    payee_proxy: p.instruction.payee_proxy,
    fx_rate_e8: p.quote?.rate_e8 ?? null,
    ...{ initiated_us: p.initiated_us, updated_us: p.updated_us },
    failure_message: p.failure?.message ?? null,
  };
  return view;
}

/** One payment the viewer may see; undefined when unknown or not theirs. */
export function findPaymentView(
  state: HubState,
  end_to_end_id: string,
  viewer: BondViewer,
): PaymentView | undefined {
  return viewOf(state, end_to_end_id, viewer);
}

/** The payments the viewer may see, newest first (by initiation, then id), filtered. */
export function listPaymentViews(
  state: HubState,
  viewer: BondViewer,
  filter: PaymentFilter,
): PaymentView[] {
  const out: PaymentView[] = [];
  for (const id of state.payments.book.payments.keys()) {
    const view = viewOf(state, id, viewer);
    if (view === undefined) continue;
    if (filter.direction !== undefined && view.direction !== filter.direction) continue;
    if (filter.state !== undefined && view.state !== filter.state) continue;
    out.push(view);
  }
  out.sort(
    (a, b) => b.initiated_us - a.initiated_us || (a.end_to_end_id < b.end_to_end_id ? 1 : -1),
  );
  return out.slice(0, filter.limit);
}

export interface LimitView {
  readonly direction: Direction;
  /** The counter's key: direction, payer and, per the cap's unit, bank and account. */
  readonly key: string;
  readonly bank: string | null;
  /** HKD for Northbound's caps, USD for Southbound's FX quota. */
  readonly currency: 'HKD' | 'USD';
  readonly date: string;
  readonly day_used_minor: bigint;
  /** Null: no daily cap (Southbound). */
  readonly day_left_minor: bigint | null;
  readonly year_used_minor: bigint;
  readonly year_left_minor: bigint;
}

function banksPaidFor(state: HubState, payer: string): Set<string> {
  const banks = new Set<string>();
  for (const { payment } of state.payments.book.payments.values())
    if (payment.instruction.payer.id === payer) banks.add(payment.instruction.payer.bank);
  return banks;
}

/**
 * The payer's counters today (HK date), used and left. A bank sees those of payers it has sent
 * a payment for (the counters' keys may carry no bank); HKICL, CNCC and operators all.
 */
export function payerLimitViews(state: HubState, payer: string, viewer: BondViewer): LimitView[] {
  const sees_all = viewer.all || PAYMENT_OPERATORS.some(viewer.sees);
  if (!sees_all && ![...banksPaidFor(state, payer)].some((b) => viewer.sees(b))) return [];
  const date = hkDate(state.now_us);
  const rules = state.payments.settings.connect;
  const out: LimitView[] = [];
  for (const [key, counter] of state.payments.limits.counters) {
    if (isBankDayKey(key)) continue;
    const [direction, id, bank] = key.split('|') as [Direction, string, string | undefined];
    if (id !== payer) continue;
    const used = usage(counter, date);
    const north = direction === 'northbound';
    const year_cap = north
      ? rules.northbound.annual_limit_hkd_minor
      : rules.southbound.annual_quota_usd_minor;
    out.push({
      ...{ direction, key, bank: bank ?? null, currency: north ? 'HKD' : 'USD', date },
      day_used_minor: used.day_used_minor,
      day_left_minor: north ? rules.northbound.daily_limit_hkd_minor - used.day_used_minor : null,
      year_used_minor: used.year_used_minor,
      year_left_minor: year_cap - used.year_used_minor,
    });
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** A payer's Southbound RMB sent today through one bank, against that bank's own daily cap. */
export interface BankDayView {
  readonly bank: string;
  readonly currency: 'CNY';
  readonly date: string;
  readonly day_used_minor: bigint;
  /** Null: the bank has no daily cap of its own. */
  readonly day_cap_minor: bigint | null;
  readonly day_left_minor: bigint | null;
}

/**
 * The payer's Southbound counters at each bank today (HK date), for the banks' own daily caps.
 * Seen as `payerLimitViews`, but a bank sees only its own counter; HKICL, CNCC and operators all.
 */
export function payerBankDayViews(
  state: HubState,
  payer: string,
  viewer: BondViewer,
): BankDayView[] {
  const sees_all = viewer.all || PAYMENT_OPERATORS.some(viewer.sees);
  const date = hkDate(state.now_us);
  const out: BankDayView[] = [];
  for (const [key, counter] of state.payments.limits.counters) {
    if (!isBankDayKey(key)) continue;
    const [, id, bank] = key.split('|') as [string, string, string];
    if (id !== payer || !(sees_all || viewer.sees(bank))) continue;
    const used = usage(counter, date).day_used_minor;
    const cap = bankDailyCap(state.payments.settings.connect, bank) ?? null;
    out.push({
      ...{ bank, currency: 'CNY', date, day_used_minor: used, day_cap_minor: cap },
      // A cap lowered during the day can be below what was used already: nothing is left.
      day_left_minor: cap === null ? null : used >= cap ? 0n : cap - used,
    });
  }
  return out.sort((a, b) => (a.bank < b.bank ? -1 : 1));
}

/** Where a proxy on `side` points, the holder's name masked (no event: a read). */
export function lookupPaymentProxy(
  state: HubState,
  side: Side,
  type: string,
  value: string,
): Outcome<ProxyLookup> {
  return lookupProxy(state.payments.directory, side, type, value);
}

/**
 * What the payment commands share: finding a payment, a scratch limit book so a refusal leaves
 * the counters as they were, applying legs through the ledger's atomic `createTransfers`, and
 * the events' summary.
 * @module
 */

import { type Rejection, reject } from '../../kernel/index.js';
import { createTransfers, OPERATOR_ACTOR } from '../../ledger/index.js';
import type { LimitBook, LimitCounter, Payment } from '../../payments/index.js';
import type { EventSink } from '../events.js';
import type { HubState } from '../state.js';
import { type PaymentRoute, routeOf, transfersOf } from './accounts.js';
import type { PaymentEvent, PaymentSummary } from './events.js';

/** Where a payment step's events go and the time it happens: a command, or the hub's clock. */
export type TimedSink = EventSink & { readonly timestamp_us: number };

export function findPayment(state: HubState, end_to_end_id: string): Payment | Rejection {
  const known = state.payments.book.payments.get(end_to_end_id);
  if (known === undefined) {
    return reject('PAYMENT_UNKNOWN', 'No payment has this end-to-end id', { end_to_end_id });
  }
  return known.payment;
}

/**
 * A limit book holding a copy of the counters a payment touches (its caps' and, Southbound, its
 * bank's day): the domain's steps reserve and release on it, and `commit` copies them back only
 * once the ledger has accepted the batch.
 */
export function scratchLimits(state: HubState, keys: readonly string[]) {
  const counters = new Map<string, LimitCounter>();
  for (const key of keys) {
    const counter = state.payments.limits.counters.get(key);
    if (counter !== undefined) counters.set(key, counter);
  }
  const book: LimitBook = { counters };
  const commit = () => {
    for (const key of keys) {
      const next = counters.get(key);
      if (next !== undefined) state.payments.limits.counters.set(key, next);
    }
  };
  return { book, commit };
}

/** Applies the legs all or none (the ledger's batch); the ledger's refusal if any. */
export function applyLegs(
  state: HubState,
  legs: Parameters<typeof transfersOf>[0],
  end_to_end_id: string,
  step: string,
  context: TimedSink,
): Rejection | undefined {
  if (legs.length === 0) return undefined;
  const moved = createTransfers(state.ledger, transfersOf(legs, end_to_end_id, step), {
    actor: OPERATOR_ACTOR,
    timestamp_us: context.timestamp_us,
    sink: context,
  });
  return moved.ok ? undefined : moved;
}

/** The banks and assets of a payment: through the RMB link bank it was made with, once kept. */
export function routeIn(state: HubState, payment: Payment): PaymentRoute {
  const kept = state.payments.book.payments.get(payment.instruction.end_to_end_id);
  return routeOf(payment, kept?.rmb_link_bank ?? state.payments.settings.rmb_link_bank);
}

export function summaryOf(payment: Payment, route: PaymentRoute): PaymentSummary {
  const i = payment.instruction;
  return {
    end_to_end_id: i.end_to_end_id,
    direction: i.direction,
    state: payment.state,
    payer_bank: route.payer_bank,
    payee_bank: route.payee_bank,
    link_bank: route.link_bank,
    amount_minor: i.amount_minor,
    send_currency: i.send_currency,
    receive_minor: payment.receive_minor ?? 0n,
    receive_currency: i.receive_currency,
    reason: payment.failure?.code ?? payment.return_reason ?? payment.recall_reason ?? null,
  };
}

type PaymentEventOf = Extract<PaymentEvent, { payment: PaymentSummary }>['type'];

export function emitPayment(
  state: HubState,
  type: PaymentEventOf,
  payment: Payment,
  context: TimedSink,
): void {
  const route = routeIn(state, payment);
  const banks = [...new Set([route.payer_bank, route.payee_bank, route.link_bank])];
  context.emit({ type, banks, payment: summaryOf(payment, route) });
}

export function keep(state: HubState, payment: Payment): void {
  const id = payment.instruction.end_to_end_id;
  const known = state.payments.book.payments.get(id);
  if (known !== undefined) state.payments.book.payments.set(id, { ...known, payment });
  trackCredit(state, payment);
}

/** A settled payment waits for its credit until its deadline; any other state does not. */
export function trackCredit(state: HubState, payment: Payment): void {
  const id = payment.instruction.end_to_end_id;
  if (payment.state === 'settled') state.payments.awaiting_credit.set(id, payment.deadline_us);
  else state.payments.awaiting_credit.delete(id);
}

/**
 * Payments timed out on the hub's clock (docs/payments.md §9): a settled payment whose credit has
 * not been confirmed by its deadline is rolled back when the hub's time passes the deadline, as
 * `payments.expire` would, without anyone sending it. The payments waiting for their credit are
 * few (`awaiting_credit`), so the next deadline is the least of theirs.
 *
 * Should the ledger refuse the reversal (a bank's settlement account no longer holds the money),
 * the clock does not retry: it publishes `payment_timeout_refused` with the ledger's code, the
 * payment stays settled, and `payments.expire` may be sent once the account is funded.
 * @module
 */

import type { EventSink } from '../events.js';
import type { HubState } from '../state.js';
import { routeIn } from './common.js';
import { expireInFlight } from './life.js';
import type { PaymentsState } from './state.js';

export function nextPaymentTimeoutUs(payments: PaymentsState): number {
  let next = Number.POSITIVE_INFINITY;
  for (const deadline_us of payments.awaiting_credit.values()) {
    if (deadline_us < next) next = deadline_us;
  }
  return next;
}

/** Rolls back every payment whose deadline is at or before `at_us`, in deadline order. */
export function expireOverduePayments(state: HubState, at_us: number, sink: EventSink): void {
  const due = [...state.payments.awaiting_credit]
    .filter(([, deadline_us]) => deadline_us <= at_us)
    .sort(([a_id, a], [b_id, b]) => a - b || (a_id < b_id ? -1 : 1));
  const at = {
    timestamp_us: at_us,
    emit: (event: Parameters<EventSink['emit']>[0]) => sink.emit(event),
  };
  for (const [id] of due) {
    const known = state.payments.book.payments.get(id);
    state.payments.awaiting_credit.delete(id);
    if (known === undefined) continue;
    const refused = expireInFlight(state, known.payment, at);
    if (refused === undefined || refused === 'not_due') continue;
    const route = routeIn(state, known.payment);
    sink.emit({
      type: 'payment_timeout_refused',
      banks: [...new Set([route.payer_bank, route.payee_bank, route.link_bank])],
      end_to_end_id: id,
      code: refused.code,
      message: refused.message,
    });
  }
}

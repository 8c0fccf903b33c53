/**
 * A payment after submission (docs/payments.md §9.3): the payee bank's credit confirmation,
 * recalls (camt.056), returns (pacs.004) and timeouts on the hub clock. Each runs the domain's
 * step on a scratch limit counter, applies its legs in one ledger batch, and only then keeps the
 * payment and the counter: a refusal leaves everything as it was.
 * @module
 */

import { type Rejection, reject } from '../../kernel/index.js';
import {
  creditPayee,
  expirePayment,
  type Payment,
  type RecallReason,
  type ReturnReason,
  recallPayment,
  refuseReturnRequest,
  reservationKeys,
  returnPayment,
} from '../../payments/index.js';
import type {
  ConfirmCredit,
  ExpirePayment,
  RecallPayment,
  RefuseReturn,
  ReturnPayment,
} from '../../protocol/payments.js';
import type { CommandContext } from '../context.js';
import type { HubState } from '../state.js';
import { creditLegs, reversed, settlementLegs } from './accounts.js';
import {
  applyLegs,
  emitPayment,
  findPayment,
  keep,
  routeIn,
  scratchLimits,
  type TimedSink,
} from './common.js';

function not_authorized(context: CommandContext, who: string): Rejection {
  return reject('NOT_AUTHORIZED', `Only the ${who} may do this`, {
    participant: context.actor.participant,
  });
}

/** The payment `end_to_end_id`, if the acting participant acts for its payee's bank. */
function payeeBanksPayment(
  state: HubState,
  end_to_end_id: string,
  context: CommandContext,
): Payment | Rejection {
  const payment = findPayment(state, end_to_end_id);
  if ('ok' in payment) return payment;
  if (!context.actor.actsFor(routeIn(state, payment).payee_bank)) {
    return not_authorized(context, "payee's bank");
  }
  return payment;
}

/** The legs a payment in this state has moved so far. */
function appliedLegs(state: HubState, payment: Payment) {
  const route = routeIn(state, payment);
  if (payment.state === 'settled') return settlementLegs(payment, route);
  return [...settlementLegs(payment, route), ...creditLegs(payment, route)];
}

function scratchFor(state: HubState, payment: Payment) {
  return scratchLimits(state, reservationKeys(payment.limit));
}

export function confirmCredit(
  state: HubState,
  c: ConfirmCredit,
  context: CommandContext,
): Rejection | undefined {
  const payment = findPayment(state, c.end_to_end_id);
  if ('ok' in payment) return payment;
  const route = routeIn(state, payment);
  if (!context.actor.actsFor(route.payee_bank)) return not_authorized(context, "payee's bank");
  if (payment.state !== 'settled') {
    return reject('PAYMENT_NOT_SETTLED', 'Only a settled payment waits for its credit', {
      end_to_end_id: c.end_to_end_id,
      state: payment.state,
    });
  }
  if (context.timestamp_us >= payment.deadline_us) {
    return reject('PAYMENT_TIMED_OUT', 'The payment is past its deadline: it can only expire', {
      deadline_us: payment.deadline_us,
      now_us: context.timestamp_us,
    });
  }
  const step = creditPayee(payment, context.timestamp_us);
  const refused = applyLegs(state, creditLegs(payment, route), c.end_to_end_id, 'credit', context);
  if (refused !== undefined) return refused;
  keep(state, step.payment);
  emitPayment(state, 'payment_credited', step.payment, context);
  return undefined;
}

export function recallPaymentCommand(
  state: HubState,
  c: RecallPayment,
  context: CommandContext,
): Rejection | undefined {
  const payment = findPayment(state, c.end_to_end_id);
  if ('ok' in payment) return payment;
  if (!context.actor.actsFor(payment.instruction.payer.bank)) {
    return not_authorized(context, "payer's bank");
  }
  const scratch = scratchFor(state, payment);
  const out = recallPayment(payment, c.reason as RecallReason, context.timestamp_us, scratch.book);
  if (!out.ok) return out;
  const next = out.value.payment;
  if (next.state === 'return_requested') {
    keep(state, next);
    emitPayment(state, 'payment_return_requested', next, context);
    return undefined;
  }
  const legs = reversed(appliedLegs(state, payment));
  const refused = applyLegs(state, legs, c.end_to_end_id, 'recall', context);
  if (refused !== undefined) return refused;
  scratch.commit();
  keep(state, next);
  emitPayment(state, 'payment_recalled', next, context);
  return undefined;
}

export function returnPaymentCommand(
  state: HubState,
  c: ReturnPayment,
  context: CommandContext,
): Rejection | undefined {
  const payment = payeeBanksPayment(state, c.end_to_end_id, context);
  if ('ok' in payment) return payment;
  const out = returnPayment(payment, c.reason as ReturnReason, context.timestamp_us);
  if (!out.ok) return out;
  const legs = reversed(appliedLegs(state, payment));
  const refused = applyLegs(state, legs, c.end_to_end_id, 'return', context);
  if (refused !== undefined) return refused;
  // The caps count what was sent: a return keeps the limit used.
  keep(state, out.value.payment);
  emitPayment(state, 'payment_returned', out.value.payment, context);
  return undefined;
}

/** The payee bank refuses a return request (after a recall of a credited payment). */
export function refuseReturnCommand(
  state: HubState,
  c: RefuseReturn,
  context: CommandContext,
): Rejection | undefined {
  const payment = payeeBanksPayment(state, c.end_to_end_id, context);
  if ('ok' in payment) return payment;
  const out = refuseReturnRequest(payment, context.timestamp_us);
  if (!out.ok) return out;
  keep(state, out.value.payment);
  emitPayment(state, 'payment_return_refused', out.value.payment, context);
  return undefined;
}

export function expirePaymentCommand(
  state: HubState,
  c: ExpirePayment,
  context: CommandContext,
): Rejection | undefined {
  const payment = findPayment(state, c.end_to_end_id);
  if ('ok' in payment) return payment;
  const expired = expireInFlight(state, payment, context);
  if (expired === 'not_due') {
    return reject('PAYMENT_NOT_EXPIRED', 'The payment is final or still within its time', {
      end_to_end_id: c.end_to_end_id,
      state: payment.state,
      deadline_us: payment.deadline_us,
      now_us: context.timestamp_us,
    });
  }
  return expired;
}

/**
 * Rolls back a payment past its deadline, for `payments.expire` and the hub's clock alike: in the
 * hub only a settled payment waiting for its credit is in flight (a return request waits on a
 * credited, final payment). `not_due` when it is final or still in time; the ledger's refusal
 * if the legs cannot be reversed (nothing changes).
 */
export function expireInFlight(
  state: HubState,
  payment: Payment,
  at: TimedSink,
): Rejection | 'not_due' | undefined {
  const scratch = scratchFor(state, payment);
  const step =
    payment.state === 'settled' ? expirePayment(payment, at.timestamp_us, scratch.book) : undefined;
  if (step === undefined) return 'not_due';
  const id = payment.instruction.end_to_end_id;
  const legs = reversed(appliedLegs(state, payment));
  const refused = applyLegs(state, legs, id, 'expire', at);
  if (refused !== undefined) return refused;
  scratch.commit();
  keep(state, step.payment);
  emitPayment(state, 'payment_timed_out', step.payment, at);
  return undefined;
}

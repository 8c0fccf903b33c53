/**
 * Recalls (camt.056) and returns (pacs.004). The rule: a payment is final once credited.
 * - A recall before credit cancels it: everything applied is reversed in one batch and the
 *   limit reservation given back (state recalled).
 * - A recall after credit cannot take the money back by itself; it becomes a request to the
 *   payee bank to return it (state return_requested), which that bank accepts (a pacs.004 with
 *   reason FOCR, following cancellation request) or refuses (the payment stays credited).
 * - A return (pacs.004) is the payee bank's own decision on a credited payment: the credit and the
 *   settlement are reversed in one batch at the original amounts (*assumption*: no re-conversion
 *   at a new rate). A returned payment does not give back its limit: the caps count what was sent.
 * @module
 */

import { accept, type Outcome, type Rejection, reject } from '../kernel/index.js';
import { reversalBatch } from './accounts.js';
import { failPayment, isFinal, type PaymentStep } from './machine.js';
import type { LimitBook, Payment, RecallReason, ReturnReason } from './types.js';

export const RETURN_REASONS: readonly ReturnReason[] = [
  'AC01',
  'AC04',
  'AC06',
  'AM09',
  'CUST',
  'FOCR',
  'MD07',
];
export const RECALL_REASONS: readonly RecallReason[] = [
  'DUPL',
  'FRAD',
  'TECH',
  'CUST',
  'AM09',
  'UPAY',
  'AC03',
];

export function recallPayment(
  payment: Payment,
  reason: RecallReason,
  now_us: number,
  limits: LimitBook,
): Outcome<PaymentStep> {
  if (!RECALL_REASONS.includes(reason)) {
    return reject('PAYMENT_REASON_INVALID', `${reason} is not a recall reason`, { reason });
  }
  if (payment.state === 'credited') {
    const next: Payment = {
      ...payment,
      state: 'return_requested',
      updated_us: now_us,
      recall_reason: reason,
    };
    return accept({ payment: next, batch: [] });
  }
  if (isFinal(payment.state) || payment.state === 'return_requested') {
    return reject('PAYMENT_RECALL_NOT_ALLOWED', `A ${payment.state} payment cannot be recalled`, {
      end_to_end_id: payment.instruction.end_to_end_id,
      state: payment.state,
    });
  }
  const why: Rejection = {
    ok: false,
    code: 'PAYMENT_RECALLED',
    message: `Recalled by the payer bank before credit (${reason})`,
    details: { reason },
  };
  const step = failPayment(payment, why, now_us, limits, 'recalled');
  return accept({ ...step, payment: { ...step.payment, recall_reason: reason } });
}

/** The payee bank returns a credited payment (or accepts a return request). */
export function returnPayment(
  payment: Payment,
  reason: ReturnReason,
  now_us: number,
): Outcome<PaymentStep> {
  if (!RETURN_REASONS.includes(reason)) {
    return reject('PAYMENT_REASON_INVALID', `${reason} is not a return reason`, { reason });
  }
  if (payment.state !== 'credited' && payment.state !== 'return_requested') {
    return reject('PAYMENT_RETURN_NOT_ALLOWED', 'Only a credited payment can be returned', {
      end_to_end_id: payment.instruction.end_to_end_id,
      state: payment.state,
    });
  }
  const batch = reversalBatch(payment);
  const next: Payment = {
    ...payment,
    state: 'returned',
    updated_us: now_us,
    return_reason: reason,
    batches: [...payment.batches, batch],
  };
  return accept({ payment: next, batch });
}

/** The payee bank refuses a return request: the payment stays credited, and final. */
export function refuseReturnRequest(payment: Payment, now_us: number): Outcome<PaymentStep> {
  if (payment.state !== 'return_requested') {
    return reject('PAYMENT_RETURN_NOT_ALLOWED', 'There is no return request to refuse', {
      state: payment.state,
    });
  }
  return accept({ payment: { ...payment, state: 'credited', updated_us: now_us }, batch: [] });
}

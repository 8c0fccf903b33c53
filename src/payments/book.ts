/**
 * Idempotency by end-to-end id: the same id with the same body gives the same result, whatever
 * it was (credited or refused); the same id with another body is PAYMENT_DUPLICATE_ID_MISMATCH.
 * The body is compared in one canonical form, so the field order of the message does not matter;
 * it is rebuilt from the kept instruction when a replay comes, not kept beside every payment.
 * @module
 */

import { accept, type Outcome, reject } from '../kernel/index.js';
import type { Payment, PaymentBook, PaymentInstruction } from './types.js';

export function emptyPaymentBook(): PaymentBook {
  return { payments: new Map() };
}

/**
 * Every field of the instruction, in one fixed order. The quote and its rate, added later, follow
 * only when given, so the body of a payment without them is what it always was.
 */
export function instructionBody(instruction: PaymentInstruction): string {
  const { payer, payee_proxy: proxy, quote_id, agreed_rate_e8 } = instruction;
  const fx = [
    ...(quote_id === undefined ? [] : [`quote_id=${quote_id}`]),
    ...(agreed_rate_e8 === undefined ? [] : [`agreed_rate_e8=${agreed_rate_e8}`]),
  ];
  return [
    instruction.end_to_end_id,
    instruction.direction,
    payer.id,
    payer.id_type,
    payer.name,
    payer.bank,
    payer.account,
    proxy.type,
    proxy.value,
    instruction.send_currency,
    instruction.receive_currency,
    instruction.amount_minor.toString(),
    instruction.purpose,
    ...fx,
  ]
    .map((field) => JSON.stringify(field))
    .join(',');
}

/**
 * The payment already made for this end-to-end id, if any (`undefined`: a new one), or the
 * refusal of a replay with a different body.
 */
export function findReplay(
  book: PaymentBook,
  instruction: PaymentInstruction,
): Outcome<Payment | undefined> {
  const known = book.payments.get(instruction.end_to_end_id);
  if (known === undefined) return accept(undefined);
  if (instructionBody(known.payment.instruction) !== instructionBody(instruction)) {
    return reject(
      'PAYMENT_DUPLICATE_ID_MISMATCH',
      'This end-to-end id was used for a different payment',
      { end_to_end_id: instruction.end_to_end_id, state: known.payment.state },
    );
  }
  return accept(known.payment);
}

/** Keeps the latest state of a payment. */
export function recordPayment(book: PaymentBook, payment: Payment): void {
  book.payments.set(payment.instruction.end_to_end_id, { payment });
}

/**
 * `payments.submit`: a payment's whole life in one command (docs/payments.md §9.3): replay
 * check, the rules, the salary pre-approval, lookup, limits (with the banks' own daily caps),
 * the converting bank's quote, reservation, PvP and (unless the payee bank is to confirm) credit,
 * run by the domain on scratch limit counters; then every leg in one ledger batch. A refusal by
 * a rule or by the ledger leaves the state as it was.
 * @module
 */

import { type Rejection, reject } from '../../kernel/index.js';
import {
  emptyPaymentBook,
  type FxQuote,
  findReplay,
  limitKeys,
  type PaymentInstruction,
  submitPayment,
} from '../../payments/index.js';
import type { SubmitPayment } from '../../protocol/payments.js';
import type { CommandContext } from '../context.js';
import type { HubState } from '../state.js';
import { creditLegs, settlementLegs } from './accounts.js';
import { applyLegs, emitPayment, routeIn, scratchLimits, trackCredit } from './common.js';

function instructionOf(c: SubmitPayment): PaymentInstruction {
  return {
    end_to_end_id: c.end_to_end_id,
    direction: c.direction,
    payer: { ...c.payer },
    payee_proxy: { ...c.payee_proxy },
    send_currency: c.send_currency,
    receive_currency: c.receive_currency,
    amount_minor: c.amount_minor,
    purpose: c.purpose,
    ...(c.quote_id === undefined ? {} : { quote_id: c.quote_id }),
    ...(c.agreed_rate_e8 === undefined ? {} : { agreed_rate_e8: c.agreed_rate_e8 }),
  };
}

function quoteOf(state: HubState, quote_id: string | undefined): FxQuote | null | Rejection {
  if (quote_id === undefined) return null;
  const quote = state.payments.quotes.get(quote_id);
  if (quote === undefined) {
    return reject('PAYMENT_QUOTE_MISSING', 'No open FX quote has this id', { quote_id });
  }
  return quote;
}

export function submitPaymentCommand(
  state: HubState,
  c: SubmitPayment,
  context: CommandContext,
): Rejection | undefined {
  if (!context.actor.actsFor(c.payer.bank)) {
    return reject('NOT_AUTHORIZED', "The payer's bank sends its customer's payment", {
      participant: context.actor.participant,
    });
  }
  const p = state.payments;
  const instruction = instructionOf(c);
  const replay = findReplay(p.book, instruction);
  if (!replay.ok) return replay;
  if (replay.value !== undefined) {
    // The same payment again: nothing moves; the event says what it became.
    emitPayment(state, 'payment_replayed', replay.value, context);
    return undefined;
  }
  const rates = p.settings.rates;
  if (rates === null) {
    return reject('PAYMENT_RATES_MISSING', 'The operator has not set the rates the limits use', {});
  }
  const quote = quoteOf(state, c.quote_id);
  if (quote !== null && 'ok' in quote) return quote;
  const keys = limitKeys(instruction, p.settings.connect.northbound.cap_unit);
  const scratch = scratchLimits(state, keys);
  const credit = c.credit ?? true;
  const out = submitPayment(instruction, {
    ...{ directory: p.directory, limits: scratch.book, book: emptyPaymentBook() },
    salary_approvals: p.salary_approvals,
    ...{ settings: p.settings.connect, rates, quote, now_us: context.timestamp_us },
    // The legs go to the ledger below, in one batch: here every step is accepted.
    ...{ apply: () => undefined, credit },
  });
  if (!out.ok) return out;
  const payment = out.value;
  if (payment.failure !== null) {
    return reject(payment.failure.code, payment.failure.message, {
      ...payment.failure.details,
      end_to_end_id: c.end_to_end_id,
      at_state: payment.failure.at_state,
    });
  }
  const route = routeIn(state, payment);
  const legs = settlementLegs(payment, route);
  if (credit) legs.push(...creditLegs(payment, route));
  const refused = applyLegs(state, legs, c.end_to_end_id, 'pay', context);
  if (refused !== undefined) return refused;
  scratch.commit();
  p.book.payments.set(c.end_to_end_id, { payment, rmb_link_bank: p.settings.rmb_link_bank });
  trackCredit(state, payment);
  if (quote !== null) p.quotes.delete(quote.quote_id);
  emitPayment(state, 'payment_settled', payment, context);
  if (credit) emitPayment(state, 'payment_credited', payment, context);
  return undefined;
}

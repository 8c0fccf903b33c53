/**
 * A payment's life as a state machine (docs/payments.md §3):
 * initiated → looked_up → limits_reserved → fx_quoted → funds_reserved → settled → credited,
 * or rejected / timed_out (rolled back, with the reason), recalled (before credit), and after
 * credit return_requested → returned. Each step is pure but for the limit book, and returns the
 * next payment and the batch of transfers the hub must apply atomically before keeping it; a
 * step refused by its checks (or by the ledger, through `failPayment`) rolls everything back.
 * @module
 */

import { assert, type Rejection, reject } from '../kernel/index.js';
import { creditBatch, reserveBatch, reversalBatch, settlementBatch } from './accounts.js';
import { checkQuote, convertAtQuote, limitEquivalent } from './fx.js';
import { checkCounters, releaseLimit, reserveCounters } from './limits.js';
import { lookupProxy } from './proxy.js';
import { checkPaymentRules, payeeSide } from './rules.js';
import type {
  FxQuote,
  LimitBook,
  Payment,
  PaymentConnectSettings,
  PaymentFailure,
  PaymentInstruction,
  PaymentState,
  ProxyDirectory,
  TransferInstruction,
} from './types.js';

/** A step's result: the payment to keep once `batch` is applied (an empty batch: nothing). */
export interface PaymentStep {
  readonly payment: Payment;
  readonly batch: readonly TransferInstruction[];
}

/** The stated rates the limits count at (HKD for Northbound caps, USD for the SB quota). */
export interface LimitRates {
  readonly hkd_per_cny_e8: bigint;
  readonly usd_per_cny_e8: bigint;
}

/** States after which nothing moves but a return. */
const FINAL: readonly PaymentState[] = [
  'credited',
  'rejected',
  'timed_out',
  'recalled',
  'returned',
];

export function isFinal(state: PaymentState): boolean {
  return FINAL.includes(state);
}

/** A new payment, or a rejected one if a rule that needs no counter refuses it. */
export function initiatePayment(
  instruction: PaymentInstruction,
  now_us: number,
  settings: PaymentConnectSettings,
): Payment {
  const payment: Payment = {
    instruction,
    state: 'initiated',
    initiated_us: now_us,
    updated_us: now_us,
    deadline_us: now_us + settings.timeout_us,
    payee: null,
    limit: null,
    quote: null,
    receive_minor: null,
    failure: null,
    recall_reason: null,
    return_reason: null,
    batches: [],
  };
  const refusal = checkPaymentRules(instruction, now_us, settings);
  if (refusal === undefined) return payment;
  return { ...payment, state: 'rejected', failure: failure_of(refusal, 'initiated') };
}

function failure_of(refusal: Rejection, at_state: PaymentState): PaymentFailure {
  return { code: refusal.code, message: refusal.message, at_state, details: refusal.details };
}

/**
 * Ends a payment that cannot complete: its applied batches reversed in one batch, its limit
 * reservation given back, and the reason kept. `state` is rejected or timed_out.
 */
export function failPayment(
  payment: Payment,
  refusal: Rejection,
  now_us: number,
  limits: LimitBook,
  state: 'rejected' | 'timed_out' | 'recalled' = 'rejected',
): PaymentStep {
  assert(!isFinal(payment.state), `cannot fail a ${payment.state} payment`);
  if (payment.limit !== null) releaseLimit(limits, payment.limit);
  const batch = reversalBatch(payment);
  const next: Payment = {
    ...payment,
    state,
    updated_us: now_us,
    failure: failure_of(refusal, payment.state),
    batches: batch.length === 0 ? payment.batches : [...payment.batches, batch],
  };
  return { payment: next, batch };
}

/** Times out a payment past its deadline; undefined if it is final or still in time. */
export function expirePayment(
  payment: Payment,
  now_us: number,
  limits: LimitBook,
): PaymentStep | undefined {
  if (isFinal(payment.state) || now_us < payment.deadline_us) return undefined;
  const refusal: Rejection = {
    ok: false,
    code: 'PAYMENT_TIMED_OUT',
    message: `The payment did not complete within its time and was rolled back at ${payment.state}`,
    details: { deadline_us: payment.deadline_us, now_us, state: payment.state },
  };
  return failPayment(payment, refusal, now_us, limits, 'timed_out');
}

function advance(payment: Payment, from: PaymentState, to: PaymentState, now_us: number): Payment {
  assert(payment.state === from, `step ${to} needs state ${from}, not ${payment.state}`);
  return { ...payment, state: to, updated_us: now_us };
}

function with_batch(payment: Payment, batch: TransferInstruction[]): PaymentStep {
  return { payment: { ...payment, batches: [...payment.batches, batch] }, batch };
}

/** Steps that can be refused return the refusal; the caller then calls `failPayment`. */
export type StepOutcome = PaymentStep | Rejection;

export function lookUpPayee(
  payment: Payment,
  directory: ProxyDirectory,
  now_us: number,
): StepOutcome {
  const { payee_proxy, direction } = payment.instruction;
  const found = lookupProxy(directory, payeeSide(direction), payee_proxy.type, payee_proxy.value);
  if (!found.ok) return found;
  const next = advance(payment, 'initiated', 'looked_up', now_us);
  return { payment: { ...next, payee: found.value }, batch: [] };
}

/** The amount the caps count, in HKD (Northbound) or USD (Southbound), at the stated rates. */
export function limitAmount(instruction: PaymentInstruction, rates: LimitRates): bigint {
  const { amount_minor, send_currency, direction } = instruction;
  if (direction === 'southbound') return limitEquivalent(amount_minor, rates.usd_per_cny_e8);
  if (send_currency === 'HKD') return amount_minor;
  return limitEquivalent(amount_minor, rates.hkd_per_cny_e8);
}

export function reservePaymentLimits(
  payment: Payment,
  limits: LimitBook,
  rates: LimitRates,
  now_us: number,
  settings: PaymentConnectSettings,
): StepOutcome {
  const { instruction } = payment;
  const amount = limitAmount(instruction, rates);
  const refusal = checkCounters(limits, instruction, amount, now_us, settings);
  if (refusal !== undefined) return refusal;
  const next = advance(payment, 'looked_up', 'limits_reserved', now_us);
  const limit = reserveCounters(limits, instruction, amount, now_us, settings);
  return { payment: { ...next, limit }, batch: [] };
}

/** Takes the bank's quote (none needed when both ends are in the same currency). */
export function quotePayment(payment: Payment, quote: FxQuote | null, now_us: number): StepOutcome {
  const { send_currency, receive_currency, amount_minor, agreed_rate_e8 } = payment.instruction;
  const next = advance(payment, 'limits_reserved', 'fx_quoted', now_us);
  if (send_currency === receive_currency) {
    if (agreed_rate_e8 !== undefined) {
      return reject(
        'PAYMENT_QUOTE_RATE_MISMATCH',
        `A payment sent and received in ${send_currency} has no exchange rate`,
        { send_currency, receive_currency, agreed_rate_e8 },
      );
    }
    return { payment: { ...next, quote: null, receive_minor: amount_minor }, batch: [] };
  }
  if (quote === null) {
    return {
      ok: false,
      code: 'PAYMENT_QUOTE_MISSING',
      message: `Converting ${send_currency} to ${receive_currency} needs the bank's FX quote`,
      details: { send_currency, receive_currency },
    };
  }
  const named = checkNamedQuote(payment.instruction, quote);
  if (named !== undefined) return named;
  const checked = checkQuote(quote, send_currency, receive_currency, now_us);
  if (!checked.ok) return checked;
  const receive_minor = convertAtQuote(quote, amount_minor);
  if (receive_minor <= 0n) {
    return {
      ok: false,
      code: 'PAYMENT_AMOUNT_TOO_SMALL',
      message: `At the quoted rate the payee would receive no whole ${receive_currency} minor unit`,
      details: { amount_minor, rate_e8: quote.rate_e8 },
    };
  }
  return { payment: { ...next, quote, receive_minor }, batch: [] };
}

/**
 * The quote is the one the instruction names (its id), at the rate it states (a pacs.008's
 * XchgRate): the payer's bank agreed that rate with its customer, so another is refused.
 */
function checkNamedQuote(instruction: PaymentInstruction, quote: FxQuote): Rejection | undefined {
  const { quote_id, agreed_rate_e8 } = instruction;
  if (quote_id !== undefined && quote_id !== quote.quote_id) {
    return reject('PAYMENT_QUOTE_INVALID', 'The quote given is not the one the payment names', {
      quote_id,
      given_quote_id: quote.quote_id,
    });
  }
  if (agreed_rate_e8 !== undefined && agreed_rate_e8 !== quote.rate_e8) {
    return reject(
      'PAYMENT_QUOTE_RATE_MISMATCH',
      "The payment's exchange rate is not the quote's rate",
      { quote_id: quote.quote_id, agreed_rate_e8, quote_rate_e8: quote.rate_e8 },
    );
  }
  return undefined;
}

export function reserveFunds(payment: Payment, now_us: number): PaymentStep {
  const next = advance(payment, 'fx_quoted', 'funds_reserved', now_us);
  return with_batch(next, reserveBatch(next));
}

/** PvP: both legs or neither; the quote must still be good when it settles. */
export function settlePayment(payment: Payment, now_us: number): StepOutcome {
  const { quote, receive_minor } = payment;
  assert(receive_minor !== null, 'settle before the amount received is known');
  if (quote !== null) {
    const { send_currency: from, receive_currency: to } = payment.instruction;
    const still_good = checkQuote(quote, from, to, now_us);
    if (!still_good.ok) return still_good;
  }
  const next = advance(payment, 'funds_reserved', 'settled', now_us);
  return with_batch(next, settlementBatch(next, receive_minor));
}

/** The payee bank credits the payee: the payment is final. */
export function creditPayee(payment: Payment, now_us: number): PaymentStep {
  const { receive_minor } = payment;
  assert(receive_minor !== null, 'credit before the amount received is known');
  const next = advance(payment, 'settled', 'credited', now_us);
  return with_batch(next, creditBatch(next, receive_minor));
}

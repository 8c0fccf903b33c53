/**
 * FX on exact integers: a bank's quote with an expiry, and the "equivalent" amounts the limits
 * count in (HKD for Northbound caps, USD for the Southbound quota) at a stated rate.
 * HKD, CNY and USD all have 2 decimals, so minor units convert by the rate alone.
 * @module
 */

import { accept, divRound, type Outcome, reject } from '../kernel/index.js';
import {
  type FxQuote,
  type PaymentConnectSettings,
  type PaymentCurrency,
  RATE_E8,
} from './types.js';

/** A bank's quote made at `now_us`, good for the settings' validity. */
export function makeQuote(
  quote: Omit<FxQuote, 'expires_us'>,
  now_us: number,
  settings: PaymentConnectSettings,
): FxQuote {
  return { ...quote, expires_us: now_us + settings.quote_validity_us };
}

/** What the quote converts `amount_minor` to: rounded down, the payee never gets more. */
export function convertAtQuote(quote: FxQuote, amount_minor: bigint): bigint {
  return divRound(amount_minor * quote.rate_e8, RATE_E8, 'floor');
}

/** An amount counted against a limit in another currency: rounded up, a limit never undercounts. */
export function limitEquivalent(amount_minor: bigint, rate_e8: bigint): bigint {
  return divRound(amount_minor * rate_e8, RATE_E8, 'ceil');
}

/** The quote is usable for this conversion at `now_us`. */
export function checkQuote(
  quote: FxQuote,
  from: PaymentCurrency,
  to: PaymentCurrency,
  now_us: number,
): Outcome<FxQuote> {
  if (quote.from !== from || quote.to !== to || quote.rate_e8 <= 0n) {
    return reject(
      'PAYMENT_QUOTE_INVALID',
      `The quote must convert ${from} to ${to} at a positive rate`,
      {
        quote_id: quote.quote_id,
        from: quote.from,
        to: quote.to,
      },
    );
  }
  if (now_us >= quote.expires_us) {
    return reject('PAYMENT_QUOTE_EXPIRED', 'The FX quote expired before the payment used it', {
      quote_id: quote.quote_id,
      expires_us: quote.expires_us,
      now_us,
    });
  }
  return accept(quote);
}

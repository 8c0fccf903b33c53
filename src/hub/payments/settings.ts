/**
 * The operator's Payment Connect settings and the converting banks' FX quotes in the hub
 * (docs/payments.md §9.3).
 * @module
 */

import { type Rejection, reject } from '../../kernel/index.js';
import { makeQuote } from '../../payments/index.js';
import type { QuotePayment, SetPaymentSettings } from '../../protocol/payments.js';
import { type CommandContext, operatorOnly } from '../context.js';
import type { HubState } from '../state.js';
import { PAYMENT_OPERATORS } from './events.js';

function checkSettings(state: HubState, c: SetPaymentSettings): Rejection | undefined {
  for (const field of ['hkd_per_cny_e8', 'usd_per_cny_e8'] as const) {
    if (c[field] === 0n) {
      return reject('PAYMENT_SETTINGS_INVALID', 'A limit rate is positive', { field });
    }
  }
  const rates = state.payments.settings.rates;
  const one_rate = (c.hkd_per_cny_e8 === undefined) !== (c.usd_per_cny_e8 === undefined);
  if (rates === null && one_rate) {
    return reject('PAYMENT_SETTINGS_INVALID', 'The first setting of the rates sets both', {});
  }
  const banks = [
    ...(c.rmb_link_bank === undefined ? [] : [c.rmb_link_bank]),
    ...Object.keys(c.bank_daily_cap_cny_minor ?? {}),
  ];
  const unknown = banks.find((bank) => !state.reference.parties.has(bank));
  if (unknown !== undefined) {
    return reject('PAYMENT_BANK_UNKNOWN', 'No party has this id', { bank: unknown });
  }
  return undefined;
}

/** The banks' daily caps after a change: a cap set or replaced, a null lifting one. */
function mergeDailyCaps(
  now: Readonly<Record<string, bigint>>,
  change: Readonly<Record<string, bigint | null>> | undefined,
): Record<string, bigint> {
  const caps = { ...now };
  for (const [bank, cap_minor] of Object.entries(change ?? {})) {
    if (cap_minor === null) delete caps[bank];
    else caps[bank] = cap_minor;
  }
  return caps;
}

export function setPaymentSettings(
  state: HubState,
  c: SetPaymentSettings,
  context: CommandContext,
): Rejection | undefined {
  const refused =
    operatorOnly(context, 'set the Payment Connect settings') ?? checkSettings(state, c);
  if (refused !== undefined) return refused;
  const now = state.payments.settings;
  const connect = now.connect;
  const rates =
    c.hkd_per_cny_e8 === undefined && c.usd_per_cny_e8 === undefined
      ? now.rates
      : {
          hkd_per_cny_e8: c.hkd_per_cny_e8 ?? now.rates?.hkd_per_cny_e8 ?? 0n,
          usd_per_cny_e8: c.usd_per_cny_e8 ?? now.rates?.usd_per_cny_e8 ?? 0n,
        };
  const quote_validity_us =
    c.quote_validity_s === undefined ? connect.quote_validity_us : c.quote_validity_s * 1_000_000;
  state.payments.settings = {
    connect: {
      ...connect,
      quote_validity_us,
      northbound: { ...connect.northbound, cap_unit: c.cap_unit ?? connect.northbound.cap_unit },
      southbound: {
        ...connect.southbound,
        single_cap_cny_minor: {
          ...connect.southbound.single_cap_cny_minor,
          ...(c.single_cap_cny_minor ?? {}),
        },
        bank_daily_cap_cny_minor: mergeDailyCaps(
          connect.southbound.bank_daily_cap_cny_minor,
          c.bank_daily_cap_cny_minor,
        ),
      },
    },
    rates,
    rmb_link_bank: c.rmb_link_bank ?? now.rmb_link_bank,
  };
  context.emit({ type: 'payments_settings_set', banks: [...PAYMENT_OPERATORS] });
  return undefined;
}

export function quotePaymentCommand(
  state: HubState,
  c: QuotePayment,
  context: CommandContext,
): Rejection | undefined {
  if (!context.actor.actsFor(c.bank)) {
    return reject('NOT_AUTHORIZED', 'A bank quotes its own rate', {
      participant: context.actor.participant,
    });
  }
  if (c.from === c.to || c.rate_e8 === 0n) {
    return reject(
      'PAYMENT_QUOTE_INVALID',
      'A quote converts one currency to the other at a positive rate',
      {
        from: c.from,
        to: c.to,
      },
    );
  }
  const quotes = state.payments.quotes;
  if (quotes.has(c.quote_id)) {
    return reject('PAYMENT_QUOTE_EXISTS', 'An open quote has this id', { quote_id: c.quote_id });
  }
  // Expired quotes can never be used: dropped here, so the open ones stay few.
  for (const [id, q] of quotes) if (q.expires_us <= context.timestamp_us) quotes.delete(id);
  const { quote_id, bank, from, to, rate_e8 } = c;
  const quote = makeQuote(
    { quote_id, bank, from, to, rate_e8 },
    context.timestamp_us,
    state.payments.settings.connect,
  );
  quotes.set(quote_id, quote);
  context.emit({ type: 'payment_quoted', banks: [bank], quote });
  return undefined;
}

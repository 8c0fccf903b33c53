/**
 * Southbound FX inputs and the RMB amounts they price (fx.ts).
 * @module
 */

import { accept, isIsoDate, type Outcome, parseRate } from '../kernel/index.js';
import { refuse } from './codes.js';
import type { SetFxRates } from './commands.js';
import { type FxRates, fxRates, rateAtLeast, rmbAmount, storeRates } from './fx.js';
import type { RulesState } from './state.js';

/**
 * Sets reference rates (before the open) or settlement rates (after the close) for a date.
 * Today's reference rates are fixed once a Southbound order has been accepted.
 */
export function setFxRates(state: RulesState, input: SetFxRates): Outcome<FxRates> {
  if (!isIsoDate(input.date)) {
    return refuse('INVALID_DATE', `${input.date} is not a date`, { date: input.date });
  }
  const buys = parseRate(input.rate_for_buys);
  const sells = parseRate(input.rate_for_sells);
  if (buys === undefined || sells === undefined) {
    return refuse('FX_RATE_INVALID', 'Rates are positive decimals, RMB per HKD', {
      rate_for_buys: input.rate_for_buys,
      rate_for_sells: input.rate_for_sells,
    });
  }
  if (!rateAtLeast(buys, sells)) {
    return refuse('FX_RATES_INVERTED', 'The rate for buys is at least the rate for sells', {
      rate_for_buys: input.rate_for_buys,
      rate_for_sells: input.rate_for_sells,
    });
  }
  const reference = input.type === 'rules.set_fx_reference_rates';
  const today = state.day.open && state.day.date === input.date;
  if (reference && today && state.southbound_orders_today > 0) {
    return refuse('FX_REFERENCE_LOCKED', 'Southbound orders were accepted at today’s rates', {
      date: input.date,
      southbound_orders_today: state.southbound_orders_today,
    });
  }
  const rates = fxRates(input.date, input.rate_for_buys, input.rate_for_sells, buys, sells);
  storeRates(reference ? state.fx.reference : state.fx.settlement, rates);
  if (reference && today) state.fx_today = rates;
  return accept(rates);
}

/**
 * RMB to block for a Southbound buy (`side` buy: reference rate for buys, rounded up) or credit for
 * a sell (rate for sells, rounded down), at today's reference rates.
 */
export function southboundReferenceAmount(
  state: RulesState,
  side: 'buy' | 'sell',
  price_units: number,
  quantity_units: number,
  price_scale: number,
): Outcome<bigint> {
  const rates = state.fx_today;
  if (rates === null) {
    return refuse('FX_REFERENCE_RATE_MISSING', 'No Southbound reference rates for today', {
      date: state.day.date,
    });
  }
  return accept(rmbAmount(rates, side, price_units, quantity_units, price_scale));
}

/** RMB an investor pays (buy, rounded up) or receives (sell, rounded down) for a trade of `date`. */
export function southboundSettlementAmount(
  state: RulesState,
  date: string,
  side: 'buy' | 'sell',
  price_units: number,
  quantity_units: number,
  price_scale: number,
): Outcome<bigint> {
  const rates = state.fx.settlement.get(date);
  if (rates === undefined) {
    return refuse('FX_SETTLEMENT_RATE_MISSING', `No Southbound settlement rates for ${date}`, {
      date,
    });
  }
  return accept(rmbAmount(rates, side, price_units, quantity_units, price_scale));
}

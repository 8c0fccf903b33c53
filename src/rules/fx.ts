/**
 * Southbound FX: SEHK trades are in HKD and Mainland investors settle in RMB (connect-rules.md
 * §1.7). Before the open ChinaClear publishes reference rates: brokers block RMB for a buy at the
 * rate for buys (the higher one: ChinaClear's "卖出参考汇率" in the bank's terms, the "sell
 * reference rate" in connect-rules.md) and value sells at the rate for sells (the lower one).
 * After the close it publishes settlement rates, one for buys and one for sells, that price every
 * investor's RMB settlement of that day's trades.
 *
 * Rates are RMB per 1 HKD, exact rationals (`parseRate`). Money owed by the investor rounds up,
 * money owed to the investor rounds down.
 * @module
 */

import { assert, type Rate } from '../kernel/index.js';
import { rateFactors, type ValueFactor, valueCeil, valueFloor } from './value.js';

/** A pair of rates for one trading date. */
export interface FxRates {
  readonly date: string;
  /** RMB per HKD for investors' buys (the higher rate), as written. */
  readonly rate_for_buys: string;
  /** RMB per HKD for investors' sells (the lower rate), as written. */
  readonly rate_for_sells: string;
  readonly buys: Rate;
  readonly sells: Rate;
  /** Value factors by price scale (value.ts) at each rate. */
  readonly buy_factors: readonly ValueFactor[];
  readonly sell_factors: readonly ValueFactor[];
}

/** Reference and settlement rates by trading date (a few days are kept). */
export interface FxState {
  readonly reference: Map<string, FxRates>;
  readonly settlement: Map<string, FxRates>;
}

/** Rates kept per kind; the oldest date is dropped beyond this. */
export const FX_DATES_MAX = 16;

/** An empty state. */
export function createFxState(): FxState {
  return { reference: new Map(), settlement: new Map() };
}

/** Builds a rate pair; the caller has checked both rates parse and buys ≥ sells. */
export function fxRates(
  date: string,
  rate_for_buys: string,
  rate_for_sells: string,
  buys: Rate,
  sells: Rate,
): FxRates {
  return Object.freeze({
    date,
    rate_for_buys,
    rate_for_sells,
    buys,
    sells,
    buy_factors: rateFactors(buys),
    sell_factors: rateFactors(sells),
  });
}

/** Stores rates for their date, dropping the oldest date beyond `FX_DATES_MAX`. */
export function storeRates(table: Map<string, FxRates>, rates: FxRates): void {
  table.delete(rates.date);
  table.set(rates.date, rates);
  while (table.size > FX_DATES_MAX) {
    const oldest = [...table.keys()].sort()[0];
    assert(oldest !== undefined, 'non-empty');
    table.delete(oldest);
  }
}

/** Whether rate a ≥ rate b, exactly. */
export function rateAtLeast(a: Rate, b: Rate): boolean {
  return a.numerator * b.denominator >= b.numerator * a.denominator;
}

/**
 * RMB fen for one side of an HKD trade or order: `price × quantity` at the rate, rounded up for
 * buys (the investor pays) and down for sells (the investor receives).
 */
export function rmbAmount(
  rates: FxRates,
  side: 'buy' | 'sell',
  price_units: number,
  quantity_units: number,
  price_scale: number,
): bigint {
  if (side === 'buy') {
    return valueCeil(price_units, quantity_units, factorFor(rates.buy_factors, price_scale));
  }
  return valueFloor(price_units, quantity_units, factorFor(rates.sell_factors, price_scale));
}

function factorFor(factors: readonly ValueFactor[], price_scale: number): ValueFactor {
  const factor = factors[price_scale];
  if (factor === undefined) assert(false, `price scale ${price_scale}`);
  return factor;
}

/**
 * The daily volatility the simulator gives each demo instrument. The figures are assumptions
 * (unverified: no source in ../shared/reference gives them), chosen from the instruments' usual
 * annualised volatility, σ_day = σ_year / √252; docs/sim.md lists them with the reasoning.
 * @module
 */

import type { VolatilityProfile } from './fair_value.js';

/** Continuous-trading minutes a day: A shares 09:30–11:30, 13:00–14:57; HK 09:30–12:00, 13:00–16:00. */
const MINUTES_BY_MARKET: Readonly<Record<string, number>> = {
  XSHG: 237,
  XSHE: 237,
  XHKG: 330,
  VATP: 330,
  CMU: 330,
};

/** σ of the open-to-close return by symbol (assumed, docs/sim.md). */
const SIGMA_DAY_BY_SYMBOL: Readonly<Record<string, number>> = {
  '600519': 0.016, // Kweichow Moutai, ~25 % a year
  '601318': 0.018, // Ping An A
  '000858': 0.02, // Wuliangye
  '300750': 0.026, // CATL (ChiNext)
  '688981': 0.03, // SMIC A (STAR)
  '605999': 0.025, // fictional ST stock
  '510300': 0.011, // CSI 300 ETF, ~17 % a year
  '0700': 0.02, // Tencent, ~32 % a year
  '9988': 0.026, // Alibaba, ~40 % a year
  '0005': 0.014, // HSBC
  '0941': 0.011, // China Mobile
  '2800': 0.012, // Tracker Fund (Hang Seng Index)
  HMMF: 0.0002, // a money-market fund's NAV barely moves
};

/** By kind, for instruments without their own figure. */
const SIGMA_DAY_BY_KIND: Readonly<Record<string, number>> = {
  stock: 0.02,
  etf: 0.012,
  token: 0.0002,
  bond: 0.002,
};

/** Expected news shocks per instrument per trading day (assumed: about one a week). */
const SHOCKS_PER_DAY = 0.2;

export function volatilityProfile(symbol: string, kind: string, market: string): VolatilityProfile {
  return {
    sigma_day: SIGMA_DAY_BY_SYMBOL[symbol] ?? SIGMA_DAY_BY_KIND[kind] ?? 0.02,
    trading_minutes: MINUTES_BY_MARKET[market] ?? 330,
    shocks_per_day: kind === 'token' ? 0 : SHOCKS_PER_DAY,
  };
}

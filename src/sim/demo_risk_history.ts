/**
 * A simulated daily-return history for the demo's instruments, for historical-simulation initial
 * margin (docs/risk.md "Inputs from the hub"). The hub keeps no price history, so the demo draws
 * one from a seed: labelled "simulated history" wherever it is shown, never a measurement.
 *
 * Each day has three market factors, a global one and one each for the Mainland (SSE, SZSE, the
 * interbank market) and Hong Kong (SEHK, CMU); a share's return is its market's factor
 * 0.7 × global + 0.71 × local (so the two markets' factors correlate about 0.49) scaled to a
 * daily volatility of 150 bp, plus its own noise of 100 bp; a bond's is a 25 bp rate-driven
 * move plus 10 bp of noise. Every draw is Student-t with 4 degrees of freedom (fat tails: a
 * kurtosis the normal lacks), scaled to unit variance. Each currency's move against HKD is a
 * 20 bp t-draw, the renminbi's (CNY and CNH) shared and tilted towards the Mainland factor.
 * Returns are whole bp, floored at −9,999 bp. An instrument's own noise is seeded from the seed
 * and its id, so the history of one instrument does not depend on which others are asked for.
 * @module
 */

import { Mulberry32 } from '../kernel/index.js';
import type { CurrencyCode, Market } from '../reference/index.js';

/** What a history is asked for: the instruments in the portfolio's order, and the currencies. */
export interface HistoryInstrument {
  readonly id: string;
  readonly market: Market;
  readonly kind: 'equity' | 'bond' | 'cash' | 'repo';
}

/** The daily returns the risk core reads (its `ReturnHistory`), built for given instruments. */
export interface ReturnHistoryData {
  readonly days: number;
  readonly returns_bp: Float64Array;
  readonly fx_returns_bp: ReadonlyMap<CurrencyCode, Float64Array>;
}

/**
 * Where a return history comes from: simulated (the demo) or, later, recorded closes. A source
 * answers for any instruments it knows; `null` for one it has no history of.
 */
export interface ReturnHistorySource {
  readonly kind: 'simulated' | 'recorded';
  /** Shown beside every margin figure computed on it. */
  readonly label: string;
  readonly days: number;
  historyFor(
    instruments: readonly HistoryInstrument[],
    currencies: readonly CurrencyCode[],
  ): ReturnHistoryData | null;
}

export const DEMO_HISTORY_DAYS = 300;
export const DEMO_HISTORY_SEED = 17;

const MARKET_VOL_BP = 150;
const IDIO_VOL_BP = 100;
const BOND_VOL_BP = 25;
const BOND_IDIO_BP = 10;
const FX_VOL_BP = 20;
const RETURN_MIN_BP = -9_999;

/** Student-t with 4 degrees of freedom has variance 2: divide by √2 for unit variance. */
function studentT4(rng: Mulberry32): number {
  const z = normal(rng);
  let chi2 = 0;
  for (let k = 0; k < 4; k += 1) chi2 += normal(rng) ** 2;
  return z / Math.sqrt(chi2 / 4) / Math.SQRT2;
}

function normal(rng: Mulberry32): number {
  const u = Math.max(rng.uniform(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.uniform());
}

/** FNV-1a of a string: a stable seed per instrument. */
function hashOf(text: string, seed: number): number {
  let h = (2_166_136_261 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16_777_619) >>> 0;
  }
  return h;
}

function mainland(market: Market): boolean {
  return market === 'XSHG' || market === 'XSHE' || market === 'CIBM';
}

interface Factors {
  readonly global: Float64Array;
  readonly cn: Float64Array;
  readonly hk: Float64Array;
  readonly rates: Float64Array;
  readonly rmb: Float64Array;
}

function factors(days: number, seed: number): Factors {
  const rng = new Mulberry32(seed);
  const f: Factors = {
    global: new Float64Array(days),
    cn: new Float64Array(days),
    hk: new Float64Array(days),
    rates: new Float64Array(days),
    rmb: new Float64Array(days),
  };
  for (let t = 0; t < days; t += 1) {
    f.global[t] = studentT4(rng);
    f.cn[t] = studentT4(rng);
    f.hk[t] = studentT4(rng);
    f.rates[t] = studentT4(rng);
    f.rmb[t] = studentT4(rng);
  }
  return f;
}

function bp(x: number): number {
  return Math.max(RETURN_MIN_BP, Math.round(x));
}

/** The demo's simulated history: deterministic from `seed`, `days` long (250 or more). */
export function demoRiskHistory(
  seed = DEMO_HISTORY_SEED,
  days = DEMO_HISTORY_DAYS,
): ReturnHistorySource {
  const f = factors(days, seed);
  return {
    kind: 'simulated',
    label: `simulated history (seed ${seed}, ${days} days; not market data)`,
    days,
    historyFor(instruments, currencies) {
      const returns_bp = new Float64Array(instruments.length * days);
      instruments.forEach((instrument, i) => {
        const rng = new Mulberry32(hashOf(instrument.id, seed));
        const local = mainland(instrument.market) ? f.cn : f.hk;
        for (let t = 0; t < days; t += 1) {
          const own = studentT4(rng);
          let r = 0;
          if (instrument.kind === 'equity') {
            const market = 0.7 * (f.global[t] as number) + 0.71 * (local[t] as number);
            r = MARKET_VOL_BP * market + IDIO_VOL_BP * own;
          } else if (instrument.kind === 'bond') {
            r = -BOND_VOL_BP * (f.rates[t] as number) + BOND_IDIO_BP * own;
          }
          returns_bp[i * days + t] = bp(r);
        }
      });
      const fx_returns_bp = new Map<CurrencyCode, Float64Array>();
      for (const currency of currencies) {
        if (currency === 'HKD') continue;
        const rng = new Mulberry32(hashOf(currency, seed));
        const series = new Float64Array(days);
        for (let t = 0; t < days; t += 1) {
          const rmb = currency === 'CNY' || currency === 'CNH';
          const common = rmb ? 0.8 * (f.rmb[t] as number) + 0.3 * (f.cn[t] as number) : 0;
          series[t] = bp(FX_VOL_BP * (rmb ? common : studentT4(rng)));
        }
        fx_returns_bp.set(currency, series);
      }
      return { days, returns_bp, fx_returns_bp };
    },
  };
}

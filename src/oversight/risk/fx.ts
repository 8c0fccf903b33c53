/**
 * Stated FX rates to the reporting currency (HKD): HKD per one unit of a currency × 10^8. An
 * exact conversion for reports (bigint, half away from zero) and a float factor for the loops.
 * @module
 */

import { accept, divRound, type Outcome, reject } from '../../kernel/index.js';
import { type CurrencyCode, currency, isCurrencyCode } from '../../reference/index.js';
import type { FxRateRow, FxTable } from './types.js';

const E8 = 100_000_000n;
/** HKD per unit at most 10,000 (× 10^8): far above any currency the links settle in. */
const RATE_MAX_E8 = 10n ** 12n;
const HKD_MINOR_UNITS = 2;

export function fxTable(rows: readonly FxRateRow[]): Outcome<FxTable> {
  const currencies: CurrencyCode[] = ['HKD'];
  const rate_e8: bigint[] = [E8];
  const index = new Map<CurrencyCode, number>([['HKD', 0]]);
  for (let k = 0; k < rows.length; k += 1) {
    const row = rows[k] as FxRateRow;
    const problem = rateProblem(row, index);
    if (problem !== undefined) {
      return reject('RISK_FX_RATE_INVALID', `FX rate ${k}: ${problem}`, {
        index: k,
        currency: String(row.currency),
      });
    }
    if (row.currency === 'HKD') continue;
    index.set(row.currency, currencies.length);
    currencies.push(row.currency);
    rate_e8.push(row.hkd_per_unit_e8);
  }
  const minor_units = currencies.map((code) => currency(code)?.minor_units ?? HKD_MINOR_UNITS);
  const hkd_per_minor = Float64Array.from(
    currencies,
    (_, c) => (Number(rate_e8[c]) / 1e8) * 10 ** (HKD_MINOR_UNITS - (minor_units[c] as number)),
  );
  return accept({ currencies, index, rate_e8, minor_units, hkd_per_minor });
}

function rateProblem(row: FxRateRow, seen: ReadonlyMap<CurrencyCode, number>): string | undefined {
  if (!isCurrencyCode(row.currency)) return 'the currency is not one the engine knows';
  if (typeof row.hkd_per_unit_e8 !== 'bigint') return 'the rate must be a bigint × 10^8';
  if (row.currency === 'HKD') {
    return row.hkd_per_unit_e8 === E8 ? undefined : 'HKD is the reporting currency: its rate is 1';
  }
  if (seen.has(row.currency)) return 'the currency has two rates';
  if (row.hkd_per_unit_e8 <= 0n || row.hkd_per_unit_e8 > RATE_MAX_E8) {
    return 'the rate must be above 0 and at most 10,000 HKD per unit';
  }
  return undefined;
}

/** `amount_minor` of currency `c` in HKD minor units, exact, rounded half away from zero. */
export function toHkdMinor(fx: FxTable, c: number, amount_minor: bigint): bigint {
  const units = fx.minor_units[c] as number;
  const numerator = amount_minor * (fx.rate_e8[c] as bigint) * 10n ** BigInt(HKD_MINOR_UNITS);
  return divRound(numerator, E8 * 10n ** BigInt(units), 'half_up'); // half_up: away from zero
}

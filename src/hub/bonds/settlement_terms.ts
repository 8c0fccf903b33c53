/**
 * Southbound settlement terms of the 13 January 2025 measures (docs/bonds.md §8.8): settlement
 * in RMB, HKD, USD or EUR whatever the bond's currency (multi-currency settlement), and longer
 * settlement hours. The rule in force is the one of the trade date (the hub's market date).
 *
 * - Settlement currency: chosen on the request (`settlement_currency`), Southbound only; one
 *   other than the bond's from 13 Jan 2025 (`BOND_MULTI_CURRENCY_NOT_IN_FORCE` before).
 * - Conversion: the requester states the rate on acceptance (`fx_rate_e8`, settlement currency
 *   per unit of the bond's currency, × 10^8); amount = bond-currency amount × rate, rounded half
 *   up to the settlement currency's minor unit.
 * - Cut-off for same-day (T+0) settlement, Hong Kong time: 16:00 before 13 Jan 2025, 18:00 from
 *   then. Both times are assumptions (the reference gives no figures).
 * @module
 */

import { divRound, type Outcome, type Rejection, reject, secondOfDay } from '../../kernel/index.js';
import type { BondDirection } from '../../protocol/bonds.js';
import { currency } from '../../reference/index.js';

/** The day the multi-currency settlement and the longer hours took effect. */
export const MULTI_CURRENCY_FROM = '2025-01-13';
/** Southbound settlement currencies (RMB settles as onshore CNY). */
export const SETTLEMENT_CURRENCIES = ['CNY', 'HKD', 'USD', 'EUR'] as const;
/** T+0 cut-offs, seconds after local midnight (assumptions, see above). */
const CUTOFF_BEFORE_S = 16 * 3_600;
const CUTOFF_FROM_S = 18 * 3_600;
/** Rates above 100,000 units per unit are refused as a typo, not a market rate. */
const FX_RATE_E8_MAX = 10_000_000_000_000n;
const RATE_SCALE = 100_000_000n;

/** The settlement currency a request asks for, or why it cannot have it. */
export function checkSettlementCurrency(
  asked: string | undefined,
  bond_currency: string,
  direction: BondDirection,
  trade_date: string,
): Outcome<string> {
  if (asked === undefined || asked === bond_currency) return { ok: true, value: bond_currency };
  const known = (SETTLEMENT_CURRENCIES as readonly string[]).includes(asked);
  if (!known || direction !== 'southbound') {
    return reject(
      'BOND_SETTLEMENT_CURRENCY_INVALID',
      'Southbound settles in RMB, HKD, USD or EUR',
      {
        settlement_currency: asked,
        currencies: SETTLEMENT_CURRENCIES,
        direction,
      },
    );
  }
  if (trade_date < MULTI_CURRENCY_FROM) {
    return reject(
      'BOND_MULTI_CURRENCY_NOT_IN_FORCE',
      'Settlement in another currency than the bond’s starts on 13 January 2025',
      { settlement_currency: asked, trade_date, in_force_from: MULTI_CURRENCY_FROM },
    );
  }
  return { ok: true, value: asked };
}

/** A Southbound T+0 trade must be concluded before the day's settlement cut-off. */
export function checkCutoff(
  direction: BondDirection,
  trade_date: string,
  settlement_date: string,
  now_us: number,
): Rejection | undefined {
  if (direction !== 'southbound' || settlement_date !== trade_date) return undefined;
  const cutoff_s = trade_date < MULTI_CURRENCY_FROM ? CUTOFF_BEFORE_S : CUTOFF_FROM_S;
  if (secondOfDay(now_us) < cutoff_s) return undefined;
  return reject('BOND_SETTLEMENT_CUTOFF_PASSED', 'Same-day settlement closes at the cut-off', {
    trade_date,
    cutoff: `${String(cutoff_s / 3_600).padStart(2, '0')}:00`,
  });
}

/** The rate of an acceptance: 0 when none is needed, else a positive rate. */
export function checkFxRate(
  settlement_currency: string,
  bond_currency: string,
  fx_rate_e8: bigint | undefined,
): Outcome<bigint> {
  const needed = settlement_currency !== bond_currency;
  if (needed && fx_rate_e8 === undefined) {
    return reject('BOND_FX_RATE_REQUIRED', 'State the rate of the settlement currency', {
      settlement_currency,
      bond_currency,
    });
  }
  if (fx_rate_e8 === undefined) return { ok: true, value: 0n };
  if (!needed || fx_rate_e8 <= 0n || fx_rate_e8 > FX_RATE_E8_MAX) {
    return reject('BOND_FX_RATE_INVALID', 'A rate only for another currency, above zero', {
      settlement_currency,
      bond_currency,
      fx_rate_e8: fx_rate_e8.toString(),
    });
  }
  return { ok: true, value: fx_rate_e8 };
}

/** `amount_minor` of `from` in `to` at `rate_e8`, half up to `to`'s minor unit. */
export function convertMinor(amount_minor: bigint, from: string, to: string, rate_e8: bigint) {
  if (from === to) return amount_minor;
  const from_units = BigInt(currency(from)?.minor_units ?? 2);
  const to_units = BigInt(currency(to)?.minor_units ?? 2);
  const numerator = amount_minor * rate_e8 * 10n ** to_units;
  return divRound(numerator, RATE_SCALE * 10n ** from_units, 'half_up');
}

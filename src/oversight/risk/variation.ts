/**
 * Variation margin from the day's prices (docs/risk.md §3): each position's mark-to-market change
 * between yesterday's price and today's (the portfolio's), quantity × (today − yesterday), summed
 * per account and currency, exactly in bigint: a CCP collects and pays variation margin in the
 * currency of the instrument, so no conversion is needed. A positive figure is a gain the CCP
 * pays; a negative one is owed to it. The HKD column is for reading across currencies only.
 * @module
 */

import { accept, type Outcome, reject } from '../../kernel/index.js';
import { toHkdMinor } from './fx.js';
import { FLOAT_EXACT_LIMIT_BIG } from './rounding.js';
import type { Portfolio, VariationMarginReport } from './types.js';

export function variationMargin(
  portfolio: Portfolio,
  previous_price_minor: readonly bigint[],
): Outcome<VariationMarginReport> {
  const instruments = portfolio.instrument_ids.length;
  if (previous_price_minor.length !== instruments) {
    return reject('RISK_PRICE_INVALID', 'Give one previous price per instrument', {
      expected: instruments,
      given: previous_price_minor.length,
    });
  }
  const change: bigint[] = [];
  for (let i = 0; i < instruments; i += 1) {
    const before = previous_price_minor[i];
    if (typeof before !== 'bigint' || before < 0n || before > FLOAT_EXACT_LIMIT_BIG) {
      return reject(
        'RISK_PRICE_INVALID',
        `The previous price of ${portfolio.instrument_ids[i]} is not 0 to 2^53 minor units`,
        {
          instrument: portfolio.instrument_ids[i],
        },
      );
    }
    change.push(BigInt(portfolio.instrument_price_minor[i] as number) - before);
  }
  const currencies = portfolio.fx.currencies.length;
  const account_minor = portfolio.account_ids.map((_, a) =>
    accountChange(portfolio, change, a, currencies),
  );
  const member_minor = Array.from({ length: portfolio.member_ccp.length }, () =>
    new Array<bigint>(currencies).fill(0n),
  );
  account_minor.forEach((row, a) => {
    const member = member_minor[portfolio.account_member[a] as number] as bigint[];
    row.forEach((amount, c) => {
      member[c] = (member[c] as bigint) + amount;
    });
  });
  const member_hkd_minor = member_minor.map((row) =>
    row.reduce((sum, amount, c) => sum + toHkdMinor(portfolio.fx, c, amount), 0n),
  );
  return accept({ account_minor, member_minor, member_hkd_minor });
}

function accountChange(
  portfolio: Portfolio,
  change: readonly bigint[],
  a: number,
  currencies: number,
) {
  const row = new Array<bigint>(currencies).fill(0n);
  for (
    let p = portfolio.position_start[a] as number;
    p < (portfolio.position_start[a + 1] as number);
    p += 1
  ) {
    const i = portfolio.position_instrument[p] as number;
    const delta = change[i] as bigint;
    if (delta === 0n) continue;
    const c = portfolio.instrument_currency[i] as number;
    row[c] = (row[c] as bigint) + BigInt(portfolio.position_quantity[p] as number) * delta;
  }
  return row;
}

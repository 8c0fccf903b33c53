/**
 * The door of a portfolio: every row checked before a column is built, each problem a sentence.
 * @module
 */

import { INVESTOR_TYPES, isCurrencyCode, MARKETS } from '../../reference/index.js';
import { FLOAT_EXACT_LIMIT_BIG } from './rounding.js';
import {
  type AccountRow,
  CCPS,
  type CollateralRow,
  INSTRUMENT_KINDS,
  type InstrumentRow,
  type PositionRow,
} from './types.js';

/** Sizes the columns are built for (typed-array indices, memory of a few hundred MB at most). */
export const PORTFOLIO_LIMITS = {
  accounts_max: 1 << 22,
  instruments_max: 1 << 20,
  positions_max: 1 << 25,
  collateral_max: 1 << 25,
} as const;

const DURATION_MAX_E4 = 1_000_000; // 100 years
const CONVEXITY_MAX_E4 = 100_000_000; // 10,000 years²

const isText = (x: unknown): x is string => typeof x === 'string' && x.length > 0;

export function accountProblem(row: AccountRow): string | undefined {
  if (!isText(row.id)) return 'the account id is empty';
  if (!isText(row.participant)) return 'the participant is empty';
  if (!(INVESTOR_TYPES as readonly string[]).includes(row.investor_type)) {
    return `the investor type must be one of ${INVESTOR_TYPES.join(', ')}`;
  }
  if (!(CCPS as readonly string[]).includes(row.ccp)) {
    return `the CCP must be one of ${CCPS.join(', ')}`;
  }
  if (!isText(row.affiliate_group)) return 'the affiliate group is empty';
  return undefined;
}

export function instrumentProblem(row: InstrumentRow): string | undefined {
  if (!isText(row.id)) return 'the instrument id is empty';
  if (!(MARKETS as readonly string[]).includes(row.market)) {
    return `the market must be one of ${MARKETS.join(', ')}`;
  }
  if (!isCurrencyCode(row.currency)) return 'the currency is not one the engine knows';
  if (!(INSTRUMENT_KINDS as readonly string[]).includes(row.kind)) {
    return `the kind must be one of ${INSTRUMENT_KINDS.join(', ')}`;
  }
  if (typeof row.price_minor !== 'bigint' || row.price_minor < 0n) {
    return 'the price must be a non-negative bigint of minor units';
  }
  return bondTermsProblem(row);
}

function bondTermsProblem(row: InstrumentRow): string | undefined {
  const { modified_duration_e4: duration, convexity_e4: convexity } = row;
  if (row.kind !== 'bond') {
    return duration === undefined && convexity === undefined
      ? undefined
      : 'only a bond has a duration or a convexity';
  }
  if (!isWhole(duration, 0, DURATION_MAX_E4)) {
    return 'a bond needs its modified duration: whole years × 10^4 from 0 to 100 years';
  }
  if (convexity !== undefined && !isWhole(convexity, 0, CONVEXITY_MAX_E4)) {
    return 'the convexity must be whole years² × 10^4 from 0 to 10,000';
  }
  return undefined;
}

export function isWhole(x: unknown, min: number, max: number): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max;
}

export function holdingProblem(
  row: PositionRow | CollateralRow,
  accounts: number,
  instruments: number,
): string | undefined {
  if (!isWhole(row.account, 0, accounts - 1)) return 'the account index is not one of the accounts';
  if (!isWhole(row.instrument, 0, instruments - 1)) {
    return 'the instrument index is not one of the instruments';
  }
  if (typeof row.quantity !== 'bigint') return 'the quantity must be a bigint';
  const magnitude = row.quantity < 0n ? -row.quantity : row.quantity;
  if (magnitude > FLOAT_EXACT_LIMIT_BIG) return 'the quantity is beyond 2^53 units';
  return undefined;
}

export function collateralProblem(row: CollateralRow): string | undefined {
  if (row.quantity < 0n) return 'collateral cannot be a negative quantity';
  if (!isWhole(row.haircut_bp, 0, 9_999)) return 'the haircut must be whole bp from 0 to 9,999';
  return undefined;
}

/** True when |quantity × price| is at most 2^53: a float carries it exactly. */
export function valueFits(quantity: bigint, price_minor: bigint): boolean {
  const q = quantity < 0n ? -quantity : quantity;
  return q * price_minor <= FLOAT_EXACT_LIMIT_BIG;
}

/**
 * Traded and cancelled value, exactly: price units × quantity units brought to one scale per
 * currency (4 decimal places, enough for every price scale in the hub) as a bigint, so values
 * from instruments with different price scales (A shares 2, ETFs 3, tokens 4) add up.
 * @module
 */

import { AssertionError } from '../../kernel/assert.js';
import { formatMinor } from '../../kernel/money.js';

/** Decimal places of a notional value: 1 = 0.0001 of the instrument's currency. */
export const NOTIONAL_SCALE = 4;

const FACTORS = [10_000n, 1_000n, 100n, 10n, 1n] as const;
const NUMBER_FACTORS = [10_000, 1_000, 100, 10, 1] as const;

/** `price_units × quantity_units` at NOTIONAL_SCALE, exactly. */
export function notionalE4(
  price_units: number,
  quantity_units: number,
  price_scale: number,
): bigint {
  const factor = FACTORS[price_scale];
  if (factor === undefined) fail(`price scale ${price_scale} above ${NOTIONAL_SCALE}`);
  const exact = price_units * quantity_units * (NUMBER_FACTORS[price_scale] as number);
  // One BigInt instead of three when the product is exact as a double (almost always).
  if (Number.isSafeInteger(exact)) return BigInt(exact);
  return BigInt(price_units) * BigInt(quantity_units) * factor;
}

/** Whole currency units (RMB 10,000,000) at NOTIONAL_SCALE. */
export function majorToE4(major: bigint): bigint {
  return major * FACTORS[0];
}

/** A notional as a decimal string: two places when they are exact, else four. */
export function formatE4(value_e4: bigint): string {
  if (value_e4 % 100n === 0n) return formatMinor(value_e4 / 100n, 2);
  return formatMinor(value_e4, NOTIONAL_SCALE);
}

/** `numerator / denominator` in basis points, truncated; 0 when the denominator is 0. */
export function shareBps(numerator: number, denominator: number): number {
  if (denominator <= 0) return 0;
  return Math.floor((numerator * 10_000) / denominator);
}

/** The same for bigint values. */
export function shareBpsBig(numerator: bigint, denominator: bigint): number {
  if (denominator <= 0n) return 0;
  return Number((numerator * 10_000n) / denominator);
}

/**
 * Crashes with an AssertionError. Hot paths write `if (broken) fail(\`…\`)` so the message is
 * only built when the invariant is broken (an `assert(cond, \`…\`)` builds it on every call).
 */
export function fail(message: string): never {
  throw new AssertionError(message);
}

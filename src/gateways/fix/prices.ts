/**
 * FIX carries prices as decimal text (Price 44, LastPx 31, AvgPx 6); the hub carries integer
 * price units of the instrument (price_scale decimal places: 2 for A shares, 3 for Hong Kong).
 * The conversion is exact string arithmetic: no floating point touches a price.
 * @module
 */

const DECIMAL = /^(\d{1,15})(?:\.(\d{1,15}))?$/;

/**
 * `"1700.50"` at scale 2 → 170050. Null when the text is not a plain non-negative decimal or
 * has more decimal places than the instrument's price unit (non-zero digits past the scale).
 */
export function unitsOfDecimal(text: string, price_scale: number): number | null {
  const match = DECIMAL.exec(text.trim());
  if (match === null) return null;
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > price_scale) return null;
  // Integer arithmetic in doubles, exact (no BigInt per price): each term is an integer below
  // 10^15 × 10^scale, exact while it stays a safe integer, and a product or sum past
  // MAX_SAFE_INTEGER can only round to 2^53 or above, which the check refuses.
  const whole_units = Number(match[1] ?? '0') * 10 ** price_scale;
  const fraction_units = fraction.length === 0 ? 0 : Number(fraction.padEnd(price_scale, '0'));
  const units = whole_units + fraction_units;
  return Number.isSafeInteger(units) ? units : null;
}

/** 170050 at scale 2 → `"1700.50"`. */
export function decimalOfUnits(units: number | bigint, price_scale: number): string {
  // A safe integer's digits are exact without BigInt (one per report price otherwise); any
  // other number goes through BigInt, which refuses a fraction.
  const digits =
    typeof units === 'number' && Number.isSafeInteger(units)
      ? `${units}`
      : BigInt(units).toString();
  if (units < 0) throw new RangeError(`A price is not negative: ${digits}`);
  if (price_scale === 0) return digits;
  const text = digits.padStart(price_scale + 1, '0');
  return `${text.slice(0, -price_scale)}.${text.slice(-price_scale)}`;
}

/** Extra decimal places an average price carries beyond the price unit. */
export const AVERAGE_EXTRA_DIGITS = 4;

/**
 * The average of a fill sequence, `notional_units / quantity_units`, rounded half up to
 * `price_scale + AVERAGE_EXTRA_DIGITS` decimal places; `"0"` before the first fill.
 */
export function averagePrice(
  notional_units: bigint,
  quantity_units: number,
  price_scale: number,
): string {
  if (quantity_units === 0) return '0';
  const factor = 10n ** BigInt(AVERAGE_EXTRA_DIGITS);
  const quantity = BigInt(quantity_units);
  const scaled = (notional_units * factor * 2n + quantity) / (quantity * 2n);
  return decimalOfUnits(scaled, price_scale + AVERAGE_EXTRA_DIGITS);
}

/**
 * ISIN (ISO 6166): 2-letter country prefix, 9-character national code (NSIN), 1 check digit.
 *
 * The check digit is the Luhn check over the digit expansion of the first 11 characters
 * (A = 10 … Z = 35). Luhn catches every single wrong digit and every swap of two adjacent digits
 * except 09 ↔ 90, but because a letter expands to two digits it misses some wrong letters
 * (ES0378331005 passes as well as US0378331005): a passing ISIN is well formed, not proven real.
 * @module
 */

import { accept, type Outcome } from '../../kernel/index.js';
import { refuse } from '../codes.js';
import { isCountryCode } from '../countries.js';
import { expandAlphanumeric } from './alphanumeric.js';

const ISIN_PATTERN = /^[A-Z]{2}[A-Z0-9]{9}[0-9]$/;
const ISIN_BASE_PATTERN = /^[A-Z]{2}[A-Z0-9]{9}$/;

/**
 * Prefixes that are not ISO 3166 countries but are assigned by ANNA: XS (international
 * securities cleared through Euroclear/Clearstream), EU (European Union issuers), XA–XD
 * (CUSIP Global Services international codes), EZ (OTC derivatives, ANNA DSB) and XT.
 */
const SPECIAL_PREFIXES: ReadonlySet<string> = new Set([
  'XS',
  'EU',
  'XA',
  'XB',
  'XC',
  'XD',
  'EZ',
  'XT',
]);

/** Whether an ISIN may start with `prefix`: an ISO 3166 country or an ANNA special prefix. */
export function isIsinPrefix(prefix: string): boolean {
  return isCountryCode(prefix) || SPECIAL_PREFIXES.has(prefix);
}

/** The check digit for the first 11 characters of an ISIN, or `undefined` if they are malformed. */
export function isinCheckDigit(first11: string): string | undefined {
  if (!ISIN_BASE_PATTERN.test(first11)) return undefined;
  const digits = expandAlphanumeric(first11);
  // The check digit will be the rightmost digit, so the base's rightmost digit is doubled.
  let sum = 0;
  for (let index = digits.length - 1, doubled = true; index >= 0; index -= 1, doubled = !doubled) {
    const digit = Number(digits[index]);
    const value = doubled ? digit * 2 : digit;
    sum += value > 9 ? value - 9 : value;
  }
  return String((10 - (sum % 10)) % 10);
}

// ISINs found valid: every trade's instrument is checked again (settlement capture), and a set of
// a few thousand strings answers without a regex, two slices and the check-digit expansion. A pure
// function's cache, emptied when full, so it cannot change a result.
const VALID_MEMO_MAX = 4_096;
const valid_memo = new Set<string>();

/** Accepts a well-formed ISIN with a known prefix and a correct check digit; else `INVALID_ISIN`. */
export function validateIsin(text: string): Outcome<string> {
  if (valid_memo.has(text)) return accept(text);
  const refused = isinProblem(text);
  if (refused !== undefined) return refused;
  if (valid_memo.size >= VALID_MEMO_MAX) valid_memo.clear();
  valid_memo.add(text);
  return accept(text);
}

function isinProblem(text: string): Outcome<string> | undefined {
  if (!ISIN_PATTERN.test(text)) {
    return refuse('INVALID_ISIN', 'An ISIN is 2 capital letters, 9 letters or digits and a digit', {
      isin: text,
      reason: 'format',
    });
  }
  const prefix = text.slice(0, 2);
  if (!isIsinPrefix(prefix)) {
    return refuse('INVALID_ISIN', `ISIN prefix ${prefix} is not an ISO 3166 country code`, {
      isin: text,
      reason: 'prefix',
    });
  }
  const expected = isinCheckDigit(text.slice(0, 11));
  if (expected !== text[11]) {
    return refuse('INVALID_ISIN', `ISIN check digit should be ${expected}, not ${text[11]}`, {
      isin: text,
      reason: 'check_digit',
      expected_check_digit: expected,
    });
  }
  return undefined;
}

/** Whether `text` is a well-formed ISIN with a known prefix and a correct check digit. */
export function isIsin(text: string): boolean {
  return validateIsin(text).ok;
}

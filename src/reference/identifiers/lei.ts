/**
 * LEI (ISO 17442): 18 letters or digits, then 2 check digits (ISO 7064 MOD 97-10, as in IBAN).
 *
 * Valid iff the digit expansion (A = 10 … Z = 35) of all 20 characters is 1 mod 97. The expansion
 * is longer than 2^53 allows, so the remainder is taken digit by digit: (r × 10 + d) mod 97.
 * @module
 */

import { accept, type Outcome } from '../../kernel/index.js';
import { refuse } from '../codes.js';
import { expandAlphanumeric } from './alphanumeric.js';

const LEI_PATTERN = /^[A-Z0-9]{18}[0-9]{2}$/;
const LEI_BASE_PATTERN = /^[A-Z0-9]{18}$/;

function mod97(text: string): number {
  let remainder = 0;
  for (const digit of expandAlphanumeric(text)) remainder = (remainder * 10 + Number(digit)) % 97;
  return remainder;
}

/** The two check digits for the first 18 characters of an LEI, or `undefined` if malformed. */
export function leiCheckDigits(first18: string): string | undefined {
  if (!LEI_BASE_PATTERN.test(first18)) return undefined;
  return String(98 - mod97(`${first18}00`)).padStart(2, '0');
}

/** Accepts a well-formed LEI whose check digits are right; else `INVALID_LEI`. */
export function validateLei(text: string): Outcome<string> {
  if (!LEI_PATTERN.test(text)) {
    return refuse('INVALID_LEI', 'An LEI is 18 capital letters or digits and 2 check digits', {
      lei: text,
      reason: 'format',
    });
  }
  if (mod97(text) !== 1) {
    return refuse(
      'INVALID_LEI',
      `LEI check digits should be ${leiCheckDigits(text.slice(0, 18))}`,
      {
        lei: text,
        reason: 'check_digits',
        expected_check_digits: leiCheckDigits(text.slice(0, 18)),
      },
    );
  }
  return accept(text);
}

/** Whether `text` is a well-formed LEI with correct check digits. */
export function isLei(text: string): boolean {
  return validateLei(text).ok;
}

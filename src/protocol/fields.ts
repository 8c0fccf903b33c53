/**
 * Field schemas shared by every command on the wire (HTTP JSON, FIX translation, CLI files).
 *
 * On the wire an amount is a string of decimal digits in minor units (`"150000"` is HKD 1,500.00):
 * JSON numbers lose precision past 2^53, so amounts never travel as numbers. Safe integers are
 * accepted too, for hand-written requests.
 * @module
 */

import { z } from 'zod';
import { FREE_TEXT_RULE, isFreeText } from '../kernel/text.js';

/** What an id looks like: 1–64 letters, digits or ._:-/, starting with a letter or digit. */
export const ID_FORMAT = /^[A-Za-z0-9][A-Za-z0-9._:\-/]{0,63}$/;

export const ID = z.string().regex(ID_FORMAT, 'an id is 1–64 letters, digits or ._:-/');

const DIGITS = /^\d{1,39}$/;

/** A non-negative amount in minor units, as a digit string (or a safe integer). */
export const AMOUNT_MINOR = z
  .union([
    z.string().regex(DIGITS, 'an amount is a string of digits in minor units'),
    z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  ])
  .transform((value) => BigInt(value));

/** A signed amount in minor units. */
export const SIGNED_AMOUNT_MINOR = z
  .union([
    z.string().regex(/^-?\d{1,39}$/, 'an amount is a string of digits in minor units'),
    z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
  ])
  .transform((value) => BigInt(value));

export const ISO_DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');

/**
 * Free text (a transfer's reference, a freeze reason, a note): at most `length_max` UTF-16 code
 * units of the one character set every free-text field shares (kernel/text.ts, docs/api.md).
 */
export function freeText(length_max: number) {
  return z
    .string()
    .max(length_max)
    .refine((text) => isFreeText(text, length_max), `must be ${FREE_TEXT_RULE}`);
}

export const SHORT_TEXT = freeText(140);

/**
 * Free text (names, transfer references, freeze reasons, notes): the one character set every
 * free-text field accepts, so what is stored is what is read back and shown.
 *
 * Accepted: any Unicode scalar value except
 * - control characters (C0 U+0000–U+001F, DEL U+007F, C1 U+0080–U+009F: ESC, NUL, CR, LF, TAB …),
 * - lone surrogates (U+D800–U+DFFF not in a pair: not a character, and not valid UTF-8),
 * - the bidirectional controls that reorder how text is displayed (Unicode UAX #9: U+061C ALM,
 *   U+200E LRM, U+200F RLM, U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates), the
 *   "Trojan Source" characters (CVE-2021-42574),
 * - line and paragraph separators (U+2028, U+2029) and the byte-order mark U+FEFF,
 * - private-use characters (U+E000–U+F8FF and planes 15–16) and noncharacters (U+FDD0–U+FDEF and
 *   every U+xxFFFE/U+xxFFFF).
 * The sets are written out as ranges, not Unicode property classes, so the answer never changes
 * with the Unicode version of the runtime (replay must decide the same way everywhere). Length is
 * counted as JavaScript counts it, in UTF-16 code units (a character outside the BMP, an emoji,
 * counts 2), the same count the domains' own length bounds use. Whether a field may be empty is
 * the field's rule, not the character set's.
 * @module
 */

// With the u flag a surrogate pair is one code point, so U+D800–U+DFFF matches lone halves only.
const REFUSED =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ue000-\uf8ff\ufdd0-\ufdef\ufffe\uffff\u{f0000}-\u{10ffff}\ud800-\udfff]/u;

/** Noncharacters U+1FFFE, U+1FFFF … U+EFFFE, U+EFFFF (planes 15–16 are refused as private use). */
const NONCHARACTER_SUPPLEMENTARY =
  /[\u{1fffe}\u{1ffff}\u{2fffe}\u{2ffff}\u{3fffe}\u{3ffff}\u{4fffe}\u{4ffff}\u{5fffe}\u{5ffff}\u{6fffe}\u{6ffff}\u{7fffe}\u{7ffff}\u{8fffe}\u{8ffff}\u{9fffe}\u{9ffff}\u{afffe}\u{affff}\u{bfffe}\u{bffff}\u{cfffe}\u{cffff}\u{dfffe}\u{dffff}\u{efffe}\u{effff}]/u;

export type TextProblem = 'too_long' | 'character';

/** What is wrong with `text` as free text of at most `length_max` UTF-16 code units, or null. */
export function textProblem(text: string, length_max: number): TextProblem | null {
  if (text.length > length_max) return 'too_long';
  if (REFUSED.test(text) || NONCHARACTER_SUPPLEMENTARY.test(text)) return 'character';
  return null;
}

/** Whether `text` is acceptable free text of at most `length_max` UTF-16 code units. */
export function isFreeText(text: string, length_max: number): boolean {
  return textProblem(text, length_max) === null;
}

/** The sentence a problem is reported with (lower case: it follows a field name). */
export const FREE_TEXT_RULE =
  'text without control characters, bidirectional controls, line separators, lone surrogates, private-use characters or noncharacters';

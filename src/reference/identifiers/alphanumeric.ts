/**
 * The digit expansion shared by ISIN (ISO 6166) and LEI (ISO 17442) check digits:
 * digits stay as they are, letters become two digits, A = 10 … Z = 35.
 * @module
 */

/** Expands `text` (digits and upper-case letters only; the caller checks) into decimal digits. */
export function expandAlphanumeric(text: string): string {
  let digits = '';
  for (const character of text) {
    const code = character.charCodeAt(0);
    digits += code <= 57 ? character : String(code - 55); // '9' is 57, 'A' is 65 → 10
  }
  return digits;
}

/**
 * DTI (ISO 24165 Digital Token Identifier): 9 characters from 0–9 and the 20 consonants
 * B C D F G H J K L M N P Q R S T V W X Z (no vowels, no Y), not starting with 0.
 *
 * Validity here is the format only. Whether a DTI exists is a question for the DTI Foundation's
 * registry, which the engine cannot reach. The check character is defined in the paid standard;
 * `dtiCheckCharacter` is a community reconstruction (ISO 7064 hybrid MOD 31,30 over the alphabet
 * order 0–9 then the consonants, from svyatov/sec_id) that reproduces Ethereum's X9J9K872S but
 * not every registered code (Bitcoin's grandfathered 4H95J0R2X computes T). It is unofficial, is
 * never used to refuse a DTI, and is offered only to mint illustrative DTIs for demos and tests.
 * @module
 */

import { accept, type Outcome } from '../../kernel/index.js';
import { refuse } from '../codes.js';

const DTI_ALPHABET = '0123456789BCDFGHJKLMNPQRSTVWXZ';
const DTI_PATTERN = /^[1-9BCDFGHJKLMNPQRSTVWXZ][0-9BCDFGHJKLMNPQRSTVWXZ]{8}$/;
const DTI_BASE_PATTERN = /^[1-9BCDFGHJKLMNPQRSTVWXZ][0-9BCDFGHJKLMNPQRSTVWXZ]{7}$/;

/** Accepts a DTI of the right shape (existence is the registry's business); else `INVALID_DTI`. */
export function validateDti(text: string): Outcome<string> {
  if (!DTI_PATTERN.test(text)) {
    return refuse(
      'INVALID_DTI',
      'A DTI is 9 characters from 0-9 and the consonants BCDFGHJKLMNPQRSTVWXZ, not starting with 0',
      { dti: text },
    );
  }
  return accept(text);
}

/** Whether `text` has the shape of a DTI. */
export function isDti(text: string): boolean {
  return validateDti(text).ok;
}

/**
 * The community MOD 31,30 check character for an 8-character DTI base, or `undefined` if the
 * base is malformed. Unofficial: see the module note.
 */
export function dtiCheckCharacter(base8: string): string | undefined {
  if (!DTI_BASE_PATTERN.test(base8)) return undefined;
  let product = 30;
  for (const character of base8) {
    const sum = (product + DTI_ALPHABET.indexOf(character)) % 30;
    product = (2 * (sum === 0 ? 30 : sum)) % 31;
  }
  return DTI_ALPHABET[(31 - product) % 30];
}

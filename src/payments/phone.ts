/**
 * Mobile numbers as proxies, validated and normalised to E.164 by Google's libphonenumber
 * (its metadata knows each region's mobile ranges; a regex would not). Pure: the library reads
 * only its bundled metadata.
 * @module
 */

import libphonenumber from 'google-libphonenumber';
import { accept, type Outcome, reject } from '../kernel/index.js';
import type { Side } from './types.js';

const { PhoneNumberFormat, PhoneNumberType, PhoneNumberUtil } = libphonenumber;
const util = PhoneNumberUtil.getInstance();

/** The numbering region of each side: Hong Kong (+852) and Mainland China (+86). */
export const PHONE_REGION: Readonly<Record<Side, string>> = { HK: 'HK', MAINLAND: 'CN' };

/** A number longer than this is refused before the parser sees it. */
const PHONE_TEXT_MAX = 32;

/**
 * `text` as an E.164 mobile number of `side` (national or international form), or
 * PROXY_PHONE_INVALID naming why.
 */
export function normaliseMobile(side: Side, text: string): Outcome<string> {
  const region = PHONE_REGION[side];
  if (text.length === 0 || text.length > PHONE_TEXT_MAX) {
    return reject('PROXY_PHONE_INVALID', 'A mobile number has 1 to 32 characters', { side, text });
  }
  let parsed: libphonenumber.PhoneNumber;
  try {
    parsed = util.parse(text, region);
  } catch {
    return reject('PROXY_PHONE_INVALID', 'This is not a telephone number', { side, text });
  }
  if (!util.isValidNumberForRegion(parsed, region)) {
    return reject('PROXY_PHONE_INVALID', `Not a valid number in region ${region}`, {
      side,
      text,
      region,
    });
  }
  const type = util.getNumberType(parsed);
  if (type !== PhoneNumberType.MOBILE && type !== PhoneNumberType.FIXED_LINE_OR_MOBILE) {
    return reject('PROXY_PHONE_INVALID', 'A proxy is a mobile number, not a fixed line', {
      side,
      text,
    });
  }
  return accept(util.format(parsed, PhoneNumberFormat.E164));
}

/**
 * Small field checks shared by the registration functions. Each returns the rejection or
 * `undefined`, so a registration reads as one `??` chain that stops at the first problem.
 * @module
 */

import { isIsoDate, type Rejection } from '../kernel/index.js';
import { refuse } from './codes.js';
import { isCountryCode } from './countries.js';
import { currency } from './currencies.js';
import type { ReferenceState } from './state.js';

/** Ids: a letter or digit, then letters, digits, `.`, `_` or `-`; 64 characters at most. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** The longest name a party or security may have, in UTF-16 code units. */
export const NAME_LENGTH_MAX = 200;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** The given `code` unless `id` is 1-64 letters, digits, `.`, `_` or `-` starting with a letter or digit. */
export function checkId(
  code: 'INVALID_PARTY_ID' | 'INVALID_INVESTOR_ID' | 'INVALID_ASSET_ID',
  what: string,
  id: string,
): Rejection | undefined {
  if (ID_PATTERN.test(id)) return undefined;
  return refuse(
    code,
    `A ${what} id is 1 to 64 letters, digits, dots, underscores or hyphens, starting with a letter or digit`,
    { id },
  );
}

/** `INVALID_NAME` unless the name is 1-200 characters, not blank, without control characters. */
export function checkName(name: string): Rejection | undefined {
  if (name.trim().length > 0 && name.length <= NAME_LENGTH_MAX && !CONTROL_CHARACTERS.test(name)) {
    return undefined;
  }
  return refuse('INVALID_NAME', `A name is 1 to ${NAME_LENGTH_MAX} printable characters`, { name });
}

/** A jurisdiction or document country: an ISO 3166-1 alpha-2 code in capitals. */
export function checkCountry(field: string, code: string): Rejection | undefined {
  if (isCountryCode(code)) return undefined;
  return refuse(
    'INVALID_JURISDICTION',
    `${field} must be an ISO 3166 alpha-2 country code such as HK or CN`,
    {
      field,
      value: code,
    },
  );
}

/** `INVALID_DATE` unless `date` is a real calendar date written YYYY-MM-DD. */
export function checkDate(field: string, date: string): Rejection | undefined {
  if (isIsoDate(date)) return undefined;
  return refuse('INVALID_DATE', `${field} must be a date written YYYY-MM-DD`, {
    field,
    value: date,
  });
}

/** Cash assets and securities share one namespace: both are ledger assets. */
export function checkAssetIdFree(state: ReferenceState, id: string): Rejection | undefined {
  if (state.cash_assets.has(id)) {
    return refuse('CASH_ASSET_EXISTS', `Cash asset ${id} already exists`, { id });
  }
  if (state.securities.has(id)) {
    return refuse('SECURITY_EXISTS', `Security ${id} already exists`, { id });
  }
  return undefined;
}

/** `UNKNOWN_CURRENCY` unless `code` is a currency the engine settles in. */
export function checkCurrency(code: string): Rejection | undefined {
  if (currency(code) !== undefined) return undefined;
  return refuse('UNKNOWN_CURRENCY', `Currency ${code} is not one of CNY, CNH, HKD, USD, EUR`, {
    currency: code,
  });
}

/**
 * The field checks of a security, shared by registration and update.
 * @module
 */

import { AMOUNT_MAX, type Rejection } from '../kernel/index.js';
import { checkCurrency, checkDate, checkName } from './checks.js';
import { refuse } from './codes.js';
import type { SecurityInput } from './commands.js';
import { validateDti } from './identifiers/dti.js';
import {
  INTERBANK_CSDS,
  isMainlandExchange,
  isMarket,
  marketInfo,
  SPECIAL_TREATMENTS,
} from './markets.js';
import { hasRole } from './parties.js';
import type { ReferenceState } from './state.js';
import { tickTable, validatePrice } from './ticks.js';

/** Prices are safe integers, so a price unit finer than 10^-8 is not supported. */
const PRICE_SCALE_MAX = 8;
const COUPON_PPM_MAX = 1_000_000; // 100 %

/** Every check of a security except its id and uniqueness. */
export function checkSecurityFields(
  state: ReferenceState,
  input: SecurityInput,
): Rejection | undefined {
  return (
    checkName(input.name) ??
    checkVenue(input) ??
    checkSpecialTreatment(input) ??
    checkVcmIndex(input) ??
    checkCurrency(input.currency) ??
    checkLots(input) ??
    checkPricing(input) ??
    checkDate('listing_date', input.listing_date) ??
    checkDti(input.dti) ??
    checkIssuedUnits(input.issued_units) ??
    checkAShareUnits(input) ??
    checkIssuer(state, input.issuer) ??
    checkBond(input) ??
    checkCsd(input)
  );
}

function checkVenue(input: SecurityInput): Rejection | undefined {
  if (!isMarket(input.market)) {
    return refuse('UNKNOWN_MARKET', `Unknown market ${input.market}`, { market: input.market });
  }
  const info = marketInfo(input.market);
  if (!info.symbol_pattern.test(input.symbol)) {
    return refuse('INVALID_SYMBOL', `${input.symbol} is not a ${info.name} code`, {
      market: input.market,
      symbol: input.symbol,
    });
  }
  if (!info.boards.includes(input.board)) {
    return refuse('BOARD_INVALID', `${info.name} has no ${input.board} board`, {
      market: input.market,
      board: input.board,
      boards: info.boards,
    });
  }
  if (!info.kinds.includes(input.kind)) {
    return refuse('KIND_INVALID', `${info.name} does not list a ${input.kind}`, {
      market: input.market,
      kind: input.kind,
      kinds: info.kinds,
    });
  }
  return undefined;
}

/** ST and *ST are Mainland risk alerts on stocks. */
function checkSpecialTreatment(input: SecurityInput): Rejection | undefined {
  const flag = input.special_treatment ?? 'none';
  const known = (SPECIAL_TREATMENTS as readonly string[]).includes(flag);
  const applies =
    isMarket(input.market) && isMainlandExchange(input.market) && input.kind === 'stock';
  if (known && (flag === 'none' || applies)) return undefined;
  return refuse('SPECIAL_TREATMENT_INVALID', 'ST and *ST apply only to SSE and SZSE stocks', {
    special_treatment: flag,
    market: input.market,
    kind: input.kind,
  });
}

/** VCM index membership is an SEHK notion. */
function checkVcmIndex(input: SecurityInput): Rejection | undefined {
  const index = input.vcm_index ?? 'none';
  if (index === 'none' || input.market === 'XHKG') return undefined;
  return refuse('VCM_INDEX_INVALID', 'A VCM index applies only to SEHK securities', {
    vcm_index: index,
    market: input.market,
  });
}

/** A-share units: an SSE/SZSE stock's, positive, and no more than all its shares. */
function checkAShareUnits(input: SecurityInput): Rejection | undefined {
  const a_shares = input.a_share_units;
  if (a_shares === undefined) return undefined;
  const mainland = input.market === 'XSHG' || input.market === 'XSHE';
  const issued = input.issued_units;
  if (
    mainland &&
    input.kind === 'stock' &&
    a_shares > 0n &&
    (issued === undefined || a_shares <= issued)
  ) {
    return undefined;
  }
  return refuse(
    'A_SHARE_UNITS_INVALID',
    "A-share units are a positive part of an SSE/SZSE stock's shares in issue",
    {
      a_share_units: a_shares,
      issued_units: issued,
      market: input.market,
    },
  );
}

function checkLots(input: SecurityInput): Rejection | undefined {
  const lot = input.lot_size;
  if (!Number.isSafeInteger(lot) || lot <= 0) {
    return refuse('LOT_SIZE_INVALID', 'A lot size is a whole number of units, 1 or more', {
      lot_size: lot,
    });
  }
  const minimum = input.min_order_units;
  if (
    minimum !== undefined &&
    (!Number.isSafeInteger(minimum) || minimum <= 0 || minimum % lot !== 0)
  ) {
    return refuse('MIN_ORDER_INVALID', 'A minimum order is a positive whole number of lots', {
      min_order_units: minimum,
      lot_size: lot,
    });
  }
  return undefined;
}

function checkPricing(input: SecurityInput): Rejection | undefined {
  const scale = input.price_scale;
  if (!Number.isInteger(scale) || scale < 0 || scale > PRICE_SCALE_MAX) {
    return refuse(
      'PRICE_SCALE_INVALID',
      `A price scale is a whole number from 0 to ${PRICE_SCALE_MAX}`,
      {
        price_scale: scale,
      },
    );
  }
  const table = tickTable(input.tick_table);
  if (table === undefined) {
    return refuse('UNKNOWN_TICK_TABLE', `No tick table ${input.tick_table}`, {
      tick_table: input.tick_table,
    });
  }
  if (table.price_scale !== null && table.price_scale !== scale) {
    return refuse(
      'TICK_TABLE_SCALE_MISMATCH',
      `Tick table ${table.id} is written for price scale ${table.price_scale}`,
      {
        tick_table: table.id,
        table_price_scale: table.price_scale,
        price_scale: scale,
      },
    );
  }
  if (input.previous_close_units === undefined) return undefined;
  const close = validatePrice(table, input.previous_close_units);
  return close.ok ? undefined : close;
}

function checkDti(dti: string | undefined): Rejection | undefined {
  if (dti === undefined) return undefined;
  const valid = validateDti(dti);
  return valid.ok ? undefined : valid;
}

function checkIssuedUnits(units: bigint | undefined): Rejection | undefined {
  if (units === undefined || (units > 0n && units <= AMOUNT_MAX)) return undefined;
  return refuse('ISSUED_UNITS_INVALID', 'Units in issue must be 1 or more', {
    issued_units: units,
  });
}

function checkIssuer(state: ReferenceState, issuer_id: string | undefined): Rejection | undefined {
  if (issuer_id === undefined) return undefined;
  const issuer = state.parties.get(issuer_id);
  if (issuer === undefined)
    return refuse('UNKNOWN_PARTY', `No party ${issuer_id}`, { party: issuer_id });
  if (hasRole(issuer, 'issuer')) return undefined;
  return refuse('ISSUER_ROLE_MISMATCH', `Party ${issuer_id} does not have the role issuer`, {
    issuer: issuer_id,
    required_role: 'issuer',
    roles: issuer.roles,
  });
}

function checkBond(input: SecurityInput): Rejection | undefined {
  const bond = input.bond;
  if ((input.kind === 'bond') !== (bond !== undefined)) {
    return refuse(
      'BOND_TERMS_INVALID',
      'A bond, and only a bond, has coupon, maturity and face value',
      {
        kind: input.kind,
        has_bond_terms: bond !== undefined,
      },
    );
  }
  if (bond === undefined) return undefined;
  const bad_coupon =
    !Number.isInteger(bond.coupon_ppm) || bond.coupon_ppm < 0 || bond.coupon_ppm > COUPON_PPM_MAX;
  const bad_face = bond.face_value_minor <= 0n || bond.face_value_minor > AMOUNT_MAX;
  if (bad_coupon || bad_face) {
    return refuse(
      'BOND_TERMS_INVALID',
      'A coupon is 0 to 1,000,000 ppm and a face value is positive',
      {
        coupon_ppm: bond.coupon_ppm,
        face_value_minor: bond.face_value_minor,
      },
    );
  }
  const bad_date = checkDate('bond.maturity_date', bond.maturity_date);
  if (bad_date !== undefined) return bad_date;
  if (bond.maturity_date <= input.listing_date) {
    return refuse('BOND_TERMS_INVALID', 'A bond matures after it is issued', {
      listing_date: input.listing_date,
      maturity_date: bond.maturity_date,
    });
  }
  return undefined;
}

/** A CIBM bond may name its onshore CSD (CCDC or SHCH); no other security names one. */
function checkCsd(input: SecurityInput): Rejection | undefined {
  if (input.csd === undefined) return undefined;
  if (input.market === 'CIBM' && (INTERBANK_CSDS as readonly string[]).includes(input.csd)) {
    return undefined;
  }
  return refuse('SECURITY_CSD_INVALID', 'Only a CIBM bond names its CSD: CCDC or SHCH', {
    market: input.market,
    csd: input.csd,
    csds: INTERBANK_CSDS,
  });
}

/**
 * Securities: instruments identified by ISIN (the ledger asset id) with their venue data
 * (market, board, symbol, lot, tick table, price scale) and, for bonds, their terms.
 *
 * A security's ledger unit is one whole unit: a share, a fund unit, a token, or for a bond one
 * unit of `face_value_minor` face value. So the ledger scale of every security is 0.
 * @module
 */

import { accept, type Outcome, type Rejection } from '../kernel/index.js';
import { checkAssetIdFree } from './checks.js';
import { refuse } from './codes.js';
import type { SecurityInput, SecurityUpdate } from './commands.js';
import type { CurrencyCode } from './currencies.js';
import { validateIsin } from './identifiers/isin.js';
import type {
  Board,
  InterbankCsd,
  Market,
  SecurityKind,
  SpecialTreatment,
  VcmIndex,
} from './markets.js';
import { checkSecurityFields } from './security-checks.js';
import type { ReferenceState } from './state.js';
import type { TickTableId } from './ticks.js';

/** What makes a bond a bond: coupon, maturity and face value per unit. */
export interface BondTerms {
  /** Annual coupon in parts per million of face value (1 bp = 100 ppm): 3.633 % is 36,330. */
  readonly coupon_ppm: number;
  readonly maturity_date: string;
  /** Face value of one ledger unit of the bond, in the bond currency's minor units. */
  readonly face_value_minor: bigint;
}

/** A registered security: plain, frozen data. */
export interface Security {
  /** The ISIN: also the ledger asset id. */
  readonly id: string;
  /** The venue code: 600519, 0700. */
  readonly symbol: string;
  readonly name: string;
  readonly market: Market;
  readonly board: Board;
  readonly kind: SecurityKind;
  readonly special_treatment: SpecialTreatment;
  /** SEHK: the index that puts the security under the VCM; absent = none. */
  readonly vcm_index?: VcmIndex;
  readonly currency: CurrencyCode;
  /** Units per board lot. */
  readonly lot_size: number;
  /** Smallest buy order where it is not one lot (STAR: 200 shares in 1-share steps). */
  readonly min_order_units?: number;
  /** Decimal places of the price unit: 2 for A shares (RMB 0.01), 3 for Hong Kong. */
  readonly price_scale: number;
  readonly tick_table: TickTableId;
  readonly listing_date: string;
  /** Previous close in price units. */
  readonly previous_close_units?: number;
  /** ISO 24165 Digital Token Identifier of the tokenized form. */
  readonly dti?: string;
  /** Total units in issue (the 10 % single foreign limit and the 5 % disclosure). */
  readonly issued_units?: bigint;
  /** A-share units in issue, when the company also has other shares (H shares): the base of the
   * 30 % aggregate foreign limit and the 28 %/26 % Northbound suspension. */
  readonly a_share_units?: bigint;
  /** The issuing party, where it is a party of the market (the HKSAR Government's bonds). */
  readonly issuer?: string;
  readonly bond?: BondTerms;
  /** A CIBM bond's onshore CSD (`INTERBANK_CSDS`); absent elsewhere, and CCDC when omitted. */
  readonly csd?: InterbankCsd;
}

/**
 * A last check of a security that passed every reference check, by whoever acts on it (the hub
 * opens its book): a rejection refuses the command before anything is stored.
 */
export type AdmitSecurity = (security: Security) => Rejection | undefined;

const ADMIT_ALL: AdmitSecurity = () => undefined;

/** Registers a security, or refuses it and leaves the state as it was. */
export function registerSecurity(
  state: ReferenceState,
  input: SecurityInput,
  admit: AdmitSecurity = ADMIT_ALL,
): Outcome<Security> {
  const isin = validateIsin(input.id);
  if (!isin.ok) return isin;
  const refused =
    checkAssetIdFree(state, input.id) ??
    checkSymbolFree(state, input) ??
    checkDtiFree(state, input.dti) ??
    checkSecurityFields(state, input);
  if (refused !== undefined) return refused;
  const security = securityRecord(input);
  const not_admitted = admit(security);
  if (not_admitted !== undefined) return not_admitted;
  state.securities.set(security.id, security);
  return accept(security);
}

/** Changes what changes after listing (previous close, ST flag, name, lot, shares in issue). */
export function updateSecurity(
  state: ReferenceState,
  update: SecurityUpdate,
  admit: AdmitSecurity = ADMIT_ALL,
): Outcome<Security> {
  const existing = state.securities.get(update.id);
  if (existing === undefined) {
    return refuse('UNKNOWN_SECURITY', `No security ${update.id}`, { id: update.id });
  }
  const candidate: SecurityInput = {
    ...existing,
    name: update.name ?? existing.name,
    special_treatment: update.special_treatment ?? existing.special_treatment,
    lot_size: update.lot_size ?? existing.lot_size,
    min_order_units: update.min_order_units ?? existing.min_order_units,
    previous_close_units: update.previous_close_units ?? existing.previous_close_units,
    issued_units: update.issued_units ?? existing.issued_units,
    a_share_units: update.a_share_units ?? existing.a_share_units,
  };
  const refused = checkSecurityFields(state, candidate);
  if (refused !== undefined) return refused;
  const security = securityRecord(candidate);
  const not_admitted = admit(security);
  if (not_admitted !== undefined) return not_admitted;
  state.securities.set(security.id, security);
  return accept(security);
}

function checkSymbolFree(state: ReferenceState, input: SecurityInput): Rejection | undefined {
  const other = findSecurityBySymbol(state, input.market, input.symbol);
  if (other === undefined) return undefined;
  return refuse('SYMBOL_EXISTS', `${input.market} already lists ${input.symbol} as ${other.id}`, {
    market: input.market,
    symbol: input.symbol,
    security: other.id,
  });
}

function checkDtiFree(state: ReferenceState, dti: string | undefined): Rejection | undefined {
  if (dti === undefined) return undefined;
  for (const security of state.securities.values()) {
    if (security.dti === dti) {
      return refuse('DTI_EXISTS', `DTI ${dti} already identifies ${security.id}`, {
        dti,
        security: security.id,
      });
    }
  }
  return undefined;
}

/** The security a market lists under `symbol`, if any. */
export function findSecurityBySymbol(
  state: ReferenceState,
  market: string,
  symbol: string,
): Security | undefined {
  for (const security of state.securities.values()) {
    if (security.market === market && security.symbol === symbol) return security;
  }
  return undefined;
}

/** The record, in a fixed key order, without absent optional fields. Input checked already. */
function securityRecord(input: SecurityInput): Security {
  // The casts narrow strings that checkSecurityFields has just checked against their tables.
  return Object.freeze({
    id: input.id,
    symbol: input.symbol,
    name: input.name,
    market: input.market as Market,
    board: input.board,
    kind: input.kind,
    special_treatment: input.special_treatment ?? 'none',
    ...optional('vcm_index', input.vcm_index === 'none' ? undefined : input.vcm_index),
    currency: input.currency as CurrencyCode,
    lot_size: input.lot_size,
    ...optional('min_order_units', input.min_order_units),
    price_scale: input.price_scale,
    tick_table: input.tick_table as TickTableId,
    listing_date: input.listing_date,
    ...optional('previous_close_units', input.previous_close_units),
    ...optional('dti', input.dti),
    ...optional('issued_units', input.issued_units),
    ...optional('a_share_units', input.a_share_units),
    ...optional('issuer', input.issuer),
    ...optional('csd', input.csd as InterbankCsd | undefined),
    ...(input.bond === undefined ? {} : { bond: Object.freeze({ ...input.bond }) }),
  });
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]: V });
}

/**
 * Investors: the end clients behind brokers, as plain data for the rules that come later
 * (Northbound eligibility, the Mainland-investor rule, the Southbound RMB 500,000 test, ChiNext
 * and STAR access for institutional professional investors).
 * @module
 */

import { AMOUNT_MAX, accept, type Outcome, type Rejection } from '../kernel/index.js';
import { checkCountry, checkId } from './checks.js';
import { refuse } from './codes.js';
import type { InvestorInput } from './commands.js';
import { validateBcan } from './identifiers/bcan.js';
import { hasRole } from './parties.js';
import type { ReferenceState } from './state.js';

/**
 * - `retail`: an individual who is not a professional investor.
 * - `professional`: a professional investor that is not an institution (an individual or
 *   corporate PI under the SFC's rules, a qualified investor under the Mainland's).
 * - `institutional`: a licensed or regulated institution (bank, insurer, fund, broker).
 * - `qfii`: a foreign institution investing in the Mainland under the QFII/RQFII scheme.
 */
export const INVESTOR_TYPES = ['retail', 'professional', 'institutional', 'qfii'] as const;
/** One of `INVESTOR_TYPES`. */
export type InvestorType = (typeof INVESTOR_TYPES)[number];

/** A registered investor: plain, frozen data. */
/** A retail investor's recorded opt-in to the SFC shared order book (shared_book.ts). */
export interface SharedBookOptIn {
  readonly date: string;
  readonly suitability_assessed: true;
  readonly risk_disclosure_acknowledged: true;
}

export interface Investor {
  readonly id: string;
  readonly type: InvestorType;
  /** ISO 3166-1 alpha-2 country of residence or incorporation. */
  readonly jurisdiction: string;
  /** The party (a broker) holding the investor's account. */
  readonly broker: string;
  /** The Northbound BCAN the broker assigned, if the investor trades Northbound. */
  readonly bcan?: string;
  /** Country that issued the investor's identity document (CN makes a Mainland investor). */
  readonly id_document_country: string;
  /** Southbound test: average daily assets over the last 20 trading days, in CNY minor units. */
  readonly southbound_assets_20d_avg_minor?: bigint;
  /** Derived from `type` and stored, so rules read data: professional, institutional, QFII. */
  readonly professional: boolean;
  /** Derived from `type`: institutional or QFII. */
  readonly institutional: boolean;
  /** A retail investor's recorded opt-in to the SFC shared order book (shared_book.ts). */
  readonly shared_book_opt_in?: SharedBookOptIn;
}

/** Registers an investor, or refuses it and leaves the state as it was. */
export function registerInvestor(state: ReferenceState, input: InvestorInput): Outcome<Investor> {
  const refused =
    checkId('INVALID_INVESTOR_ID', 'investor', input.id) ??
    checkInvestorIdFree(state, input.id) ??
    checkType(input.type) ??
    checkCountry('jurisdiction', input.jurisdiction) ??
    checkCountry('id_document_country', input.id_document_country) ??
    checkBroker(state, input.broker) ??
    checkInvestorBcan(state, input) ??
    checkAssets(input.southbound_assets_20d_avg_minor);
  if (refused !== undefined) return refused;
  const investor = investorRecord(input);
  state.investors.set(investor.id, investor);
  return accept(investor);
}

function checkInvestorIdFree(state: ReferenceState, id: string): Rejection | undefined {
  if (state.investors.has(id)) {
    return refuse('INVESTOR_EXISTS', `Investor ${id} already exists`, { id });
  }
  if (state.parties.has(id)) return refuse('PARTY_EXISTS', `${id} is already a party's id`, { id });
  return undefined;
}

function checkType(type: string): Rejection | undefined {
  if ((INVESTOR_TYPES as readonly string[]).includes(type)) return undefined;
  return refuse(
    'INVALID_INVESTOR_TYPE',
    `Investor type must be one of ${INVESTOR_TYPES.join(', ')}`,
    {
      type,
    },
  );
}

function checkBroker(state: ReferenceState, broker_id: string): Rejection | undefined {
  const broker = state.parties.get(broker_id);
  if (broker === undefined) {
    return refuse('UNKNOWN_PARTY', `No party ${broker_id}`, { party: broker_id });
  }
  if (!hasRole(broker, 'broker')) {
    return refuse('PARTY_NOT_BROKER', `Party ${broker_id} is not a broker`, {
      party: broker_id,
      roles: broker.roles,
    });
  }
  return undefined;
}

/** A BCAN is assigned by a China Connect participant and is unique among its clients. */
function checkInvestorBcan(state: ReferenceState, input: InvestorInput): Rejection | undefined {
  if (input.bcan === undefined) return undefined;
  const valid = validateBcan(input.bcan);
  if (!valid.ok) return valid;
  const broker = state.parties.get(input.broker);
  if (broker !== undefined && broker.china_connect === 'none') {
    return refuse(
      'BROKER_NOT_CONNECT_PARTICIPANT',
      `Broker ${input.broker} is not a China Connect participant and cannot assign BCANs`,
      { broker: input.broker, bcan: input.bcan },
    );
  }
  for (const other of state.investors.values()) {
    if (other.broker === input.broker && other.bcan === input.bcan) {
      return refuse(
        'BCAN_EXISTS',
        `Broker ${input.broker} already gave BCAN ${input.bcan} to ${other.id}`,
        {
          broker: input.broker,
          bcan: input.bcan,
          investor: other.id,
        },
      );
    }
  }
  return undefined;
}

function checkAssets(amount_minor: bigint | undefined): Rejection | undefined {
  if (amount_minor === undefined || (amount_minor >= 0n && amount_minor <= AMOUNT_MAX)) {
    return undefined;
  }
  return refuse('INVALID_AMOUNT', 'The 20-day average assets must be zero or more', {
    field: 'southbound_assets_20d_avg_minor',
    value: amount_minor,
  });
}

function investorRecord(input: InvestorInput): Investor {
  const type = input.type;
  return Object.freeze({
    id: input.id,
    type,
    jurisdiction: input.jurisdiction,
    broker: input.broker,
    ...(input.bcan === undefined ? {} : { bcan: input.bcan }),
    id_document_country: input.id_document_country,
    ...(input.southbound_assets_20d_avg_minor === undefined
      ? {}
      : { southbound_assets_20d_avg_minor: input.southbound_assets_20d_avg_minor }),
    professional: type !== 'retail',
    institutional: type === 'institutional' || type === 'qfii',
  });
}

/**
 * Parties: the legal entities of the market (exchanges, FMIs, brokers, banks, central banks,
 * platforms, issuers), each with an optional LEI and the roles it plays.
 * @module
 */

import { accept, type Outcome, type Rejection } from '../kernel/index.js';
import { checkCountry, checkId, checkName } from './checks.js';
import { refuse } from './codes.js';
import type { PartyInput } from './commands.js';
import { validateLei } from './identifiers/lei.js';
import { isMarket, type Market } from './markets.js';
import type { ReferenceState } from './state.js';

/** The roles a party can play. `exchange` is for SEHK, SSE and SZSE. */
export const PARTY_ROLES = [
  'exchange',
  'broker',
  'custodian',
  'csd',
  'ccp',
  'bank',
  'market_maker',
  'primary_liquidity_provider',
  'platform',
  'fx_bank',
  'central_bank',
  'issuer',
  'operator',
] as const;
/** One of `PARTY_ROLES`. */
export type PartyRole = (typeof PARTY_ROLES)[number];

/**
 * A broker's China Connect status at SEHK for Northbound trading: a China Connect Exchange
 * Participant (CCEP) routes orders itself; a Trade-through Exchange Participant (TTEP) routes
 * through a CCEP.
 */
export const CHINA_CONNECT_STATUSES = ['none', 'ccep', 'ttep'] as const;
/** One of `CHINA_CONNECT_STATUSES`. */
export type ChinaConnectStatus = (typeof CHINA_CONNECT_STATUSES)[number];

/** A registered party: plain, frozen data. */
export interface Party {
  readonly id: string;
  readonly name: string;
  readonly lei?: string;
  readonly roles: readonly PartyRole[];
  /** ISO 3166-1 alpha-2 country of incorporation (HK, CN, …). */
  readonly jurisdiction: string;
  /** Markets where the party is an exchange participant (member). */
  readonly exchange_participant_of: readonly Market[];
  readonly china_connect: ChinaConnectStatus;
  /** The corporate group (affiliates share one); absent: the party alone. */
  readonly group?: string;
}

/** Whether the party plays `role`. */
export function hasRole(party: Party, role: PartyRole): boolean {
  return party.roles.includes(role);
}

/** Registers a party, or refuses it and leaves the state as it was. */
export function registerParty(state: ReferenceState, input: PartyInput): Outcome<Party> {
  const refused =
    checkId('INVALID_PARTY_ID', 'party', input.id) ??
    (input.group === undefined ? undefined : checkId('INVALID_PARTY_ID', 'group', input.group)) ??
    checkPartyIdFree(state, input.id) ??
    checkName(input.name) ??
    checkPartyLei(state, input.lei) ??
    checkRoles(input.roles) ??
    checkCountry('jurisdiction', input.jurisdiction) ??
    checkParticipation(input);
  if (refused !== undefined) return refused;
  const party = partyRecord(input);
  state.parties.set(party.id, party);
  return accept(party);
}

/** Parties and investors share one namespace: both own ledger accounts. */
function checkPartyIdFree(state: ReferenceState, id: string): Rejection | undefined {
  if (state.parties.has(id)) return refuse('PARTY_EXISTS', `Party ${id} already exists`, { id });
  if (state.investors.has(id)) {
    return refuse('INVESTOR_EXISTS', `${id} is already an investor's id`, { id });
  }
  return undefined;
}

function checkPartyLei(state: ReferenceState, lei: string | undefined): Rejection | undefined {
  if (lei === undefined) return undefined;
  const valid = validateLei(lei);
  if (!valid.ok) return valid;
  for (const party of state.parties.values()) {
    if (party.lei === lei) {
      return refuse('LEI_EXISTS', `LEI ${lei} already belongs to party ${party.id}`, {
        lei,
        party: party.id,
      });
    }
  }
  return undefined;
}

function checkRoles(roles: readonly string[]): Rejection | undefined {
  const unknown = roles.filter((role) => !(PARTY_ROLES as readonly string[]).includes(role));
  if (roles.length === 0 || unknown.length > 0 || new Set(roles).size !== roles.length) {
    return refuse('INVALID_ROLES', 'A party needs one or more known roles, each listed once', {
      roles,
      unknown,
    });
  }
  return undefined;
}

function checkParticipation(input: PartyInput): Rejection | undefined {
  const markets = input.exchange_participant_of ?? [];
  const unknown = markets.filter((market) => !isMarket(market));
  if (unknown.length > 0) {
    return refuse('UNKNOWN_MARKET', `Unknown market ${unknown[0]}`, { markets: unknown });
  }
  if (new Set(markets).size !== markets.length) {
    return refuse('PARTICIPANT_INVALID', 'Each market is listed once', { markets });
  }
  const status = input.china_connect ?? 'none';
  if (!(CHINA_CONNECT_STATUSES as readonly string[]).includes(status)) {
    return refuse('PARTICIPANT_INVALID', `Unknown China Connect status ${status}`, { status });
  }
  const is_sehk_broker = input.roles.includes('broker') && markets.includes('XHKG');
  if (status !== 'none' && !is_sehk_broker) {
    return refuse(
      'PARTICIPANT_INVALID',
      'A China Connect participant must be a broker and an SEHK participant (XHKG)',
      { china_connect: status, roles: input.roles, exchange_participant_of: markets },
    );
  }
  return undefined;
}

function partyRecord(input: PartyInput): Party {
  return Object.freeze({
    id: input.id,
    name: input.name,
    ...(input.lei === undefined ? {} : { lei: input.lei }),
    roles: Object.freeze([...input.roles]),
    jurisdiction: input.jurisdiction,
    // Checked by checkParticipation: every entry is a market.
    exchange_participant_of: Object.freeze([...(input.exchange_participant_of ?? [])] as Market[]),
    china_connect: input.china_connect ?? 'none',
    ...(input.group === undefined ? {} : { group: input.group }),
  });
}

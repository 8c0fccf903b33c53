/**
 * Who may trade what through a link: the Northbound investor ID, the security's standing on the
 * link's list and its special cases, and the investor's own eligibility.
 * @module
 */

import type { Rejection } from '../kernel/index.js';
import type { Security } from '../reference/index.js';
import { findMapping, inForce } from './bcan.js';
import { refuse } from './codes.js';
import { CONNECT_CONSTANTS, type LinkInfo } from './links.js';
import {
  idDocumentCountry,
  isInstitutionalProfessional,
  isInvestor,
  type Owner,
  type RulesOrder,
} from './order.js';
import type { RulesState } from './state.js';

/** Every Northbound order carries a BCAN in force for the broker and the order's owner. */
export function checkInvestorId(
  state: RulesState,
  order: RulesOrder,
  participant_id: string,
  owner_id: string,
): Rejection | null {
  const bcan = order.bcan;
  if (bcan === undefined || bcan === '') {
    return refuse('INVESTOR_ID_MISSING', 'A Northbound order must carry the investor’s BCAN', {
      participant: order.participant,
      owner: order.owner,
    });
  }
  const mapping = findMapping(state.bcan, participant_id, bcan);
  if (mapping === undefined || !inForce(mapping, state.day.day_number)) {
    return refuse('INVESTOR_ID_NOT_MAPPED', `BCAN ${bcan} is not mapped for today`, {
      participant: order.participant,
      bcan,
      date: state.day.date,
      effective_date: mapping?.effective_date ?? '',
      retired_date: mapping?.retired_date ?? '',
    });
  }
  if (mapping.investor !== owner_id) {
    return refuse('INVESTOR_ID_MISMATCH', `BCAN ${bcan} belongs to another client`, {
      participant: order.participant,
      bcan,
      owner: order.owner,
      mapped_investor: mapping.investor,
    });
  }
  return null;
}

/** The security's standing on the link's list, and the Northbound special cases. */
export function checkEligibility(
  state: RulesState,
  info: LinkInfo,
  order: RulesOrder,
  security: Security,
  owner: Owner,
): Rejection | null {
  const status = (state.eligibility[info.index] as Map<string, string>).get(security.id);
  const details = { link: info.link, instrument: security.id, symbol: security.symbol };
  if (status === undefined) {
    const code =
      info.direction === 'northbound' ? 'NOT_ELIGIBLE_NORTHBOUND' : 'NOT_ELIGIBLE_SOUTHBOUND';
    return refuse(code, `${security.symbol} is not eligible on ${info.link}`, details);
  }
  if (order.side === 'sell') return null;
  if (status === 'sell_only') {
    return refuse('SELL_ONLY_ELIGIBILITY', `${security.symbol} may only be sold on ${info.link}`, {
      ...details,
      status,
    });
  }
  if (info.direction === 'southbound') return null;
  if (security.special_treatment !== 'none') {
    return refuse(
      'SELL_ONLY_SPECIAL_TREATMENT',
      `${security.symbol} is under risk alert and may only be sold Northbound`,
      { ...details, special_treatment: security.special_treatment },
    );
  }
  if (
    (security.board === 'chinext' || security.board === 'star') &&
    !isInstitutionalProfessional(owner)
  ) {
    return refuse(
      'INSTITUTIONAL_PROFESSIONAL_ONLY',
      `${security.board} shares may be bought Northbound only by institutional professional investors`,
      { ...details, board: security.board, owner: order.owner, investor_type: investorType(owner) },
    );
  }
  return null;
}

function investorType(owner: Owner): string {
  return isInvestor(owner) ? owner.type : 'house';
}

/** Mainland investors may not buy Northbound; Southbound is for eligible Mainland investors. */
export function checkInvestor(info: LinkInfo, order: RulesOrder, owner: Owner): Rejection | null {
  if (info.direction === 'northbound') {
    const country = idDocumentCountry(owner);
    if (order.side === 'buy' && country === 'CN') {
      return refuse(
        'MAINLAND_INVESTOR_NORTHBOUND_BUY',
        'Holders of Mainland identity documents may not buy Northbound',
        { owner: order.owner, id_document_country: country },
      );
    }
    return null;
  }
  if (owner.jurisdiction !== 'CN') {
    return refuse('SOUTHBOUND_INVESTOR_NOT_ELIGIBLE', 'Southbound is for Mainland investors', {
      owner: order.owner,
      jurisdiction: owner.jurisdiction,
    });
  }
  if (order.side === 'sell' || isInstitutionalProfessional(owner)) return null;
  return checkSouthboundAssets(order, owner);
}

function checkSouthboundAssets(order: RulesOrder, owner: Owner): Rejection | null {
  const assets = isInvestor(owner) ? (owner.southbound_assets_20d_avg_minor ?? 0n) : 0n;
  const minimum = CONNECT_CONSTANTS.southbound_individual_assets_min_minor;
  if (assets >= minimum) return null;
  return refuse(
    'SOUTHBOUND_ASSETS_BELOW_THRESHOLD',
    'Southbound individuals need RMB 500,000 of 20-day average assets',
    { owner: order.owner, assets_20d_avg_minor: assets, minimum_minor: minimum },
  );
}

/** Buys are whole board lots, and at least the security's minimum order. */
export function checkLots(order: RulesOrder, security: Security): Rejection | null {
  if (order.side === 'sell') return null;
  const minimum = security.min_order_units ?? security.lot_size;
  if (order.quantity_units % security.lot_size === 0 && order.quantity_units >= minimum)
    return null;
  return refuse('ODD_LOT_BUY', 'Odd lots may only be sold', {
    instrument: security.id,
    quantity_units: order.quantity_units,
    lot_size: security.lot_size,
    min_order_units: minimum,
  });
}

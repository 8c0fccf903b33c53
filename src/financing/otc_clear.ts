/**
 * Northbound bonds as margin at OTC Clear (HKEX OTC Clear FAQ, "Eligible Bond Connect Securities";
 * connect-rules.md §2.3 item 4): Chinese government and policy-bank bonds held through Bond
 * Connect, as initial margin for Northbound Swap Connect from 13 Jan 2025 and for every
 * derivative OTC Clear clears from 21 Mar 2025; in a member's House and Client Clearing
 * Category 1 accounts only; not for Participating Margin; up to a cap per member.
 * @module
 */

import { type Rejection, reject } from '../kernel/index.js';
import type { CollateralSchedule } from './collateral.js';

export const OTCC_SWAP_CONNECT_FROM = '2025-01-13';
export const OTCC_ALL_DERIVATIVES_FROM = '2025-03-21';

export type OtcClearAccount = 'house' | 'client_category_1' | 'client_category_2';
export type OtcClearMarginUse = 'swap_connect' | 'other_derivatives';
export type OtcClearMarginType = 'initial' | 'participating';

export interface OtcClearPosting {
  readonly date: string;
  readonly issuer_kind: string;
  readonly account: OtcClearAccount;
  readonly use: OtcClearMarginUse;
  readonly margin_type: OtcClearMarginType;
  readonly amount_minor: bigint;
  /** What the member has posted already, and its cap (set by OTC Clear, not public). */
  readonly posted_minor: bigint;
  readonly cap_minor: bigint;
}

/** The first refusal for posting Northbound bonds as margin at OTC Clear, or undefined. */
export function checkOtcClearPosting(p: OtcClearPosting): Rejection | undefined {
  const from = p.use === 'swap_connect' ? OTCC_SWAP_CONNECT_FROM : OTCC_ALL_DERIVATIVES_FROM;
  if (p.date < from) {
    return reject('OTCC_NOT_IN_FORCE', 'OTC Clear does not yet take Bond Connect bonds for this', {
      use: p.use,
      date: p.date,
      from,
    });
  }
  if (p.issuer_kind !== 'cgb' && p.issuer_kind !== 'policy_bank') {
    return reject('OTCC_BOND_NOT_ELIGIBLE', 'Only CGBs and policy-bank bonds are eligible', {
      issuer_kind: p.issuer_kind,
    });
  }
  if (p.account === 'client_category_2') {
    return reject('OTCC_ACCOUNT_NOT_ELIGIBLE', 'House and Client Category 1 accounts only', {
      account: p.account,
    });
  }
  if (p.margin_type !== 'initial') {
    return reject('OTCC_MARGIN_TYPE_NOT_ELIGIBLE', 'Not accepted for Participating Margin', {
      margin_type: p.margin_type,
    });
  }
  if (p.amount_minor <= 0n || p.posted_minor + p.amount_minor > p.cap_minor) {
    return reject('OTCC_CAP_EXCEEDED', "The member's cap on Bond Connect collateral is reached", {
      amount_minor: p.amount_minor,
      posted_minor: p.posted_minor,
      cap_minor: p.cap_minor,
    });
  }
  return undefined;
}

/**
 * OTC Clear's haircut on Northbound bonds posted as margin. OTC Clear haircuts non-cash
 * collateral by asset type and remaining maturity (its Collateral Management page) but the table
 * was not captured (connect-rules.md §2.4), so these bands are **assumptions**, set a little above
 * the RMB Liquidity Facility's assumed ones.
 */
export const OTC_CLEAR_BOND_SCHEDULE: CollateralSchedule = {
  name: 'OTC Clear (Eligible Bond Connect Securities)',
  basis: 'eligibility: HKEX OTC Clear FAQ; haircuts: assumption (table not public)',
  issuer_kinds: ['cgb', 'policy_bank'],
  currencies: ['CNY'],
  bands: [
    { max_remaining_months: 12, haircut_ppm: 30_000 },
    { max_remaining_months: 60, haircut_ppm: 50_000 },
    { max_remaining_months: 120, haircut_ppm: 70_000 },
    { max_remaining_months: 360, haircut_ppm: 100_000 },
  ],
  issuer_concentration_max_ppm: 1_000_000,
};

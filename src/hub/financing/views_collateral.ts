/**
 * Collateral, unpaid margin and claims as the API shows them (docs/financing.md §13): a party's
 * valued collateral positions with its OTC Clear postings, and the margin calls outstanding and
 * unsecured claims of close-outs. A participant sees what concerns the parties it acts for; an
 * operator everything. Read-only, from the hub's state.
 * @module
 */

import type { BondViewer } from '../bonds/views.js';
import type { HubState } from '../state.js';
import type { OtcPosting } from './collateral_types.js';
import { type ValuedPosition, valuedCollateralPositions } from './collateral_valuation.js';
import type { OutstandingCall, UnsecuredClaim } from './life_state.js';

/** An OTC Clear posting without its ledger account ids. */
export type OtcPostingView = Omit<OtcPosting, 'from_account_id' | 'margin_account_id'>;

export interface CollateralView {
  readonly positions: readonly ValuedPosition[];
  readonly otc_postings: readonly OtcPostingView[];
}

/**
 * Positions and postings of `party` (one the viewer acts for). Without a party: for an operator,
 * every party with financing activity; for a participant, every party or investor it acts for.
 */
export function collateralView(
  state: HubState,
  viewer: BondViewer,
  party: string | undefined,
): CollateralView {
  const sees = (p: string) => (party === undefined ? viewer.all || viewer.sees(p) : p === party);
  // A participant without a party: each party it acts for, with every bond it holds.
  const positions =
    party !== undefined || viewer.all
      ? valuedCollateralPositions(state, party)
      : [...new Set([...state.reference.parties.keys(), ...state.reference.investors.keys()])]
          .filter(sees)
          .sort()
          .flatMap((p) => valuedCollateralPositions(state, p));
  const otc_postings = [...state.financing.otc.postings.values()]
    .filter((p) => sees(p.member))
    .sort((a, b) => a.posting_id.localeCompare(b.posting_id))
    .map(({ from_account_id: _from, margin_account_id: _to, ...rest }) => rest);
  return { positions, otc_postings };
}

export interface OutstandingCallView extends OutstandingCall {
  /** The hub's clock is past the deadline: the payee may declare a default. */
  readonly overdue: boolean;
}

export interface ExposuresView {
  /** By deadline, soonest first. */
  readonly margin_calls: readonly OutstandingCallView[];
  /** By creation, oldest first. */
  readonly claims: readonly UnsecuredClaim[];
}

export function exposuresView(state: HubState, viewer: BondViewer): ExposuresView {
  const sees = (a: string, b: string) => viewer.all || viewer.sees(a) || viewer.sees(b);
  const margin_calls = [...state.financing.margin_calls.values()]
    .filter((c) => sees(c.payer, c.payee))
    .sort((a, b) => a.deadline_us - b.deadline_us || a.repo_id.localeCompare(b.repo_id))
    .map((c) => ({ ...c, overdue: state.now_us > c.deadline_us }));
  const claims = [...state.financing.claims.values()]
    .filter((c) => sees(c.creditor, c.debtor))
    .sort((a, b) => a.created_at_us - b.created_at_us || a.claim_id.localeCompare(b.claim_id));
  return { margin_calls, claims };
}

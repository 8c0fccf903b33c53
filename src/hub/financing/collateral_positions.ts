/**
 * Collateral positions (docs/financing.md §10): per party and bond, what it owns, what it received
 * as repo collateral, what of that it re-used (by case), what it posted to OTC Clear, what it
 * pledged, and what is free. Read from the ledger (the party's own account in the bond) and the
 * register; a pure function of the state.
 *
 * Identity, in face: held on the ledger = own free + pledged + received not re-used
 * (+ shortfall, should received bonds have left without a record: then own free is 0 and the
 * gap is `shortfall_minor`). Own bonds are counted once: those at OTC Clear are in `own_minor`
 * and `posted_otc_own_minor`, not in `held_minor`.
 * @module
 */

import type { ReuseCase } from '../../financing/index.js';
import { availableBalance } from '../../ledger/index.js';
import { bondHoldingChain } from '../accounts.js';
import type { HubState } from '../state.js';
import { pledgedFaceMinor, receivedFaceMinor, reusedFaceByCase } from './collateral_register.js';

export interface CollateralPosition {
  readonly party: string;
  readonly isin: string;
  /** Face in the party's own account on the ledger (available: holds deducted). */
  readonly held_minor: bigint;
  /** Own bonds: held and not received, plus own bonds posted to OTC Clear. */
  readonly own_minor: bigint;
  readonly received_minor: bigint;
  readonly reused_minor: Readonly<Record<ReuseCase, bigint>>;
  /** Posted to OTC Clear in all: own and re-used. */
  readonly posted_otc_minor: bigint;
  readonly posted_otc_own_minor: bigint;
  readonly pledged_minor: bigint;
  /** Own bonds the party may still deliver, post or pledge. */
  readonly free_own_minor: bigint;
  /** Received bonds not re-used: they go back at the repo's close; re-usable from 25 Aug 2025. */
  readonly free_received_minor: bigint;
  readonly shortfall_minor: bigint;
}

/** The face of `isin` in `party`'s own account (its nominee chain's last tier), available. */
export function heldFaceMinor(state: HubState, party: string, isin: string): bigint {
  const security = state.reference.securities.get(isin);
  const bond = state.bonds.bonds.get(isin);
  if (security === undefined || bond === undefined) return 0n;
  const id = bondHoldingChain(state.reference, party, security)?.at(-1)?.id;
  const account = id === undefined ? undefined : state.ledger.accounts.get(id);
  if (account === undefined) return 0n;
  return availableBalance(account) * bond.terms.face_value_minor;
}

/** Own face `party` may use freely in `isin`: held, less received not re-used, less pledged. */
export function freeOwnFaceMinor(state: HubState, party: string, isin: string): bigint {
  return positionOf(state, party, isin).free_own_minor;
}

export function positionOf(state: HubState, party: string, isin: string): CollateralPosition {
  const register = state.financing.collateral;
  const held = heldFaceMinor(state, party, isin);
  const received = receivedFaceMinor(register, party, isin);
  const reused = reusedFaceByCase(register, party, isin);
  const reused_total = Object.values(reused).reduce((a, b) => a + b, 0n);
  const pledged = pledgedFaceMinor(register, party, isin);
  let posted = 0n;
  let posted_own = 0n;
  for (const p of state.financing.otc.postings.values()) {
    if (p.member !== party || p.isin !== isin) continue;
    posted += p.face_minor;
    if (p.reuse_of === null) posted_own += p.face_minor;
  }
  const free_received = received - reused_total;
  const own_in_hand = held - free_received - pledged;
  const free_own = own_in_hand > 0n ? own_in_hand : 0n;
  return {
    ...{ party, isin, held_minor: held, received_minor: received, reused_minor: reused },
    own_minor: free_own + pledged + posted_own,
    posted_otc_minor: posted,
    posted_otc_own_minor: posted_own,
    pledged_minor: pledged,
    free_own_minor: free_own,
    free_received_minor: free_received,
    shortfall_minor: own_in_hand < 0n ? -own_in_hand : 0n,
  };
}

/**
 * Positions of `party` (every bond it holds or has collateral in), or of every party with
 * financing activity (received, re-used, posted or pledged collateral), sorted by party and bond.
 */
export function collateralPositions(state: HubState, party?: string): CollateralPosition[] {
  const pairs = new Set<string>();
  const add = (p: string, isin: string) => {
    if (party === undefined || p === party) pairs.add(`${p}\u0000${isin}`);
  };
  const register = state.financing.collateral;
  for (const r of register.received.values()) add(r.party, r.isin);
  for (const r of register.reuses.values()) add(r.party, r.isin);
  for (const p of register.pledges.values()) add(p.party, p.isin);
  for (const p of state.financing.otc.postings.values()) add(p.member, p.isin);
  if (party !== undefined) {
    for (const isin of state.bonds.bonds.keys()) {
      if (heldFaceMinor(state, party, isin) > 0n) add(party, isin);
    }
  }
  return [...pairs]
    .sort()
    .map((key) => key.split('\u0000') as [string, string])
    .map(([p, isin]) => positionOf(state, p, isin));
}

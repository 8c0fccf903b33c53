/**
 * The collateral register (docs/financing.md §10): for each party and bond, the face received as
 * Northbound repo collateral (per repo), the part of it re-used and where to (the four cases of
 * 25 Aug 2025), and own bonds pledged to a facility. Title passes to a repo's buyer, so on the
 * ledger received bonds sit in the buyer's own account with its own bonds; the register is what
 * tells them apart, and it never lets more be re-used than was received.
 *
 * Rules:
 * - re-used face is drawn from named received repos (`sources`): from the one given, or from the
 *   party's received repos in the bond in the order they opened;
 * - a repo cannot close while any of its received face is out on re-use
 *   (`REPO_COLLATERAL_REUSED`): the buyer must have the very bonds back to deliver them;
 * - the register only records: whoever re-uses moves the bonds (a repo's start leg, an OTC Clear
 *   posting, a facility drawing).
 * @module
 */

import { checkReuse, type ReuseCase } from '../../financing/index.js';
import { assert, minBigint, type Rejection, reject } from '../../kernel/index.js';
import type { HubState } from '../state.js';
import type {
  CollateralRegister,
  ReceivedCollateral,
  ReuseRecord,
  ReuseSource,
} from './collateral_types.js';

export function reuseKey(use_case: string, target_id: string, isin: string): string {
  return `${use_case}|${target_id}|${isin}`;
}

/** Face `party` received in `isin` over its open repos. */
export function receivedFaceMinor(register: CollateralRegister, party: string, isin: string) {
  let total = 0n;
  for (const r of register.received.values()) {
    if (r.party === party && r.isin === isin) total += r.face_minor;
  }
  return total;
}

/** Face `party` has out on re-use in `isin`, by case. */
export function reusedFaceByCase(
  register: CollateralRegister,
  party: string,
  isin: string,
): Record<ReuseCase, bigint> {
  const by_case: Record<ReuseCase, bigint> = {
    offshore_repo: 0n,
    hkma_rmb_liquidity_facility: 0n,
    otc_clear_margin: 0n,
    northbound_cash_bond_trade: 0n,
  };
  for (const r of register.reuses.values()) {
    if (r.party === party && r.isin === isin) by_case[r.use_case] += r.face_minor;
  }
  return by_case;
}

export function reusedFaceMinor(register: CollateralRegister, party: string, isin: string) {
  const by_case = reusedFaceByCase(register, party, isin);
  return Object.values(by_case).reduce((a, b) => a + b, 0n);
}

/** Face of repo `repo_id`'s received collateral out on re-use. */
export function reusedFromRepoMinor(register: CollateralRegister, repo_id: string): bigint {
  let total = 0n;
  for (const r of register.reuses.values()) {
    for (const s of r.sources) if (s.repo_id === repo_id) total += s.face_minor;
  }
  return total;
}

/** Own bonds `party` pledged in `isin` (facilities' hook). */
export function pledgedFaceMinor(register: CollateralRegister, party: string, isin: string) {
  let total = 0n;
  for (const p of register.pledges.values()) {
    if (p.party === party && p.isin === isin) total += p.face_minor;
  }
  return total;
}

/**
 * The sources a re-use of `face_minor` would draw on, or why it may not happen. Checks the date
 * and case (`REPO_REUSE_NOT_ALLOWED`), the face, a duplicate target, and the received face left.
 */
export function planReuse(
  register: CollateralRegister,
  reuse: Omit<ReuseRecord, 'sources'>,
  source_repo_id: string | null,
): readonly ReuseSource[] | Rejection {
  const refused = checkReuse(reuse.date, reuse.use_case);
  if (refused !== undefined) return refused;
  if (reuse.face_minor <= 0n) {
    return reject('REPO_FACE_INVALID', 'Re-use a positive face value', {
      face_minor: reuse.face_minor,
    });
  }
  if (register.reuses.has(reuseKey(reuse.use_case, reuse.target_id, reuse.isin))) {
    return reject('REPO_REUSE_EXISTS', 'This target already re-uses collateral in this bond', {
      use_case: reuse.use_case,
      target_id: reuse.target_id,
    });
  }
  const candidates = receivedCandidates(register, reuse, source_repo_id);
  if (!Array.isArray(candidates)) return candidates as Rejection;
  const sources: ReuseSource[] = [];
  let left = reuse.face_minor;
  for (const r of candidates) {
    const free = r.face_minor - reusedFromRepoMinor(register, r.repo_id);
    if (left === 0n || free <= 0n) continue;
    const take = minBigint(free, left);
    sources.push({ repo_id: r.repo_id, face_minor: take });
    left -= take;
  }
  if (left > 0n) {
    return reject('REPO_REUSE_EXCEEDS_RECEIVED', 'Only received collateral not yet re-used', {
      party: reuse.party,
      isin: reuse.isin,
      face_minor: reuse.face_minor,
      available_minor: reuse.face_minor - left,
    });
  }
  return sources;
}

/** The received repos a re-use may draw on: the one named (checked), or all the party's. */
function receivedCandidates(
  register: CollateralRegister,
  reuse: Omit<ReuseRecord, 'sources'>,
  source_repo_id: string | null,
): readonly ReceivedCollateral[] | Rejection {
  if (source_repo_id === null) {
    return [...register.received.values()].filter(
      (r) => r.party === reuse.party && r.isin === reuse.isin,
    );
  }
  const source = register.received.get(source_repo_id);
  if (source === undefined || source.party !== reuse.party || source.isin !== reuse.isin) {
    return reject('REPO_REUSE_SOURCE_INVALID', 'Re-use collateral of an open repo you bought', {
      reuse_of: source_repo_id,
      party: reuse.party,
      isin: reuse.isin,
    });
  }
  return [source];
}

/**
 * Records that `party` re-uses `face_minor` of received `isin` in `use_case` (target
 * `target_id`), drawn from `source_repo_id` or from its received repos in order; or refuses and
 * changes nothing. The caller moves the bonds (for the RMB Liquidity Facility: its drawing).
 */
export function reuseCollateral(
  state: HubState,
  party: string,
  isin: string,
  face_minor: bigint,
  use_case: ReuseCase,
  target_id: string,
  today: string,
  source_repo_id: string | null = null,
): Rejection | undefined {
  const register = state.financing.collateral;
  const reuse = { party, isin, face_minor, use_case, target_id, date: today };
  const sources = planReuse(register, reuse, source_repo_id);
  if (!Array.isArray(sources)) return sources as Rejection;
  register.reuses.set(reuseKey(use_case, target_id, isin), { ...reuse, sources });
  return undefined;
}

/** The re-use of `target_id` in `use_case` has come back: its records, now removed. */
export function returnReused(
  state: HubState,
  use_case: ReuseCase,
  target_id: string,
): readonly ReuseRecord[] {
  const register = state.financing.collateral;
  const returned: ReuseRecord[] = [];
  for (const record of register.reuses.values()) {
    if (record.use_case === use_case && record.target_id === target_id) returned.push(record);
  }
  for (const r of returned) register.reuses.delete(reuseKey(r.use_case, r.target_id, r.isin));
  return returned;
}

/** The buyer of `repo_id` received its bonds (after the start leg settled). */
export function recordReceived(state: HubState, received: ReceivedCollateral): void {
  const register = state.financing.collateral;
  assert(!register.received.has(received.repo_id), 'received twice');
  register.received.set(received.repo_id, received);
}

/** A repo may close only when none of its received collateral is out on re-use. */
export function checkReceivedBack(state: HubState, repo_id: string): Rejection | undefined {
  const out = reusedFromRepoMinor(state.financing.collateral, repo_id);
  if (out === 0n) return undefined;
  const targets = [...state.financing.collateral.reuses.values()]
    .filter((r) => r.sources.some((s) => s.repo_id === repo_id))
    .map((r) => `${r.use_case}:${r.target_id}`);
  return reject('REPO_COLLATERAL_REUSED', 'The collateral is re-used; get it back first', {
    repo_id,
    reused_minor: out,
    targets: targets.join(','),
  });
}

export function releaseReceived(state: HubState, repo_id: string): void {
  assert(reusedFromRepoMinor(state.financing.collateral, repo_id) === 0n, 'released while re-used');
  state.financing.collateral.received.delete(repo_id);
}

/** A repo's collateral substituted (§9.3): the buyer now holds the new bonds as received. */
export function substituteReceived(
  state: HubState,
  repo_id: string,
  isin: string,
  face_minor: bigint,
): void {
  const received = state.financing.collateral.received.get(repo_id);
  if (received === undefined) return;
  state.financing.collateral.received.set(repo_id, { ...received, isin, face_minor });
}

/**
 * A repo closed out on a default (docs/financing.md §9.2): the buyer keeps the bonds outright, so
 * they stop being received collateral. A re-use drawn from them is now of the buyer's own bonds
 * and no longer names this repo as a source (a re-use left with no source is dropped: nothing
 * received is out). A re-use whose target was this repo stays: those bonds are gone to its buyer
 * and the re-user still owes them to its own counterparty upstream.
 */
export function releaseOnCloseOut(state: HubState, repo_id: string): void {
  const register = state.financing.collateral;
  register.received.delete(repo_id);
  for (const [key, record] of register.reuses) {
    const sources = record.sources.filter((s) => s.repo_id !== repo_id);
    if (sources.length === record.sources.length) continue;
    const face_minor = sources.reduce((sum, s) => sum + s.face_minor, 0n);
    if (sources.length === 0) register.reuses.delete(key);
    else register.reuses.set(key, { ...record, sources, face_minor });
  }
}

/**
 * Own bonds pledged to a facility drawing without moving (the facilities' hook). The caller
 * checks first that they are free (`freeOwnFaceMinor` in collateral_positions.ts).
 */
export function recordPledge(
  state: HubState,
  party: string,
  isin: string,
  face_minor: bigint,
  target_id: string,
): void {
  assert(face_minor > 0n, 'pledge a positive face');
  state.financing.collateral.pledges.set(`${target_id}|${isin}`, {
    party,
    isin,
    face_minor,
    target_id,
  });
}

export function releasePledges(state: HubState, target_id: string): void {
  const pledges = state.financing.collateral.pledges;
  for (const [key, p] of [...pledges]) if (p.target_id === target_id) pledges.delete(key);
}

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
import {
  holdingKey,
  indexPledge,
  indexReceived,
  indexReuse,
  targetKey,
} from './collateral_index.js';
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
  return register.index.received_face_by_holding.get(holdingKey(party, isin)) ?? 0n;
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
  return register.index.reused_face_by_holding.get(holdingKey(party, isin)) ?? 0n;
}

/** Face of repo `repo_id`'s received collateral out on re-use. */
export function reusedFromRepoMinor(register: CollateralRegister, repo_id: string): bigint {
  return register.index.reused_face_by_repo.get(repo_id) ?? 0n;
}

/** Own bonds `party` pledged in `isin` (facilities' hook). */
export function pledgedFaceMinor(register: CollateralRegister, party: string, isin: string) {
  return register.index.pledged_face_by_holding.get(holdingKey(party, isin)) ?? 0n;
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
    const repos = register.index.received_by_holding.get(holdingKey(reuse.party, reuse.isin));
    return [...(repos?.values() ?? [])];
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
  setReuse(register, reuseKey(use_case, target_id, isin), { ...reuse, sources });
  return undefined;
}

/** The re-use of `target_id` in `use_case` has come back: its records, now removed. */
export function returnReused(
  state: HubState,
  use_case: ReuseCase,
  target_id: string,
): readonly ReuseRecord[] {
  const register = state.financing.collateral;
  const keys = register.index.reuse_keys_by_target.get(targetKey(use_case, target_id));
  const returned: ReuseRecord[] = [];
  for (const key of [...(keys ?? [])]) {
    const record = register.reuses.get(key);
    if (record === undefined) continue;
    returned.push(record);
    deleteReuse(register, key);
  }
  return returned;
}

/** The buyer of `repo_id` received its bonds (after the start leg settled). */
export function recordReceived(state: HubState, received: ReceivedCollateral): void {
  const register = state.financing.collateral;
  assert(!register.received.has(received.repo_id), 'received twice');
  register.received.set(received.repo_id, received);
  indexReceived(register.index, received, true);
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
  deleteReceived(state.financing.collateral, repo_id);
}

/** A repo's collateral substituted (§9.3): the buyer now holds the new bonds as received. */
export function substituteReceived(
  state: HubState,
  repo_id: string,
  isin: string,
  face_minor: bigint,
): void {
  const register = state.financing.collateral;
  const received = register.received.get(repo_id);
  if (received === undefined) return;
  deleteReceived(register, repo_id);
  recordReceived(state, { ...received, isin, face_minor });
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
  deleteReceived(register, repo_id);
  for (const [key, record] of [...register.reuses]) {
    const sources = record.sources.filter((s) => s.repo_id !== repo_id);
    if (sources.length === record.sources.length) continue;
    const face_minor = sources.reduce((sum, s) => sum + s.face_minor, 0n);
    deleteReuse(register, key);
    if (sources.length > 0) setReuse(register, key, { ...record, sources, face_minor });
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
  const register = state.financing.collateral;
  const key = `${target_id}|${isin}`;
  const before = register.pledges.get(key);
  if (before !== undefined) indexPledge(register.index, before, false);
  const pledge = { party, isin, face_minor, target_id };
  register.pledges.set(key, pledge);
  indexPledge(register.index, pledge, true);
}

export function releasePledges(state: HubState, target_id: string): void {
  const register = state.financing.collateral;
  for (const [key, p] of [...register.pledges]) {
    if (p.target_id !== target_id) continue;
    register.pledges.delete(key);
    indexPledge(register.index, p, false);
  }
}

/** The only writers of the register's maps: each keeps the index in step. */
function setReuse(register: CollateralRegister, key: string, record: ReuseRecord): void {
  register.reuses.set(key, record);
  indexReuse(register.index, key, record, true);
}

function deleteReuse(register: CollateralRegister, key: string): void {
  const record = register.reuses.get(key);
  if (record === undefined) return;
  register.reuses.delete(key);
  indexReuse(register.index, key, record, false);
}

function deleteReceived(register: CollateralRegister, repo_id: string): void {
  const received = register.received.get(repo_id);
  if (received === undefined) return;
  register.received.delete(repo_id);
  indexReceived(register.index, received, false);
}

/**
 * The collateral register's index (docs/financing.md §10.1): sums by holding (`party|isin`), by
 * source repo and by re-use target, changed with every change to the register so the checks on
 * a repo's opening and closing cost the same with one open repo or a million. Derived data: not
 * in the snapshot, rebuilt from the register's maps on restore (`indexRegister`).
 * @module
 */

import type {
  PledgeRecord,
  ReceivedCollateral,
  RegisterIndex,
  ReuseRecord,
} from './collateral_types.js';

export function holdingKey(party: string, isin: string): string {
  return `${party}|${isin}`;
}

export function targetKey(use_case: string, target_id: string): string {
  return `${use_case}|${target_id}`;
}

export function emptyIndex(): RegisterIndex {
  return {
    received_by_holding: new Map(),
    received_face_by_holding: new Map(),
    reused_face_by_holding: new Map(),
    reused_face_by_repo: new Map(),
    reuse_keys_by_target: new Map(),
    pledged_face_by_holding: new Map(),
  };
}

/** Adds `delta` to a sum, dropping it at zero (so the index holds only what is out). */
function addTo(sums: Map<string, bigint>, key: string, delta: bigint): void {
  const sum = (sums.get(key) ?? 0n) + delta;
  if (sum === 0n) sums.delete(key);
  else sums.set(key, sum);
}

export function indexReceived(index: RegisterIndex, r: ReceivedCollateral, added: boolean): void {
  const key = holdingKey(r.party, r.isin);
  let repos = index.received_by_holding.get(key);
  if (added) {
    if (repos === undefined) {
      repos = new Map();
      index.received_by_holding.set(key, repos);
    }
    repos.set(r.repo_id, r);
  } else {
    repos?.delete(r.repo_id);
    if (repos?.size === 0) index.received_by_holding.delete(key);
  }
  addTo(index.received_face_by_holding, key, added ? r.face_minor : -r.face_minor);
}

export function indexReuse(
  index: RegisterIndex,
  key: string,
  record: ReuseRecord,
  added: boolean,
): void {
  const sign = added ? 1n : -1n;
  addTo(
    index.reused_face_by_holding,
    holdingKey(record.party, record.isin),
    sign * record.face_minor,
  );
  for (const s of record.sources) addTo(index.reused_face_by_repo, s.repo_id, sign * s.face_minor);
  const target = targetKey(record.use_case, record.target_id);
  let keys = index.reuse_keys_by_target.get(target);
  if (added) {
    if (keys === undefined) {
      keys = new Set();
      index.reuse_keys_by_target.set(target, keys);
    }
    keys.add(key);
  } else {
    keys?.delete(key);
    if (keys?.size === 0) index.reuse_keys_by_target.delete(target);
  }
}

export function indexPledge(index: RegisterIndex, p: PledgeRecord, added: boolean): void {
  addTo(
    index.pledged_face_by_holding,
    holdingKey(p.party, p.isin),
    added ? p.face_minor : -p.face_minor,
  );
}

/** The index of a register's maps, as restored from a snapshot. */
export function indexRegister(
  received: ReadonlyMap<string, ReceivedCollateral>,
  reuses: ReadonlyMap<string, ReuseRecord>,
  pledges: ReadonlyMap<string, PledgeRecord>,
): RegisterIndex {
  const index = emptyIndex();
  for (const r of received.values()) indexReceived(index, r, true);
  for (const [key, record] of reuses) indexReuse(index, key, record, true);
  for (const p of pledges.values()) indexPledge(index, p, true);
  return index;
}

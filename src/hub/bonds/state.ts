/**
 * The bonds domain in the hub (issue 14, phase 2): registered bonds with their coupon schedules.
 * Snapshots keep the terms only; each schedule is rebuilt from its terms on restore, so it can
 * never disagree with them.
 * @module
 */

import { type BondSchedule, type BondTerms, buildSchedule } from '../../bonds/index.js';

export interface BondRecord {
  readonly terms: BondTerms;
  readonly schedule: BondSchedule;
}

export interface BondsState {
  /** Registered bonds by ISIN, in registration order. */
  readonly bonds: Map<string, BondRecord>;
}

export function createBondsState(): BondsState {
  return { bonds: new Map() };
}

export interface BondsSnapshot {
  readonly bonds: readonly BondTerms[];
}

export function snapshotBonds(state: BondsState): BondsSnapshot {
  return { bonds: [...state.bonds.values()].map((record) => record.terms) };
}

/** Restores; a snapshot taken before bonds were in the hub has none. */
export function restoreBonds(snapshot: BondsSnapshot | undefined): BondsState {
  const state = createBondsState();
  if (snapshot === undefined) return state;
  for (const terms of snapshot.bonds) state.bonds.set(terms.isin, bondRecord(terms));
  return state;
}

export function bondRecord(terms: BondTerms): BondRecord {
  return { terms, schedule: buildSchedule(terms) };
}

/** Every registered bond's terms, in registration order. */
export function listBonds(state: BondsState): readonly BondTerms[] {
  return [...state.bonds.values()].map((record) => record.terms);
}

/**
 * Foreign ownership of A shares (connect-rules.md §1.13): one foreign investor may hold at most
 * 10 % of a company's shares in issue, all foreign investors together at most 30 %.
 *
 * Holdings are tracked from trades (what the exchanges count), in lots: one lot per buy order,
 * created at its first fill and stamped with that fill's time. A sale takes units from the
 * seller's newest lots first. When a limit is breached anyway (several orders filling at once, a
 * corporate action shrinking the shares in issue, seeded holdings), `forcedSaleNotices` lists who
 * must sell how much, last in first out by trade time.
 * @module
 */

import { assert } from '../kernel/index.js';

/** Units bought by one order (or seeded), still held. */
export interface Lot {
  readonly owner: string;
  /** The buy order, or 0 for a seeded holding. */
  readonly order_id: number;
  readonly timestamp_us: number;
  units: number;
  /** Its buy order is still open and may add to it (an emptied open lot is kept in place). */
  open: boolean;
  /** The holder and instrument entries the lot counts in (no look-ups when it grows). */
  readonly holder: Holder;
  readonly entry: InstrumentOwnership;
}

/** One investor's foreign holding in one instrument. */
export interface Holder {
  units: number;
  /**
   * Reached 5 % of the shares in issue: the last market date of the notification period, during
   * which the holder may not trade the stock ('' when none). ownership_limits.ts.
   */
  disclosure_until: string;
  /** This holder's lots, oldest first (emptied lots of finished orders at the end are dropped). */
  readonly lots: Lot[];
}

/** Foreign holdings in one instrument. */
export interface InstrumentOwnership {
  readonly instrument: string;
  aggregate_units: number;
  /** Northbound buying suspended: reached 28 % of the A shares, until below 26 %. */
  nb_buying_suspended: boolean;
  readonly holders: Map<string, Holder>;
  /** Every lot of every holder, in creation order (emptied ones go at the day end). */
  readonly lots: Lot[];
}

/** Foreign holdings in every instrument. */
export interface OwnershipState {
  readonly instruments: Map<string, InstrumentOwnership>;
  lot_count: number;
  /** Open tracked buy orders that have no lot yet: each may still create one. */
  pending_lots: number;
}

/** An empty state. */
export function createOwnershipState(): OwnershipState {
  return { instruments: new Map(), lot_count: 0, pending_lots: 0 };
}

/** Units an investor and all foreign investors hold in an instrument. */
export function foreignUnits(
  state: OwnershipState,
  instrument: string,
  owner: string,
): { readonly holder_units: number; readonly aggregate_units: number } {
  const entry = state.instruments.get(instrument);
  return {
    holder_units: entry?.holders.get(owner)?.units ?? 0,
    aggregate_units: entry?.aggregate_units ?? 0,
  };
}

/** The instrument's entry, created empty if new. */
export function instrumentEntry(state: OwnershipState, instrument: string): InstrumentOwnership {
  let entry = state.instruments.get(instrument);
  if (entry === undefined) {
    entry = {
      instrument,
      aggregate_units: 0,
      nb_buying_suspended: false,
      holders: new Map(),
      lots: [],
    };
    state.instruments.set(instrument, entry);
  }
  return entry;
}

/** The holder's entry, created empty if new. */
export function holderEntry(entry: InstrumentOwnership, owner: string): Holder {
  let holder = entry.holders.get(owner);
  if (holder === undefined) {
    holder = { units: 0, disclosure_until: '', lots: [] };
    entry.holders.set(owner, holder);
  }
  return holder;
}

/** Opens a lot (first fill of a buy order, or a seeded holding) and returns it. */
export function openLot(
  state: OwnershipState,
  instrument: string,
  owner: string,
  order_id: number,
  timestamp_us: number,
): Lot {
  const entry = instrumentEntry(state, instrument);
  const holder = holderEntry(entry, owner);
  const lot: Lot = { owner, order_id, timestamp_us, units: 0, open: false, holder, entry };
  entry.lots.push(lot);
  holder.lots.push(lot);
  state.lot_count += 1;
  return lot;
}

/** Adds bought units to a lot. */
export function addToLot(lot: Lot, units: number): void {
  lot.units += units;
  lot.holder.units += units;
  lot.entry.aggregate_units += units;
}

/**
 * Removes sold units from the seller's newest lots. Units sold beyond what is tracked (holdings
 * that were never seeded) reduce the tracked holding to zero and no further.
 */
export function removeSold(
  state: OwnershipState,
  instrument: string,
  owner: string,
  units: number,
): void {
  const holder = state.instruments.get(instrument)?.holders.get(owner);
  if (holder === undefined) return;
  const entry = state.instruments.get(instrument) as InstrumentOwnership;
  let left = Math.min(units, holder.units);
  holder.units -= left;
  entry.aggregate_units -= left;
  const lots = holder.lots;
  for (let i = lots.length - 1; i >= 0 && left > 0; i -= 1) {
    const lot = lots[i] as Lot;
    const taken = Math.min(lot.units, left);
    lot.units -= taken;
    left -= taken;
  }
  for (let last = lots[lots.length - 1]; last !== undefined && last.units === 0 && !last.open; ) {
    lots.pop();
    last = lots[lots.length - 1];
  }
}

/** Drops emptied lots and holders (at the day end, when no order holds a lot). */
export function compactOwnership(state: OwnershipState): void {
  let count = 0;
  for (const [instrument, entry] of state.instruments) {
    const kept = entry.lots.filter((lot) => lot.units > 0);
    entry.lots.length = 0;
    entry.lots.push(...kept);
    count += kept.length;
    for (const [owner, holder] of entry.holders) {
      const own = holder.lots.filter((lot) => lot.units > 0);
      holder.lots.length = 0;
      holder.lots.push(...own);
      if (holder.units === 0) entry.holders.delete(owner);
    }
    if (entry.aggregate_units === 0 && entry.lots.length === 0) {
      state.instruments.delete(instrument);
    }
  }
  state.lot_count = count;
}

/** Crashes unless totals agree: aggregate = Σ holders = Σ lots, per holder = Σ its lots. */
export function checkOwnership(state: OwnershipState): void {
  let lots = 0;
  for (const entry of state.instruments.values()) {
    let by_holders = 0;
    for (const holder of entry.holders.values()) {
      assert(holder.units >= 0, 'negative holding');
      by_holders += holder.units;
      const own = holder.lots.reduce((sum, lot) => sum + lot.units, 0);
      assert(own === holder.units, `${entry.instrument}: holder ≠ its lots`);
    }
    const by_lots = entry.lots.reduce((sum, lot) => sum + lot.units, 0);
    assert(entry.aggregate_units === by_holders, `${entry.instrument}: aggregate ≠ holders`);
    assert(entry.aggregate_units === by_lots, `${entry.instrument}: aggregate ≠ lots`);
    lots += entry.lots.length;
  }
  assert(lots === state.lot_count, 'lot count');
}

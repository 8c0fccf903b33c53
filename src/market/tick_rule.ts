/**
 * Tick rules are injected, not owned: the market domain asks "is this price on the grid?" and
 * "which price is n ticks away?" and never holds a spread table of its own. The HK spread table
 * lives in `src/reference` (`tickSizeAt`, `isOnTick`, `ticksAway` per table id);
 * `tickRuleFromTable` adapts it. `uniformTickRule` covers A shares (RMB 0.01 = 1 unit) and any
 * fixed-tick instrument.
 * @module
 */

import { assert } from '../kernel/index.js';
import {
  isOnTick,
  type TickTableId,
  tickSizeAt,
  ticksAway,
  tickTable,
} from '../reference/index.js';

export interface TickRule {
  /** A stable name for messages and snapshots, e.g. `cn_a_share`, `hk_equity`, `uniform:1`. */
  readonly name: string;
  /** The minimum price step that applies at this price. */
  tickSizeAt(price_units: number): number;
  isOnTick(price_units: number): boolean;
  /** The on-tick price n ticks above (n > 0) or below (n < 0); 0 if that leaves the table. */
  ticksAway(price_units: number, n: number): number;
}

export function uniformTickRule(tick_units: number, name = `uniform:${tick_units}`): TickRule {
  assert(Number.isSafeInteger(tick_units) && tick_units > 0, 'tick must be a positive integer');
  return {
    name,
    tickSizeAt: () => tick_units,
    isOnTick: (price_units) => price_units % tick_units === 0,
    ticksAway: (price_units, n) => {
      const result = price_units + n * tick_units;
      return Math.max(result, 0);
    },
  };
}

/** The table functions `src/reference` exports, taken as parameters to avoid a hard dependency. */
export interface TickTableFunctions<Table> {
  tickSizeAt(table: Table, price_units: number): number;
  isOnTick(table: Table, price_units: number): boolean;
  ticksAway(table: Table, price_units: number, n: number): number;
}

export function tickRuleFromTable<Table>(
  table: Table,
  functions: TickTableFunctions<Table>,
  name: string,
): TickRule {
  return {
    name,
    tickSizeAt: (price_units) => functions.tickSizeAt(table, price_units),
    isOnTick: (price_units) => functions.isOnTick(table, price_units),
    ticksAway: (price_units, n) => functions.ticksAway(table, price_units, n),
  };
}

/**
 * The tick rule of a table from `src/reference` (`cn_a_share`, `hk_equity` — the HK spread table
 * from 4 Aug 2025 at price scale 3 — `hk_etp`, `uniform`).
 */
export function referenceTickRule(id: TickTableId): TickRule {
  const table = tickTable(id);
  assert(table !== undefined, `unknown tick table ${id}`);
  return tickRuleFromTable(table, { tickSizeAt, isOnTick, ticksAway }, id);
}

/** The highest on-tick price ≤ `price_units` (bands of a spread table start on their own tick). */
export function tickFloor(rule: TickRule, price_units: number): number {
  assert(price_units > 0, 'price must be positive');
  const tick = rule.tickSizeAt(price_units);
  const floor = price_units - (price_units % tick);
  if (floor > 0 && rule.isOnTick(floor)) return floor;
  return rule.ticksAway(price_units, -1);
}

/** The lowest on-tick price ≥ `price_units`. */
export function tickCeil(rule: TickRule, price_units: number): number {
  const floor = tickFloor(rule, price_units);
  if (floor === price_units) return floor;
  return floor > 0 ? rule.ticksAway(floor, 1) : rule.ticksAway(price_units, 1);
}

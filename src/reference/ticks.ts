/**
 * Tick tables: which prices are allowed, as data.
 *
 * A price is an integer count of the instrument's price unit, 10^-price_scale of its currency
 * (A shares: scale 2, RMB 0.01; Hong Kong: scale 3, HKD 0.001). A table is a minimum price and
 * a list of bands in ascending order; a band covers prices above the previous band's upper bound
 * up to and including its own, so a price exactly on a boundary takes the lower band's tick
 * (HK 10.000 has tick 0.010 and the next price up is 10.010). Every band's grid starts at its
 * lower boundary, so the boundaries themselves are always on tick.
 * @module
 */

import {
  accept,
  assert,
  formatMinor,
  type Outcome,
  parseDecimal,
  type Rejection,
} from '../kernel/index.js';
import { refuse } from './codes.js';

/** The tick tables the engine knows. */
export const TICK_TABLE_IDS = ['cn_a_share', 'hk_equity', 'hk_etp', 'uniform'] as const;
/** One of `TICK_TABLE_IDS`. */
export type TickTableId = (typeof TICK_TABLE_IDS)[number];

/** One band of a tick table. */
export interface TickBand {
  /** The highest price in the band (inclusive), in price units. */
  readonly up_to_units: number;
  readonly tick_units: number;
}

/** A tick table as data. */
export interface TickTable {
  readonly id: TickTableId;
  readonly name: string;
  /** The price scale the table is written for, or `null` if it fits any scale. */
  readonly price_scale: number | null;
  /** The lowest allowed price, in price units. */
  readonly min_units: number;
  readonly bands: readonly TickBand[];
  readonly source: string;
}

/** A band as seen from a price: its lowest and highest allowed prices and its tick. */
export interface PriceBand {
  readonly lowest_units: number;
  readonly highest_units: number;
  readonly tick_units: number;
}

/** Bands written in currency with a tick in currency, converted to units at `scale`. */
function band(up_to: string, tick: string, scale: number): TickBand {
  const up_to_units = parsePriceUnits(up_to, scale);
  const tick_units = parsePriceUnits(tick, scale);
  assert(up_to_units !== undefined && tick_units !== undefined, `bad band ${up_to}/${tick}`);
  return { up_to_units, tick_units };
}

const CN_A_SHARE: TickTable = {
  id: 'cn_a_share',
  name: 'SSE/SZSE A shares: uniform RMB 0.01',
  price_scale: 2,
  min_units: 1,
  // No exchange maximum is known; RMB 999,999.99 is an engine bound far above any A share.
  bands: [band('999999.99', '0.01', 2)],
  source: 'connect-rules.md §1.10 (oponline, EBSHK, solomonwin) [S]',
};

const HK_EQUITY: TickTable = {
  id: 'hk_equity',
  name: 'SEHK spread table Part A, from 4 Aug 2025 (Minimum Spread Reduction Phase 1)',
  price_scale: 3,
  min_units: 10, // HKD 0.01
  bands: [
    band('0.25', '0.001', 3),
    band('0.50', '0.005', 3),
    band('10.00', '0.010', 3), // 0.005 in Phase 2 (around mid-2026, not yet confirmed)
    band('20.00', '0.010', 3),
    band('50.00', '0.020', 3),
    band('100.00', '0.050', 3),
    band('200.00', '0.100', 3),
    band('500.00', '0.200', 3),
    band('1000.00', '0.500', 3),
    band('2000.00', '1.000', 3),
    band('5000.00', '2.000', 3),
    band('9995.00', '5.000', 3),
  ],
  source: 'connect-rules.md §1.10: HKEX "Reduction of Minimum Spreads" page [P]',
};

const HK_ETP: TickTable = {
  id: 'hk_etp',
  name: 'SEHK spread table for exchange traded products (ETFs, L&I products)',
  price_scale: 3,
  min_units: 10,
  bands: [
    band('1.00', '0.001', 3),
    band('5.00', '0.002', 3),
    band('10.00', '0.005', 3),
    band('20.00', '0.010', 3),
    band('100.00', '0.020', 3),
    band('200.00', '0.050', 3),
    band('500.00', '0.100', 3),
    band('1000.00', '0.200', 3),
    band('2000.00', '0.500', 3),
    band('9999.00', '1.000', 3),
  ],
  source:
    'HKEX "New Spread Table for ETPs" (hkex.com.hk, ETP investors page); ETPs are excluded from the 2025 Part A reduction. Read from a flattened copy of the table, medium confidence',
};

const UNIFORM: TickTable = {
  id: 'uniform',
  name: 'Uniform: every price unit is a tick (SSE/SZSE ETFs at RMB 0.001, bonds, tokens)',
  price_scale: null,
  min_units: 1,
  bands: [{ up_to_units: Number.MAX_SAFE_INTEGER, tick_units: 1 }],
  source: 'definition',
};

const TICK_TABLES: ReadonlyMap<TickTableId, TickTable> = new Map(
  [CN_A_SHARE, HK_EQUITY, HK_ETP, UNIFORM].map((table) => [table.id, checkedTable(table)]),
);

/** Crashes at load if a table's data is inconsistent: a data bug, not a user error. */
function checkedTable(table: TickTable): TickTable {
  let lowest = table.min_units;
  assert(Number.isSafeInteger(lowest) && lowest > 0, `${table.id}: bad minimum`);
  for (const { up_to_units, tick_units } of table.bands) {
    assert(Number.isSafeInteger(up_to_units) && Number.isSafeInteger(tick_units), table.id);
    assert(tick_units > 0 && up_to_units >= lowest, `${table.id}: bands must ascend`);
    assert((up_to_units - lowest) % tick_units === 0, `${table.id}: ${up_to_units} off its grid`);
    lowest = up_to_units;
  }
  return Object.freeze(table);
}

/** Whether `id` names a known tick table. */
export function isTickTableId(id: unknown): id is TickTableId {
  return typeof id === 'string' && TICK_TABLES.has(id as TickTableId);
}

/** The table with this id, or `undefined`. */
export function tickTable(id: string): TickTable | undefined {
  return isTickTableId(id) ? TICK_TABLES.get(id) : undefined;
}

/** The highest allowed price of a table. */
export function maxPriceUnits(table: TickTable): number {
  const last = table.bands[table.bands.length - 1];
  assert(last !== undefined, `${table.id} has no bands`);
  return last.up_to_units;
}

/** Where a price sits in a table: its band's index and grid origin (the previous upper bound). */
interface Location {
  readonly index: number;
  readonly origin_units: number;
  readonly up_to_units: number;
  readonly tick_units: number;
}

/**
 * The index of the band holding `price_units` (a boundary price belongs to the lower band), -1
 * out of range. Allocates nothing: `isOnTick` and `tickSizeAt` run for every order.
 */
function bandIndex(table: TickTable, price_units: number): number {
  if (!Number.isSafeInteger(price_units) || price_units < table.min_units) return -1;
  const bands = table.bands;
  for (let index = 0; index < bands.length; index += 1) {
    if (price_units <= (bands[index] as TickBand).up_to_units) return index;
  }
  return -1;
}

/** The grid origin of a band: the previous band's upper bound, or the table's minimum. */
function originOf(table: TickTable, index: number): number {
  return index === 0 ? table.min_units : (table.bands[index - 1] as TickBand).up_to_units;
}

/** The band holding `price_units` (a boundary price belongs to the lower band), if in range. */
function locate(table: TickTable, price_units: number): Location | undefined {
  const index = bandIndex(table, price_units);
  if (index < 0) return undefined;
  const { up_to_units, tick_units } = table.bands[index] as TickBand;
  return { index, origin_units: originOf(table, index), up_to_units, tick_units };
}

/** The band a price falls in; `PRICE_OUT_OF_RANGE` below the minimum or above the maximum. */
export function priceBand(table: TickTable, price_units: number): Outcome<PriceBand> {
  const at = locate(table, price_units);
  if (at === undefined) return outOfRange(table, price_units);
  const lowest_units = at.index === 0 ? at.origin_units : at.origin_units + at.tick_units;
  return accept({ lowest_units, highest_units: at.up_to_units, tick_units: at.tick_units });
}

/**
 * The tick that applies at a price (a boundary price takes the lower band's tick). Total, for
 * the matching engine's hot path: a price below the table takes the first band's tick and one
 * above it the last band's; `priceBand` and `validatePrice` are where such prices are refused.
 */
export function tickSizeAt(table: TickTable, price_units: number): number {
  const index = bandIndex(table, price_units);
  if (index >= 0) return (table.bands[index] as TickBand).tick_units;
  const edge = price_units < table.min_units ? table.bands[0] : table.bands[table.bands.length - 1];
  assert(edge !== undefined, `${table.id} has no bands`);
  return edge.tick_units;
}

/** Whether a price is inside the table and on its band's grid. */
export function isOnTick(table: TickTable, price_units: number): boolean {
  const index = bandIndex(table, price_units);
  if (index < 0) return false;
  const tick_units = (table.bands[index] as TickBand).tick_units;
  return (price_units - originOf(table, index)) % tick_units === 0;
}

/** Accepts a price that is in range and on tick; else `PRICE_OUT_OF_RANGE` or `PRICE_OFF_TICK`. */
export function validatePrice(table: TickTable, price_units: number): Outcome<number> {
  const at = locate(table, price_units);
  if (at === undefined) return outOfRange(table, price_units);
  if ((price_units - at.origin_units) % at.tick_units !== 0) {
    return refuse(
      'PRICE_OFF_TICK',
      `Price is not a multiple of the tick ${at.tick_units} in its band`,
      {
        tick_table: table.id,
        price_units,
        tick_units: at.tick_units,
      },
    );
  }
  return accept(price_units);
}

/**
 * The `n`-th allowed price above `price_units` (n > 0) or below it (n < 0), crossing bands tick by
 * tick: from HKD 19.990 five ticks up is 20.000, then 20.020 … 20.080. Used for enhanced limit
 * orders (up to 9 spreads through) and the 24-spread rule. An off-tick start counts its nearest
 * allowed price in that direction as the first step; `n = 0` returns the price unchanged.
 * Returns 0 (never a price) when the result would leave the table, as src/market expects.
 */
export function ticksAway(table: TickTable, price_units: number, n: number): number {
  assert(Number.isSafeInteger(n), 'tick count must be a safe integer');
  if (n === 0) return price_units;
  const moved = n > 0 ? stepUp(table, price_units, n) : stepDown(table, price_units, -n);
  return moved ?? 0;
}

/** Jumps a whole band at a time, so the cost is the number of bands crossed, not of ticks. */
function stepUp(table: TickTable, price_units: number, n: number): number | undefined {
  if (!Number.isSafeInteger(price_units)) return undefined;
  if (price_units < table.min_units) return stepUp(table, table.min_units, n - 1);
  let price = price_units;
  let remaining = n;
  while (remaining > 0) {
    const at = locate(table, price);
    if (at === undefined) return undefined;
    // From a band's upper bound the next prices are in the band above, on its grid.
    const at_top = price === at.up_to_units;
    const band = table.bands[at_top ? at.index + 1 : at.index];
    if (band === undefined) return undefined;
    const origin = at_top ? price : at.origin_units;
    // The first allowed price strictly above `price` is one step; the rest are whole ticks.
    const first = origin + (Math.floor((price - origin) / band.tick_units) + 1) * band.tick_units;
    const steps = (band.up_to_units - first) / band.tick_units + 1;
    if (remaining <= steps) return first + (remaining - 1) * band.tick_units;
    price = band.up_to_units;
    remaining -= steps;
  }
  return price;
}

function stepDown(table: TickTable, price_units: number, n: number): number | undefined {
  if (!Number.isSafeInteger(price_units) || price_units <= table.min_units) return undefined;
  const max_units = maxPriceUnits(table);
  if (price_units > max_units) return n === 1 ? max_units : stepDown(table, max_units, n - 1);
  let price = price_units;
  let remaining = n;
  while (remaining > 0) {
    const at = locate(table, price);
    if (at === undefined || price === table.min_units) return undefined;
    // The first allowed price strictly below `price`, on this band's grid (the origin included).
    const first =
      at.origin_units + (Math.ceil((price - at.origin_units) / at.tick_units) - 1) * at.tick_units;
    const steps = (first - at.origin_units) / at.tick_units + 1;
    if (remaining <= steps) return first - (remaining - 1) * at.tick_units;
    price = at.origin_units;
    remaining -= steps;
  }
  return price;
}

function outOfRange(table: TickTable, price_units: number): Rejection {
  return refuse(
    'PRICE_OUT_OF_RANGE',
    `Price must be a whole number from ${table.min_units} to ${maxPriceUnits(table)} price units`,
    {
      tick_table: table.id,
      price_units,
      min_units: table.min_units,
      max_units: maxPriceUnits(table),
    },
  );
}

/**
 * Parses a decimal price ("1450.00", "620.5") into price units at `price_scale`; `undefined`
 * if malformed, negative, finer than the scale or beyond a safe integer. Never rounds.
 */
export function parsePriceUnits(text: string, price_scale: number): number | undefined {
  const units = parseDecimal(text, price_scale);
  if (units === undefined || units < 0n || units > BigInt(Number.MAX_SAFE_INTEGER))
    return undefined;
  return Number(units);
}

/** Formats price units as a decimal string with `price_scale` places. */
export function formatPriceUnits(price_units: number, price_scale: number): string {
  assert(Number.isSafeInteger(price_units), 'price units must be a safe integer');
  return formatMinor(BigInt(price_units), price_scale);
}

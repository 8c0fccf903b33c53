/**
 * What each Connect investor may sell today, per link, instrument and trade date: the holdings at
 * the start of the day (asked of the hub once, the first time the position is touched that day),
 * plus what was bought today where day trading is allowed (Southbound), minus what was sold today
 * and what is tied up in open sell orders. One record per (link, owner, instrument), found with two
 * `Map` reads, so each order costs O(1); the whole table is cleared at each day start.
 *
 * Northbound: shares bought on T can be sold from T+1 (no day trading). Southbound: day trading is
 * allowed. Neither direction allows selling what one does not hold (connect-rules.md §1.7).
 * @module
 */

import { assert } from '../kernel/index.js';
import type { Direction } from './links.js';

/** One investor's position in one instrument through one link, for today. */
export interface Position {
  /** Holdings when first asked today (the hub's trade-date position). */
  readonly start_units: number;
  bought_units: number;
  sold_units: number;
  open_sell_units: number;
}

/** The positions of one link. */
export interface PositionTable {
  readonly by_owner: Map<string, Map<string, Position>>;
  count: number;
}

/** An empty table. */
export function createPositionTable(): PositionTable {
  return { by_owner: new Map(), count: 0 };
}

/** The position, if touched today. */
export function findPosition(
  table: PositionTable,
  owner: string,
  instrument: string,
): Position | undefined {
  return table.by_owner.get(owner)?.get(instrument);
}

/** Creates today's position for (owner, instrument) with its start-of-day holdings. */
export function addPosition(
  table: PositionTable,
  owner: string,
  instrument: string,
  start_units: number,
): Position {
  assert(Number.isSafeInteger(start_units) && start_units >= 0, 'start units');
  let instruments = table.by_owner.get(owner);
  if (instruments === undefined) {
    instruments = new Map();
    table.by_owner.set(owner, instruments);
  }
  assert(!instruments.has(instrument), 'position exists');
  const position: Position = { start_units, bought_units: 0, sold_units: 0, open_sell_units: 0 };
  instruments.set(instrument, position);
  table.count += 1;
  return position;
}

/** Clears the table for a new day. */
export function clearPositions(table: PositionTable): void {
  table.by_owner.clear();
  table.count = 0;
}

/** Units that may be sold now. */
export function sellableUnits(direction: Direction, p: Position): number {
  const bought = direction === 'southbound' ? p.bought_units : 0;
  return p.start_units + bought - p.sold_units - p.open_sell_units;
}

/** Units held now, whatever their trade date (for telling day trading from short selling). */
export function heldUnits(p: Position): number {
  return p.start_units + p.bought_units - p.sold_units - p.open_sell_units;
}

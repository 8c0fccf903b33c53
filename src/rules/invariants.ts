/**
 * The rules state's invariants, checked in full (for tests, the simulator and after a restore):
 * - every quota's balance equals its formula, and what buys consumed is exactly what was released,
 *   what fills took, and what open buys still hold;
 * - every position's open-sell units equal the open sell orders on it, and no count is negative;
 * - foreign ownership: the aggregate equals the sum per holder and per lot;
 * - every table is within its bound.
 * A failure is a bug and crashes.
 * @module
 */

import { assert } from '../kernel/index.js';
import { linkAt } from './links.js';
import { checkOwnership } from './ownership.js';
import { type Position, sellableUnits } from './positions.js';
import { checkQuota } from './quota.js';
import { positionCount, type RulesState } from './state.js';

/** Crashes unless every invariant of the rules state holds. */
export function checkRulesInvariants(state: RulesState): void {
  const open_minor = [0n, 0n, 0n, 0n];
  const open_sells = new Map<Position, number>();
  let pending = 0;
  let with_lot = 0;
  for (const record of state.orders.values()) {
    assert(record.remaining_units > 0, `order ${record.order_id} has nothing left`);
    if (record.ownership && record.side === 'buy' && record.lot === null) pending += 1;
    if (record.lot !== null) {
      assert(record.lot.open && record.lot.holder.lots.includes(record.lot), 'open lot misplaced');
      with_lot += 1;
    }
    if (record.link_index < 0) continue;
    assert(record.position !== null, `order ${record.order_id} has no position`);
    if (record.side === 'buy') {
      open_minor[record.link_index] = (open_minor[record.link_index] as bigint) + record.open_minor;
    } else {
      open_sells.set(
        record.position,
        (open_sells.get(record.position) ?? 0) + record.remaining_units,
      );
    }
  }
  state.quotas.forEach((quota, index) => {
    checkQuota(quota);
    const accounted = quota.released_minor + quota.attributed_minor + (open_minor[index] as bigint);
    assert(quota.buy_orders_minor === accounted, `${quota.link}: consumption not accounted for`);
  });
  checkPositions(state, open_sells);
  assert(pending === state.ownership.pending_lots, 'pending lots');
  let open_lots = 0;
  for (const entry of state.ownership.instruments.values()) {
    for (const lot of entry.lots) if (lot.open) open_lots += 1;
  }
  assert(open_lots === with_lot, 'open lots ≠ open orders with a lot');
  checkOwnership(state.ownership);
  checkBounds(state);
}

function checkPositions(state: RulesState, open_sells: ReadonlyMap<Position, number>): void {
  state.positions.forEach((table, index) => {
    const direction = linkAt(index).direction;
    let count = 0;
    for (const instruments of table.by_owner.values()) {
      for (const p of instruments.values()) {
        count += 1;
        assert(p.open_sell_units === (open_sells.get(p) ?? 0), 'open sells ≠ open sell orders');
        assert(p.bought_units >= 0 && p.sold_units >= 0, 'negative position counts');
        assert(sellableUnits(direction, p) >= 0, 'sold more than was sellable');
      }
    }
    assert(count === table.count, 'position count');
  });
}

function checkBounds(state: RulesState): void {
  const limits = state.limits;
  assert(state.orders.size <= limits.orders_max, 'orders over their bound');
  assert(positionCount(state) <= limits.positions_max, 'positions over their bound');
  assert(state.bcan.count <= limits.bcan_mappings_max, 'mappings over their bound');
  let mappings = 0;
  for (const bcans of state.bcan.by_broker.values()) mappings += bcans.size;
  assert(mappings === state.bcan.count, 'mapping count');
  for (const list of state.eligibility) {
    assert(list.size <= limits.eligibility_per_link_max, 'eligibility list over its bound');
  }
  assert(state.channels.size <= limits.channel_registrations_max, 'channels over their bound');
  assert(
    state.ownership.lot_count + state.ownership.pending_lots <= limits.ownership_lots_max,
    'lots over their bound',
  );
}

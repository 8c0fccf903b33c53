/**
 * The reader's tables: instruments, owners, owner × instrument pairs and live orders, with the
 * day roll that resets every day counter and drops what has nothing live.
 * @module
 */

import { assert } from '../../kernel/assert.js';
import type { MarketMakingDetector } from './market_making.js';
import { fail } from './notional.js';
import { addToLevels, removeFromLevels } from './quote_levels.js';
import type { ReferenceView } from './reference.js';
import {
  type InstrumentState,
  newInstrumentState,
  newOwnerInstrument,
  newOwnerState,
  type OrderRec,
  type OwnerInstrument,
  type OwnerState,
  resetOwnerDay,
  resetOwnerInstrumentDay,
} from './state.js';

/** The most live orders the reader tracks: the hub's own limit (LIVE_ORDERS_MAX). */
export const TRACKED_ORDERS_MAX = 4_000_000;

export class Registry {
  readonly instruments = new Map<string, InstrumentState>();
  readonly owners = new Map<string, OwnerState>();
  readonly orders = new Map<number, OrderRec>();

  constructor(
    private readonly reference: ReferenceView,
    private readonly market_making: MarketMakingDetector,
  ) {}

  /** Creates the book state when a security is registered (or re-registered). */
  addInstrument(id: string): InstrumentState {
    const info = this.reference.instruments.get(id);
    assert(info !== undefined, `no reference data for ${id}`);
    const existing = this.instruments.get(id);
    if (existing !== undefined && existing.info === info) return existing;
    const state = newInstrumentState(info);
    if (existing !== undefined) {
      state.phase = existing.phase;
      state.makers.push(...existing.makers);
    }
    this.instruments.set(id, state);
    if (existing === undefined) this.market_making.onInstrument(state);
    return state;
  }

  instrument(id: string): InstrumentState {
    const state = this.instruments.get(id);
    if (state === undefined)
      fail(`surveillance has no reference data for ${id}: consume from genesis or seed it`);
    return state;
  }

  owner(id: string): OwnerState {
    let owner = this.owners.get(id);
    if (owner === undefined) {
      owner = newOwnerState(id);
      this.owners.set(id, owner);
    }
    return owner;
  }

  ownerInstrument(owner: OwnerState, instrument: InstrumentState): OwnerInstrument {
    let oi = owner.instruments.get(instrument.info.id);
    if (oi === undefined) {
      oi = newOwnerInstrument(owner, instrument);
      oi.maker = this.market_making.quoteOf(instrument, owner.id);
      owner.instruments.set(instrument.info.id, oi);
    }
    return oi;
  }

  track(rec: OrderRec): void {
    if (this.orders.has(rec.order_id)) fail(`order ${rec.order_id} accepted twice`);
    assert(this.orders.size < TRACKED_ORDERS_MAX, 'more live orders than the hub allows');
    this.orders.set(rec.order_id, rec);
    rec.live_index = rec.oi.live.length;
    rec.oi.live.push(rec);
    addToLevels(rec);
  }

  /** Forgets an order with nothing left. */
  untrack(rec: OrderRec): void {
    removeFromLevels(rec);
    this.orders.delete(rec.order_id);
    const live = rec.oi.live;
    const index = rec.live_index;
    if (live[index] !== rec) fail(`order ${rec.order_id} not live for its owner`);
    const last = live.pop() as OrderRec;
    if (index < live.length) {
      live[index] = last;
      last.live_index = index;
    }
    rec.live_index = -1;
  }

  /** Resets every day counter; drops owner × instrument pairs and owners with nothing live. */
  rollDay(): void {
    for (const [id, owner] of this.owners) {
      resetOwnerDay(owner);
      for (const [instrument, oi] of owner.instruments) {
        if (oi.live.length === 0) owner.instruments.delete(instrument);
        else resetOwnerInstrumentDay(oi);
      }
      if (owner.instruments.size === 0) this.owners.delete(id);
    }
    for (const instrument of this.instruments.values()) {
      instrument.minute_index = -1;
      instrument.minute_volume_units = 0;
      instrument.minute_moves_units = 0;
      instrument.minute_moves_count = 0;
    }
  }
}

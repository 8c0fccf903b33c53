/**
 * Book snapshots as plain data (numbers, strings, booleans, arrays, plain objects: codec-safe, no
 * Maps), and their restore. Orders are listed side by side in priority order (bids then asks;
 * at-auction queue first, then levels from the best, each FIFO from its head), in columns. Restoring
 * appends them in that order, so queues, priorities and every later decision are the same. Slot
 * numbers and hash layout may differ; nothing observable depends on them.
 *
 * The configuration is not in the snapshot (it holds functions: tick rule, pre-funding hook); the
 * hub rebuilds it from reference data and passes it to `restore`.
 * @module
 */

import { assert } from '../kernel/index.js';
import { ASK, AUCTION_QUEUE, BID, type BookState, NIL } from './book_state.js';
import { packKind, packParty } from './order_store.js';
import { PHASE_NAMES, type Phase } from './types.js';

export const BOOK_SNAPSHOT_VERSION = 1;

export interface OrderColumns {
  order_id: number[];
  side: number[];
  type: number[];
  tif: number[];
  stp_mode: number[];
  flags: number[];
  price_units: number[];
  remaining_units: number[];
  filled_units: number[];
  owner: number[];
  account: number[];
  venue: number[];
  investor_class: number[];
}

export interface BookSnapshot {
  version: number;
  instrument_key: string;
  phase: string;
  last_order_id: number;
  trade_seq: number;
  last_trade_price_units: number;
  previous_close_units: number;
  price_floor_units: number;
  price_ceiling_units: number;
  auction_band_floor_units: number;
  auction_band_ceiling_units: number;
  auction_reference_units: number;
  auction_closing: boolean;
  indicative_price_units: number;
  indicative_volume_units: number;
  last_bbo: number[];
  vcm: number[] | null;
  orders: OrderColumns;
}

const COLUMN_NAMES: readonly (keyof OrderColumns)[] = [
  'order_id',
  'side',
  'type',
  'tif',
  'stp_mode',
  'flags',
  'price_units',
  'remaining_units',
  'filled_units',
  'owner',
  'account',
  'venue',
  'investor_class',
];

export function snapshotBook(b: BookState): BookSnapshot {
  const orders = emptyColumns();
  for (const si of [BID, ASK]) {
    addLevel(b, AUCTION_QUEUE[si] as number, orders);
    const levels = b.levelsOf(si);
    for (let pos = (b.side_count[si] as number) - 1; pos >= 0; pos--) {
      addLevel(b, levels[pos] as number, orders);
    }
  }
  return {
    version: BOOK_SNAPSHOT_VERSION,
    instrument_key: b.instrument_key,
    phase: PHASE_NAMES[b.phase] as string,
    last_order_id: b.last_order_id,
    trade_seq: b.trade_seq,
    last_trade_price_units: b.last_trade_price,
    previous_close_units: b.previous_close,
    price_floor_units: b.price_floor,
    price_ceiling_units: b.price_ceiling,
    auction_band_floor_units: b.auction_band_floor,
    auction_band_ceiling_units: b.auction_band_ceiling,
    auction_reference_units: b.auction_reference,
    auction_closing: b.auction_closing,
    indicative_price_units: b.indicative_price,
    indicative_volume_units: b.indicative_volume,
    last_bbo: [b.last_bid_price, b.last_bid_size, b.last_ask_price, b.last_ask_size],
    vcm: b.vcm === null ? null : b.vcm.toData(),
    orders,
  };
}

function emptyColumns(): OrderColumns {
  const columns = {} as OrderColumns;
  for (const name of COLUMN_NAMES) columns[name] = [];
  return columns;
}

function addLevel(b: BookState, level: number, out: OrderColumns): void {
  for (let slot = b.l_head[level] as number; slot !== NIL; slot = b.nextOf(slot)) {
    out.order_id.push(b.idOf(slot));
    out.side.push(b.sideOf(slot));
    out.type.push(b.typeOf(slot));
    out.tif.push(b.tifOf(slot));
    out.stp_mode.push(b.stpOf(slot));
    out.flags.push(b.flagsOf(slot));
    out.price_units.push(b.priceOf(slot));
    out.remaining_units.push(b.remainingOf(slot));
    out.filled_units.push(b.filledOf(slot));
    out.owner.push(b.ownerOf(slot));
    out.account.push(b.accountOf(slot));
    out.venue.push(b.venueOf(slot));
    out.investor_class.push(b.classOf(slot));
  }
}

/** Loads a snapshot into a fresh book (same instrument, no orders yet). */
export function loadSnapshot(b: BookState, data: BookSnapshot): void {
  assert(data.version === BOOK_SNAPSHOT_VERSION, `unknown book snapshot version ${data.version}`);
  assert(data.instrument_key === b.instrument_key, 'snapshot of another instrument');
  assert(b.orders_used === 0, 'restore needs an empty book');
  const phase = PHASE_NAMES.indexOf(data.phase);
  assert(phase >= 0, `unknown phase ${data.phase}`);
  b.phase = phase as Phase;
  b.last_order_id = data.last_order_id;
  b.trade_seq = data.trade_seq;
  b.last_trade_price = data.last_trade_price_units;
  b.previous_close = data.previous_close_units;
  b.price_floor = data.price_floor_units;
  b.price_ceiling = data.price_ceiling_units;
  b.auction_band_floor = data.auction_band_floor_units;
  b.auction_band_ceiling = data.auction_band_ceiling_units;
  b.auction_reference = data.auction_reference_units;
  b.auction_closing = data.auction_closing;
  b.indicative_price = data.indicative_price_units;
  b.indicative_volume = data.indicative_volume_units;
  assert(data.last_bbo.length === 4, 'bad BBO in snapshot');
  [b.last_bid_price, b.last_bid_size, b.last_ask_price, b.last_ask_size] = data.last_bbo as [
    number,
    number,
    number,
    number,
  ];
  assert((data.vcm === null) === (b.vcm === null), 'VCM configuration differs from snapshot');
  if (b.vcm !== null && data.vcm !== null) b.vcm.fromData(data.vcm);
  loadOrders(b, data.orders);
}

function loadOrders(b: BookState, columns: OrderColumns): void {
  const count = columns.order_id.length;
  for (const name of COLUMN_NAMES) assert(columns[name].length === count, `column ${name}`);
  const eligibility = b.config.eligibility;
  for (let i = 0; i < count; i++) {
    const slot = b.allocOrder();
    const at = (name: keyof OrderColumns) => columns[name][i] as number;
    const group =
      eligibility === null ? 0 : at('venue') * eligibility.classes + at('investor_class');
    const kind = packKind(at('tif'), at('type'), at('stp_mode'), at('flags'));
    const party = packParty(at('venue'), at('investor_class'), group);
    const price = at('price_units');
    b.writeRecord(
      slot,
      at('order_id'),
      at('side'),
      price,
      at('remaining_units'),
      at('filled_units'),
      kind,
      party,
      at('owner'),
      at('account'),
    );
    const si = at('side') - 1;
    b.append(price === 0 ? (AUCTION_QUEUE[si] as number) : b.levelFor(si, price), slot);
    b.index.insert(at('order_id'), slot);
  }
}

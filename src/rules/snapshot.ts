/**
 * The rules state as plain data (numbers, strings, bigints, arrays; Map insertion order kept) and
 * back. `restoreRules(snapshotRules(s))` equals `s`, and snapshots of equal states encode to equal
 * bytes (kernel/codec.ts).
 * @module
 */

import { assert, parseRate, type Rate } from '../kernel/index.js';
import { addMapping, type BcanMapping } from './bcan.js';
import type { EligibilityStatus } from './eligibility.js';
import { type FxRates, fxRates } from './fx.js';
import type { MainlandMarket } from './links.js';
import { addToLot, holderEntry, instrumentEntry, type Lot, openLot } from './ownership.js';
import { addPosition, findPosition, type Position, type PositionTable } from './positions.js';
import type { QuotaState } from './quota.js';
import {
  createRulesState,
  type OrderRecord,
  type RulesDay,
  type RulesLimits,
  type RulesState,
} from './state.js';

/** Quota fields, all plain. */
export type QuotaSnapshot = QuotaState;
/** [link index, owner, instrument, start, bought, sold, open sell]. */
export type PositionRow = readonly [number, string, string, number, number, number, number];
/** [instrument, owner, order id, timestamp, units], in creation order per instrument. */
export type LotRow = readonly [string, string, number, number, number];
/** An open order, its position and lot by key. */
export interface OrderRow {
  readonly order_id: number;
  readonly link_index: number;
  readonly side: 'buy' | 'sell';
  readonly owner: string;
  readonly instrument: string;
  readonly price_units: number;
  readonly remaining_units: number;
  readonly open_minor: bigint;
  readonly factor_numerator: bigint;
  readonly factor_denominator: bigint;
  readonly ownership: boolean;
  /** Index of the order's lot in its instrument's lots, −1 for none. */
  readonly lot_index: number;
}
/** [date, rate for buys, rate for sells]. */
export type RatesRow = readonly [string, string, string];

/** The whole rules state as data. */
export interface RulesSnapshot {
  readonly format: 'hutong.rules.v1';
  readonly limits: RulesLimits;
  readonly day: RulesDay;
  readonly quotas: readonly QuotaSnapshot[];
  readonly eligibility: ReadonlyArray<ReadonlyArray<readonly [string, EligibilityStatus]>>;
  readonly bcan: readonly BcanMapping[];
  readonly channels: ReadonlyArray<readonly [string, MainlandMarket]>;
  readonly positions: readonly PositionRow[];
  readonly lots: readonly LotRow[];
  /** Instruments with foreign holdings, in Map order. */
  readonly ownership_instruments: readonly string[];
  /** Holders per instrument in Map order: [instrument, owner][]. */
  readonly holders: ReadonlyArray<readonly [string, string]>;
  /** Instruments whose Northbound buying is suspended (28 %/26 %); absent in older snapshots. */
  readonly nb_buying_suspended?: readonly string[];
  /** Holders in a 5 % notification period: [instrument, owner, last date]. */
  readonly disclosures?: ReadonlyArray<readonly [string, string, string]>;
  readonly orders: readonly OrderRow[];
  readonly fx_reference: readonly RatesRow[];
  readonly fx_settlement: readonly RatesRow[];
  readonly southbound_orders_today: number;
}

/** The state as data. */
export function snapshotRules(state: RulesState): RulesSnapshot {
  return {
    format: 'hutong.rules.v1',
    limits: { ...state.limits },
    day: { ...state.day },
    quotas: state.quotas.map((q) => ({ ...q })),
    eligibility: state.eligibility.map((list) => [...list]),
    bcan: [...state.bcan.by_broker.values()].flatMap((m) => [...m.values()].map((b) => ({ ...b }))),
    channels: [...state.channels],
    positions: positionRows(state),
    lots: [...state.ownership.instruments.values()].flatMap((e) =>
      e.lots.map((l): LotRow => [e.instrument, l.owner, l.order_id, l.timestamp_us, l.units]),
    ),
    ownership_instruments: [...state.ownership.instruments.keys()],
    holders: [...state.ownership.instruments.values()].flatMap((e) =>
      [...e.holders.keys()].map((owner): readonly [string, string] => [e.instrument, owner]),
    ),
    nb_buying_suspended: [...state.ownership.instruments.values()]
      .filter((e) => e.nb_buying_suspended)
      .map((e) => e.instrument),
    disclosures: [...state.ownership.instruments.values()].flatMap((e) =>
      [...e.holders]
        .filter(([, holder]) => holder.disclosure_until !== '')
        .map(([owner, holder]): readonly [string, string, string] => [
          e.instrument,
          owner,
          holder.disclosure_until,
        ]),
    ),
    orders: orderRows(state),
    fx_reference: [...state.fx.reference.values()].map(ratesRow),
    fx_settlement: [...state.fx.settlement.values()].map(ratesRow),
    southbound_orders_today: state.southbound_orders_today,
  };
}

function positionRows(state: RulesState): PositionRow[] {
  const rows: PositionRow[] = [];
  state.positions.forEach((table, index) => {
    for (const [owner, instruments] of table.by_owner) {
      for (const [instrument, p] of instruments) {
        rows.push([
          index,
          owner,
          instrument,
          p.start_units,
          p.bought_units,
          p.sold_units,
          p.open_sell_units,
        ]);
      }
    }
  });
  return rows;
}

function orderRows(state: RulesState): OrderRow[] {
  const lot_index = new Map<Lot, number>();
  for (const entry of state.ownership.instruments.values()) {
    entry.lots.forEach((lot, index) => {
      lot_index.set(lot, index);
    });
  }
  return [...state.orders.values()].map((r) => orderRow(r, lot_index));
}

function orderRow(r: OrderRecord, lot_index: ReadonlyMap<Lot, number>): OrderRow {
  return {
    order_id: r.order_id,
    link_index: r.link_index,
    side: r.side,
    owner: r.owner,
    instrument: r.instrument,
    price_units: r.price_units,
    remaining_units: r.remaining_units,
    open_minor: r.open_minor,
    factor_numerator: r.factor.numerator,
    factor_denominator: r.factor.denominator,
    ownership: r.ownership,
    lot_index: r.lot === null ? -1 : (lot_index.get(r.lot) ?? -1),
  };
}

function ratesRow(rates: FxRates): RatesRow {
  return [rates.date, rates.rate_for_buys, rates.rate_for_sells];
}

/** Rebuilds a state from its snapshot. */
export function restoreRules(snapshot: RulesSnapshot): RulesState {
  assert(
    snapshot.format === 'hutong.rules.v1',
    `unknown rules snapshot ${String(snapshot.format)}`,
  );
  const state = createRulesState({ ...snapshot.limits });
  Object.assign(state.day, snapshot.day);
  snapshot.quotas.forEach((q, i) => {
    Object.assign(state.quotas[i] as QuotaState, q);
  });
  snapshot.eligibility.forEach((rows, i) => {
    for (const [instrument, status] of rows) state.eligibility[i]?.set(instrument, status);
  });
  for (const mapping of snapshot.bcan) addMapping(state.bcan, { ...mapping });
  for (const [investor, channel] of snapshot.channels) state.channels.set(investor, channel);
  for (const [index, owner, instrument, start, bought, sold, open] of snapshot.positions) {
    const p = addPosition(tableAt(state, index), owner, instrument, start);
    Object.assign(p, { bought_units: bought, sold_units: sold, open_sell_units: open });
  }
  restoreOwnership(state, snapshot);
  for (const row of snapshot.orders) state.orders.set(row.order_id, orderRecord(state, row));
  state.ownership.pending_lots = snapshot.orders.filter(
    (o) => o.ownership && o.side === 'buy' && o.lot_index < 0,
  ).length;
  for (const row of snapshot.fx_reference) state.fx.reference.set(row[0], rates(row));
  for (const row of snapshot.fx_settlement) state.fx.settlement.set(row[0], rates(row));
  state.fx_today = state.day.open ? (state.fx.reference.get(state.day.date) ?? null) : null;
  state.southbound_orders_today = snapshot.southbound_orders_today;
  return state;
}

function restoreOwnership(state: RulesState, snapshot: RulesSnapshot): void {
  const o = state.ownership;
  for (const instrument of snapshot.ownership_instruments) instrumentEntry(o, instrument);
  for (const [instrument, owner] of snapshot.holders) {
    holderEntry(instrumentEntry(o, instrument), owner);
  }
  for (const [instrument, owner, order_id, timestamp_us, units] of snapshot.lots) {
    addToLot(openLot(o, instrument, owner, order_id, timestamp_us), units);
  }
  for (const instrument of snapshot.nb_buying_suspended ?? []) {
    instrumentEntry(o, instrument).nb_buying_suspended = true;
  }
  for (const [instrument, owner, until] of snapshot.disclosures ?? []) {
    holderEntry(instrumentEntry(o, instrument), owner).disclosure_until = until;
  }
}

function tableAt(state: RulesState, index: number): PositionTable {
  const table = state.positions[index];
  assert(table !== undefined, `no link ${index}`);
  return table;
}

function orderRecord(state: RulesState, row: OrderRow): OrderRecord {
  let position: Position | null = null;
  if (row.link_index >= 0) {
    position = findPosition(tableAt(state, row.link_index), row.owner, row.instrument) ?? null;
    assert(position !== null, `order ${row.order_id} has no position`);
  }
  const lots = state.ownership.instruments.get(row.instrument)?.lots;
  const lot: Lot | null = row.lot_index < 0 ? null : ((lots?.[row.lot_index] as Lot) ?? null);
  if (lot !== null) lot.open = true;
  return {
    order_id: row.order_id,
    link_index: row.link_index,
    side: row.side,
    owner: row.owner,
    instrument: row.instrument,
    price_units: row.price_units,
    remaining_units: row.remaining_units,
    open_minor: row.open_minor,
    factor: { numerator: row.factor_numerator, denominator: row.factor_denominator },
    position,
    ownership: row.ownership,
    lot,
  };
}

function rates(row: RatesRow): FxRates {
  const buys = parseRateOrCrash(row[1]);
  const sells = parseRateOrCrash(row[2]);
  return fxRates(row[0], row[1], row[2], buys, sells);
}

function parseRateOrCrash(text: string): Rate {
  const rate = parseRate(text);
  assert(rate !== undefined, `bad rate in snapshot ${text}`);
  return rate;
}

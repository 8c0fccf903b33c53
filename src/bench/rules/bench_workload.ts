/**
 * The `rules` benchmark's workload: the demo market plus 8,000 synthetic investors (4,000 Hong
 * Kong clients of the two China Connect brokers with BCANs in force, 4,000 Mainland clients of
 * the two Mainland brokers), and a seeded stream of orders in continuous trading: 45 % Northbound,
 * 30 % Southbound, 25 % domestic (a few QFII), 55 % buys, prices near the previous close, and a
 * few percent that the rules refuse (wrong BCAN, ST buys, ChiNext buys by individuals, small
 * Southbound accounts, sells without holdings). Built before the clock starts.
 * @module
 */

import { Mulberry32 } from '../../kernel/index.js';
import {
  investorInputSchema,
  type ReferenceState,
  registerInvestor,
} from '../../reference/index.js';
import { onDayStart } from '../../rules/day.js';
import { setBcanMappings } from '../../rules/operator_bcan.js';
import { setFxRates } from '../../rules/operator_fx.js';
import type { RulesOrder } from '../../rules/order.js';
import { createRulesState, type RulesState } from '../../rules/state.js';
import { at, DAY, demoReference, listEverything, must, RATES, SEC } from '../../rules/testing.js';

const CLIENTS_PER_BROKER = 2_000;
const HK_BROKERS = ['HARBOUR', 'PEAK'] as const;
const CN_BROKERS = ['BUND', 'PEARL'] as const;

/** The workload: reference data, orders and their times. */
export interface RulesWorkload {
  readonly reference: ReferenceState;
  readonly orders: readonly RulesOrder[];
  readonly timestamps_us: Float64Array;
}

function hkId(broker: number, i: number): string {
  return `bh${broker}${String(i).padStart(5, '0')}`;
}

function cnId(broker: number, i: number): string {
  return `bm${broker}${String(i).padStart(5, '0')}`;
}

function bcanOf(broker: number, i: number): string {
  return String((broker + 3) * 1_000_000_000 + i + 1);
}

/** Demo reference data plus the synthetic clients. */
export function benchReference(): ReferenceState {
  const reference = demoReference();
  for (let b = 0; b < 2; b += 1) {
    for (let i = 0; i < CLIENTS_PER_BROKER; i += 1) {
      const hk = {
        id: hkId(b, i),
        type: i % 10 < 7 ? 'retail' : 'institutional',
        jurisdiction: 'HK',
        broker: HK_BROKERS[b],
        id_document_country: 'HK',
      };
      must(registerInvestor(reference, investorInputSchema.parse(hk)));
      const assets = i % 10 === 3 ? '30000000' : '100000000';
      const cn = {
        id: cnId(b, i),
        type: 'retail',
        jurisdiction: 'CN',
        broker: CN_BROKERS[b],
        id_document_country: 'CN',
        southbound_assets_20d_avg_minor: assets,
      };
      must(registerInvestor(reference, investorInputSchema.parse(cn)));
    }
  }
  return reference;
}

/** A rules state with everything listed, the synthetic BCANs in force, and the day started. */
export function benchState(reference: ReferenceState): RulesState {
  const state = createRulesState();
  listEverything(state, reference);
  for (let b = 0; b < 2; b += 1) {
    for (let start = 0; start < CLIENTS_PER_BROKER; start += 1_000) {
      const mappings = [];
      for (let i = start; i < start + 1_000; i += 1)
        mappings.push({ bcan: bcanOf(b, i), investor: hkId(b, i) });
      const broker = HK_BROKERS[b] as string;
      const input = { type: 'rules.set_bcan_mappings' as const, broker, mappings, removals: [] };
      must(setBcanMappings(state, reference, input, at('18:00', '2026-01-02')));
    }
  }
  must(setFxRates(state, { type: 'rules.set_fx_reference_rates', date: DAY, ...RATES }));
  must(onDayStart(state, reference, DAY));
  return state;
}

const NB = [
  { id: SEC.MOUTAI, price: 146_000, lot: 100, tick: 1 },
  { id: SEC.PINGAN, price: 5_800, lot: 100, tick: 1 },
  { id: SEC.WULIANGYE, price: 11_500, lot: 100, tick: 1 },
  { id: SEC.CSI300_ETF, price: 4_620, lot: 100, tick: 1 },
  { id: SEC.CATL, price: 37_000, lot: 100, tick: 1 },
  { id: SEC.ST_TEXTILE, price: 312, lot: 100, tick: 1 },
];
const SB = [
  { id: SEC.TENCENT, price: 620_000, lot: 100, tick: 500 },
  { id: SEC.ALIBABA, price: 155_000, lot: 100, tick: 100 },
  { id: SEC.HSBC, price: 105_000, lot: 400, tick: 100 },
  { id: SEC.CHINA_MOBILE, price: 85_000, lot: 500, tick: 50 },
  { id: SEC.TRACKER, price: 26_000, lot: 500, tick: 20 },
];
const NB_WEIGHTS = [0.2, 0.3, 0.25, 0.15, 0.06, 0.04];

function pickWeighted(rng: Mulberry32, weights: readonly number[]): number {
  let r = rng.uniform();
  for (let i = 0; i < weights.length; i += 1) {
    r -= weights[i] as number;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/** `count` orders from seed 4 (Mulberry32), with times spread over 10:00–11:29. */
export function benchWorkload(count: number): RulesWorkload {
  const reference = benchReference();
  const rng = new Mulberry32(4);
  const orders: RulesOrder[] = [];
  const timestamps_us = new Float64Array(count);
  const start = at('10:00');
  const span = at('11:29') - start;
  for (let n = 0; n < count; n += 1) {
    timestamps_us[n] = start + Math.floor((span * n) / count);
    const r = rng.uniform();
    orders.push(r < 0.45 ? northbound(rng) : r < 0.75 ? southbound(rng) : domestic(rng));
  }
  return { reference, orders, timestamps_us };
}

function northbound(rng: Mulberry32): RulesOrder {
  const b = rng.int(0, 1);
  const i = rng.int(0, CLIENTS_PER_BROKER - 1);
  const s = NB[pickWeighted(rng, NB_WEIGHTS)] ?? (NB[0] as (typeof NB)[number]);
  const side = rng.chance(0.55) ? 'buy' : 'sell';
  return {
    participant: HK_BROKERS[b] as string,
    owner: hkId(b, i),
    instrument: s.id,
    side,
    order_type: 'limit',
    time_in_force: 'day',
    price_units: s.price + rng.int(-20, 20) * s.tick,
    quantity_units: side === 'buy' ? rng.int(1, 20) * s.lot : rng.int(1, 2_000),
    bcan: rng.chance(0.01) ? '999' : bcanOf(b, i),
  };
}

function southbound(rng: Mulberry32): RulesOrder {
  const b = rng.int(0, 1);
  const s = SB[rng.int(0, SB.length - 1)] as (typeof SB)[number];
  return {
    participant: CN_BROKERS[b] as string,
    owner: cnId(b, rng.int(0, CLIENTS_PER_BROKER - 1)),
    instrument: s.id,
    side: rng.chance(0.55) ? 'buy' : 'sell',
    order_type: 'enhanced_limit',
    time_in_force: 'day',
    price_units: s.price + rng.int(-10, 10) * s.tick,
    quantity_units: rng.int(1, 10) * s.lot,
  };
}

function domestic(rng: Mulberry32): RulesOrder {
  const qfii = rng.chance(0.05);
  const b = rng.int(0, 1);
  const s = NB[rng.int(0, 3)] as (typeof NB)[number];
  return {
    participant: CN_BROKERS[b] as string,
    owner: qfii
      ? b === 0
        ? 'qfii-us-pension'
        : 'qfii-jp-bank'
      : cnId(b, rng.int(0, CLIENTS_PER_BROKER - 1)),
    instrument: s.id,
    side: rng.chance(0.55) ? 'buy' : 'sell',
    order_type: 'limit',
    time_in_force: 'day',
    price_units: s.price + rng.int(-20, 20) * s.tick,
    quantity_units: rng.int(1, 20) * s.lot,
  };
}

/** Holdings for the benchmark: every client holds plenty, except ids ending in 7 (none). */
export function benchHoldings(owner: string): number {
  return owner.charCodeAt(owner.length - 1) === 55 ? 0 : 1_000_000;
}

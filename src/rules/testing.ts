/**
 * Helpers for the rules domain's tests, its day test and its benchmark: the demo market's
 * reference data, a rules state ready for a Connect day, and `Desk`, a stand-in for the hub and
 * the book that numbers orders, applies accepted orders, and feeds trades and cancels back.
 * Not used by the engine itself.
 * @module
 */

import { encode, type Outcome, timestampAt } from '../kernel/index.js';
import {
  cashAssetInputSchema,
  createReferenceState,
  demoReferenceData,
  investorInputSchema,
  partyInputSchema,
  type ReferenceState,
  registerCashAsset,
  registerInvestor,
  registerParty,
  registerSecurity,
  securityInputSchema,
} from '../reference/index.js';
import { onDayStart } from './day.js';
import { onOrderAccepted } from './hooks.js';
import { LINKS, type Link, linkInfo } from './links.js';
import { setDailyQuota, setEligibility } from './operator.js';
import { mapReferenceBcans } from './operator_bcan.js';
import { setFxRates } from './operator_fx.js';
import type { HoldingsLookup, RulesOrder } from './order.js';
import { checkCancel, checkOrder } from './pipeline.js';
import { snapshotRules } from './snapshot.js';
import { createRulesState, type Decision, type RulesLimits, type RulesState } from './state.js';
import { onCancelled, onTrade } from './trades.js';

/** Demo instruments by a short name. */
export const SEC = {
  MOUTAI: 'CNE0000018R8',
  PINGAN: 'CNE000001R84',
  WULIANGYE: 'CNE000000VQ8',
  CATL: 'CNE100003662',
  SMIC: 'CNE1000041W8',
  ST_TEXTILE: 'CNEHT6059993',
  CSI300_ETF: 'CNEHT5103008',
  TENCENT: 'KYG875721634',
  ALIBABA: 'KYG017191142',
  HSBC: 'GB0005405286',
  CHINA_MOBILE: 'HK0941009539',
  TRACKER: 'HK2800008867',
  GREEN_BOND: 'HKHTGB25HKD0',
  TOKEN_FUND: 'HKHTMMFTK016',
} as const;

/** The test day: Monday 5 January 2026, open in both markets. */
export const DAY = '2026-01-05';

/** The demo market's reference data; throws if any registration is refused. */
export function demoReference(): ReferenceState {
  const state = createReferenceState();
  for (const r of demoReferenceData()) {
    const outcome: Outcome<unknown> =
      r.kind === 'party'
        ? registerParty(state, partyInputSchema.parse(r.input))
        : r.kind === 'cash_asset'
          ? registerCashAsset(state, cashAssetInputSchema.parse(r.input))
          : r.kind === 'security'
            ? registerSecurity(state, securityInputSchema.parse(r.input))
            : registerInvestor(state, investorInputSchema.parse(r.input));
    if (!outcome.ok) throw new Error(`demo data refused: ${outcome.code} ${outcome.message}`);
  }
  return state;
}

/** Every demo stock and ETF on its links' lists: A shares Northbound, HK both Southbound links. */
export function listEverything(state: RulesState, reference: ReferenceState): void {
  const entries: { link: Link; instrument: string; status: 'eligible' }[] = [];
  for (const s of reference.securities.values()) {
    if (s.kind !== 'stock' && s.kind !== 'etf') continue;
    const links: Link[] =
      s.market === 'XSHG'
        ? ['sh_northbound']
        : s.market === 'XSHE'
          ? ['sz_northbound']
          : s.market === 'XHKG'
            ? ['sh_southbound', 'sz_southbound']
            : [];
    for (const link of links) entries.push({ link, instrument: s.id, status: 'eligible' });
  }
  must(setEligibility(state, reference, { type: 'rules.set_eligibility', entries }));
}

/** Reference rates used by the tests: RMB 0.9300 per HKD for buys, 0.9100 for sells. */
export const RATES = { rate_for_buys: '0.9300', rate_for_sells: '0.9100' } as const;

/** A state with every demo security listed, every BCAN in force, rates set, and `date` started. */
export function readyState(
  reference: ReferenceState,
  date: string = DAY,
  limits?: RulesLimits,
): RulesState {
  const state = createRulesState(limits);
  listEverything(state, reference);
  mapReferenceBcans(state, reference, '2025-01-02');
  must(setFxRates(state, { type: 'rules.set_fx_reference_rates', date, ...RATES }));
  must(onDayStart(state, reference, date));
  return state;
}

/** Like `readyState`, with `link`'s daily quota set to `quota_minor` from the day's start. */
export function withQuota(
  reference: ReferenceState,
  quota_minor: bigint,
  link: Link = 'sh_northbound',
  date: string = DAY,
): RulesState {
  const state = createRulesState();
  listEverything(state, reference);
  mapReferenceBcans(state, reference, '2025-01-02');
  must(setFxRates(state, { type: 'rules.set_fx_reference_rates', date, ...RATES }));
  const input = { type: 'rules.set_daily_quota', link, daily_quota_minor: quota_minor } as const;
  must(setDailyQuota(state, { ...input, effective: 'next_day' }, at('08:00', date)));
  must(onDayStart(state, reference, date));
  return state;
}

/** Unwraps an outcome, throwing on a rejection. */
export function must<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`refused: ${outcome.code} ${outcome.message}`);
  return outcome.value;
}

/** Local time on the test day (or `date`). */
export function at(clock: string, date: string = DAY): number {
  return timestampAt(date, clock);
}

/** The state's bytes: equal bytes, equal state. */
export function fingerprint(state: RulesState): string {
  return encode(snapshotRules(state));
}

/** An order with defaults (a day limit order); name what matters. */
export function order(
  fields: Partial<RulesOrder> & Pick<RulesOrder, 'participant' | 'owner' | 'instrument'>,
): RulesOrder {
  return {
    side: 'buy',
    order_type: 'limit',
    time_in_force: 'day',
    price_units: 100,
    quantity_units: 100,
    ...fields,
  };
}

/** The investors' BCANs in the demo data. */
export const BCAN = {
  'hk-retail-chan': '1000000001',
  'hk-retail-wong': '2000000001',
  'hk-pro-lam': '1000000002',
  'hk-inst-fund': '1000000003',
  'hk-inst-insurer': '2000000002',
  'sg-inst-fund': '1000000004',
} as const;

/** A Northbound order of a demo client of HARBOUR (or `broker`), with its BCAN. */
export function nb(
  owner: keyof typeof BCAN,
  fields: Partial<RulesOrder> & Pick<RulesOrder, 'instrument'>,
): RulesOrder {
  const broker = owner === 'hk-retail-wong' || owner === 'hk-inst-insurer' ? 'PEAK' : 'HARBOUR';
  return order({ participant: broker, owner, bcan: BCAN[owner], ...fields });
}

/** A Southbound order of a demo Mainland client. */
export function sb(
  owner: string,
  broker: string,
  fields: Partial<RulesOrder> & Pick<RulesOrder, 'instrument'>,
): RulesOrder {
  return order({
    participant: broker,
    owner,
    order_type: 'enhanced_limit',
    price_units: 100_000,
    ...fields,
  });
}

/** Holdings from a table keyed `owner|instrument|link` (0 when absent). */
export function holdingsTable(table: Record<string, number> = {}): HoldingsLookup {
  return (owner, instrument, link) => table[`${owner}|${instrument}|${link}`] ?? 0;
}

/** What `Desk.submit` returns. */
export type Submitted =
  | { readonly ok: true; readonly order_id: number; readonly decision: Decision }
  | {
      readonly ok: false;
      readonly code: string;
      readonly details: Readonly<Record<string, unknown>>;
    };

/**
 * A stand-in for the hub and the book: checks and applies orders under increasing ids, keeps each
 * order's open quantity, and reports trades and cancels to the rules as the hub would.
 */
export class Desk {
  next_order_id = 1;
  readonly open = new Map<number, number>();
  holdings: HoldingsLookup;

  constructor(
    readonly state: RulesState,
    readonly reference: ReferenceState,
    holdings: Record<string, number> = {},
  ) {
    this.holdings = holdingsTable(holdings);
  }

  submit(o: RulesOrder, timestamp_us: number): Submitted {
    const ctx = { reference: this.reference, timestamp_us, holdings: this.holdings };
    const outcome = checkOrder(this.state, ctx, o);
    if (!outcome.ok) return { ok: false, code: outcome.code, details: outcome.details };
    const order_id = this.next_order_id;
    this.next_order_id += 1;
    const decision = { ...outcome.value };
    onOrderAccepted(this.state, o, order_id, timestamp_us, outcome.value);
    this.open.set(order_id, o.quantity_units);
    return { ok: true, order_id, decision };
  }

  /** Submits and expects acceptance. */
  accept(o: RulesOrder, timestamp_us: number): number {
    const result = this.submit(o, timestamp_us);
    if (!result.ok)
      throw new Error(
        `expected acceptance, got ${result.code} ${JSON.stringify(result.details, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`,
      );
    return result.order_id;
  }

  trade(
    buy_order_id: number,
    sell_order_id: number,
    price_units: number,
    quantity_units: number,
    timestamp_us: number,
  ): void {
    for (const id of [buy_order_id, sell_order_id]) {
      const open = this.open.get(id);
      if (open !== undefined) {
        if (open < quantity_units) throw new Error(`order ${id} has only ${open} open`);
        if (open === quantity_units) this.open.delete(id);
        else this.open.set(id, open - quantity_units);
      }
    }
    const trade = { buy_order_id, sell_order_id, price_units, quantity_units, timestamp_us };
    onTrade(this.state, trade, this.reference);
  }

  /** Cancels what is open of an order (after `checkCancel` accepts); returns the outcome code. */
  cancel(order_id: number, timestamp_us: number): string {
    const checked = checkCancel(this.state, timestamp_us, order_id);
    if (!checked.ok) return checked.code;
    const open = this.open.get(order_id) ?? 0;
    this.open.delete(order_id);
    onCancelled(this.state, { order_id, cancelled_units: open, remaining_units: 0 }, timestamp_us);
    return 'ok';
  }
}

/** The quota of a link. */
export function quotaOf(state: RulesState, link: Link) {
  return state.quotas[linkInfo(link).index] as RulesState['quotas'][number];
}

/** Every link name (for loops in tests). */
export const ALL_LINKS: readonly Link[] = LINKS;

/** Runs `attempt`, expects rejection `code`, checks the state did not change; returns details. */
export function expectRefused(
  state: RulesState,
  code: string,
  attempt: () => Outcome<unknown>,
): Readonly<Record<string, unknown>> {
  const before = fingerprint(state);
  const outcome = attempt();
  if (outcome.ok) throw new Error(`expected ${code}, but it was accepted`);
  if (outcome.code !== code)
    throw new Error(`expected ${code}, got ${outcome.code}: ${outcome.message}`);
  if (outcome.message.length === 0 || outcome.message.endsWith('.')) {
    throw new Error(`message must be a sentence without a final period: ${outcome.message}`);
  }
  if (fingerprint(state) !== before) throw new Error(`${code} changed the state`);
  return outcome.details;
}

/** `checkOrder` in a context with `holdings`, as an outcome (for `expectRefused`). */
export function check(
  state: RulesState,
  reference: ReferenceState,
  o: RulesOrder,
  timestamp_us: number,
  holdings: Record<string, number> = {},
): Outcome<Decision> {
  return checkOrder(state, { reference, timestamp_us, holdings: holdingsTable(holdings) }, o);
}

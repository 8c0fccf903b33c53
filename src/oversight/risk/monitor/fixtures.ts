/**
 * Hand-built events in the hub's own shapes, for the monitor's tests and its timing harness: a
 * small reference market (brokers on both sides, the two CCPs, four investors, a stock on each
 * exchange and a CIBM bond) and one builder per event the monitor reads. `Feed` numbers the
 * events and stamps each batch's time, as the sequencer would.
 * @module
 */

import type { HubEvent, PaymentSummary } from '../../../hub/index.js';
import { timestampAt } from '../../../kernel/time.js';
import { type AccountBalance, TransferBatch } from '../../../ledger/index.js';
import type { Investor, Party, Security } from '../../../reference/index.js';
import type { Link } from '../../../rules/index.js';
import type { RiskMonitor } from './monitor.js';
import type { RiskAlert } from './types.js';

type EventOf<T extends HubEvent['type']> = Extract<HubEvent, { type: T }>;
type Route = 'domestic' | 'northbound' | 'southbound';

export const SH_STOCK = 'CNE0000018R8'; // XSHG, CNY, price scale 2
export const SZ_STOCK = 'CNE000000VQ8'; // XSHE, CNY, price scale 2
export const HK_STOCK = 'KYG875721634'; // XHKG, HKD, price scale 3
export const CIBM_BOND = 'CND100009HF8'; // CIBM, CNY, a unit is CNY 100.00 of face
export const DAY = '2026-01-05';

function party(
  id: string,
  roles: Party['roles'],
  jurisdiction: string,
  markets: Party['exchange_participant_of'],
): Party {
  return {
    id,
    name: id,
    roles,
    jurisdiction,
    exchange_participant_of: markets,
    china_connect: 'none',
  };
}

/** PEAK and HARBOUR: Hong Kong brokers; PEARL (SSE and SZSE) and JADE (SZSE only): Mainland. */
export const PARTIES: readonly Party[] = [
  party('PEAK', ['broker'], 'HK', ['XHKG']),
  party('HARBOUR', ['broker'], 'HK', ['XHKG']),
  party('PEARL', ['broker'], 'CN', ['XSHG', 'XSHE']),
  party('JADE', ['broker'], 'CN', ['XSHE']),
  party('CSDC', ['ccp', 'csd'], 'CN', []),
  party('HKSCC', ['ccp', 'csd'], 'HK', []),
  party('BANKHK', ['bank', 'primary_liquidity_provider'], 'HK', []),
  party('BANKCN', ['bank'], 'CN', []),
];

function investor(
  id: string,
  type: Investor['type'],
  broker: string,
  jurisdiction: string,
): Investor {
  const professional = type !== 'retail';
  const institutional = type === 'institutional' || type === 'qfii';
  return {
    id,
    type,
    jurisdiction,
    broker,
    id_document_country: jurisdiction,
    professional,
    institutional,
  };
}

export const INVESTORS: readonly Investor[] = [
  investor('hk-fund', 'institutional', 'PEAK', 'HK'),
  investor('hk-retail', 'retail', 'HARBOUR', 'HK'),
  investor('cn-fund', 'institutional', 'PEARL', 'CN'),
  investor('cn-retail', 'retail', 'JADE', 'CN'),
];

function security(
  id: string,
  market: Security['market'],
  currency: Security['currency'],
  price_scale: number,
): Security {
  return {
    ...{ id, symbol: id.slice(-6), name: id, market, board: 'main', kind: 'stock' },
    ...{ special_treatment: 'none', currency, lot_size: 100, price_scale },
    ...{ tick_table: market === 'XHKG' ? 'hk_equity' : 'cn_a_share', listing_date: '2001-08-27' },
  };
}

export const SECURITIES: readonly Security[] = [
  { ...security(SH_STOCK, 'XSHG', 'CNY', 2), issued_units: 1_000_000n },
  security(SZ_STOCK, 'XSHE', 'CNY', 2),
  security(HK_STOCK, 'XHKG', 'HKD', 3),
  {
    ...security(CIBM_BOND, 'CIBM', 'CNY', 3),
    ...{ board: 'unlisted', kind: 'bond', tick_table: 'uniform' },
    bond: { coupon_ppm: 32_700, maturity_date: '2046-08-22', face_value_minor: 10_000n },
  },
];

/** The reference events of the fixture market. */
export function referenceEvents(): HubEvent[] {
  return [
    ...PARTIES.map((p): HubEvent => ({ type: 'party_registered', party: p })),
    ...INVESTORS.map((i): HubEvent => ({ type: 'investor_registered', investor: i })),
    ...SECURITIES.map((s): HubEvent => ({ type: 'security_registered', security: s })),
  ];
}

/** Numbers events from 1 and feeds them to a monitor one batch per call, keeping the alerts. */
export class Feed {
  next_seq = 1;
  now_us: number;
  readonly alerts: RiskAlert[] = [];
  readonly batches: Array<{
    events: readonly HubEvent[];
    first_event_seq: number;
    timestamp_us: number;
  }> = [];

  constructor(
    readonly monitor: RiskMonitor,
    clock = '09:00',
  ) {
    this.now_us = timestampAt(DAY, clock);
  }

  /** Sets the clock to a local (UTC+8) time. */
  at(date: string, clock: string): this {
    this.now_us = timestampAt(date, clock);
    return this;
  }

  /** Feeds one batch; returns the sequence number of its first event and its alerts. */
  batch(...events: HubEvent[]): { first: number; alerts: readonly RiskAlert[] } {
    const first = this.next_seq;
    this.next_seq += events.length;
    this.batches.push({ events, first_event_seq: first, timestamp_us: this.now_us });
    const alerts = this.monitor.consume(events, first, this.now_us);
    this.alerts.push(...alerts);
    return { first, alerts };
  }
}

export interface TradeSpec {
  readonly id: string;
  readonly instrument: string;
  readonly price: number;
  readonly qty: number;
  readonly buyer: string;
  readonly seller: string;
  readonly buyer_participant: string;
  readonly seller_participant: string;
  readonly buy_route?: Route;
  readonly sell_route?: Route;
  readonly market?: string;
  readonly timestamp_us?: number;
}

export function trade(s: TradeSpec): EventOf<'trade'> {
  const market =
    s.market ?? (s.instrument === HK_STOCK ? 'XHKG' : s.instrument === SZ_STOCK ? 'XSHE' : 'XSHG');
  return {
    type: 'trade',
    ...{
      trade_id: s.id,
      instrument: s.instrument,
      market,
      price_units: s.price,
      quantity_units: s.qty,
    },
    ...{ aggressor: 'buy', buy_order_id: 1, sell_order_id: 2, buyer: s.buyer, seller: s.seller },
    ...{ buyer_participant: s.buyer_participant, seller_participant: s.seller_participant },
    ...{ buy_route: s.buy_route ?? 'domestic', sell_route: s.sell_route ?? 'domestic' },
    ...{ buy_venue: market, sell_venue: market, buy_remaining_units: 0, sell_remaining_units: 0 },
    timestamp_us: s.timestamp_us ?? 0,
  };
}

export function captured(
  instruction_id: string,
  trade_id: string,
  group: string,
): EventOf<'instruction_captured'> {
  return {
    type: 'instruction_captured',
    instruction_id,
    trade_id,
    group,
    securities_date: DAY,
    cash_date: DAY,
  };
}

export function status(
  instruction_id: string,
  to: EventOf<'instruction_status'>['status'],
  settled_units: bigint,
  remaining_units: bigint,
): EventOf<'instruction_status'> {
  return {
    type: 'instruction_status',
    ...{ instruction_id, status: to, reason: '' },
    settled_quantity_units: settled_units,
    remaining_quantity_units: remaining_units,
  };
}

/** A holder's own account in a security (or cash, when `asset` is a currency). */
export function accountCreated(
  id: string,
  owner: string,
  asset: string,
  omnibus = false,
): EventOf<'account_created'> {
  return {
    type: 'account_created',
    account: {
      ...{ id, owner, asset, purpose: omnibus ? 'omnibus' : 'available' },
      ...{ debits_must_not_exceed_credits: true, credits_must_not_exceed_debits: false },
      ...{ parent_id: null, omnibus, created_at_us: 0 },
    },
  };
}

/** Posted balances (credits − debits) as a ledger event leaves them: a batch, any assets. */
export function balances(
  ...entries: ReadonlyArray<readonly [string, bigint]>
): EventOf<'transfer_batch_created'> {
  return {
    type: 'transfer_batch_created',
    batch: new TransferBatch(`b-${entries[0]?.[0] ?? ''}`, 'operator', 0, [], [], [], [], []),
    balances: balancesOf(entries),
  };
}

/** One transfer in `asset` that left these accounts (of that asset) at these balances. */
export function transfer(
  asset: string,
  ...entries: ReadonlyArray<readonly [string, bigint]>
): EventOf<'transfer_created'> {
  const [first, second] = [entries[0]?.[0] ?? '', entries[1]?.[0] ?? ''];
  return {
    type: 'transfer_created',
    transfer: {
      ...{
        id: `t-${first}`,
        action: 'transfer',
        debit_account_id: first,
        credit_account_id: second,
      },
      ...{ asset, amount_minor: 1n, pending_id: '', timeout_s: 0, code: 'test', reference: '' },
      ...{ submitted_by: 'operator', timestamp_us: 0 },
    },
    balances: balancesOf(entries),
  };
}

function balancesOf(entries: ReadonlyArray<readonly [string, bigint]>): AccountBalance[] {
  return entries.map(([account_id, posted]) => ({
    account_id,
    ...{ debits_pending: 0n, credits_pending: 0n },
    debits_posted: posted < 0n ? -posted : 0n,
    credits_posted: posted > 0n ? posted : 0n,
  }));
}

export function payment(
  type: 'payment_credited' | 'payment_returned' | 'payment_settled',
  direction: 'northbound' | 'southbound',
  amount_minor: bigint,
  send_currency: 'HKD' | 'CNY',
): HubEvent {
  const p: PaymentSummary = {
    ...{ end_to_end_id: `e2e-${direction}-${amount_minor}`, direction, state: 'credited' },
    ...{
      payer_bank: 'BANKHK',
      payee_bank: 'BANKCN',
      link_bank: 'BANKHK',
      amount_minor,
      send_currency,
    },
    ...{ receive_minor: amount_minor, receive_currency: send_currency, reason: null },
  };
  return { type, banks: ['BANKHK', 'BANKCN'], payment: p };
}

export interface BondTradeSpec {
  readonly id: string;
  readonly direction: 'northbound' | 'southbound';
  readonly buyer: string;
  readonly seller: string;
  /** The investor asking for quotes: its side is the cross-border flow. */
  readonly requester: string;
  readonly face_minor: bigint;
  readonly px_e8: bigint;
  readonly amount_minor: bigint;
  readonly currency?: string;
  readonly quota_rmb_minor?: bigint;
}

export function bondTrade(s: BondTradeSpec): EventOf<'bond_trade'> {
  const currency = s.currency ?? 'CNY';
  return {
    type: 'bond_trade',
    trade: {
      ...{
        trade_id: `${s.id}/q`,
        quote_req_id: s.id,
        security_id: CIBM_BOND,
        buyer: s.buyer,
        seller: s.seller,
      },
      ...{ dealer: s.requester === s.buyer ? s.seller : s.buyer, requester: s.requester },
      ...{
        quantity_minor: s.face_minor,
        price_type: 'percent_of_par',
        px_e8: s.px_e8,
        transact_time_us: 0,
      },
      ...{ direction: s.direction, currency, trade_date: DAY, settlement_date: DAY },
      ...{
        clean_consideration_minor: s.amount_minor,
        accrued_minor: 0n,
        settlement_amount_minor: s.amount_minor,
      },
      ...{
        settlement_currency: currency,
        fx_rate_e8: 0n,
        settlement_currency_amount_minor: s.amount_minor,
      },
      southbound_channel: s.direction === 'southbound' ? 'bond_connect' : null,
      quota_rmb_minor: s.quota_rmb_minor ?? 0n,
      settlement_trade_id: s.id,
    },
  };
}

export function repoOpened(
  repo_id: string,
  seller: string,
  buyer: string,
  purchase_minor: bigint,
  market_value_minor: bigint,
): EventOf<'repo_opened'> {
  return {
    type: 'repo_opened',
    repo_id,
    terms: {
      ...{ repo_id, seller, buyer, isin: CIBM_BOND, face_minor: 10_000_000n, currency: 'CNH' },
      ...{ purchase_date: DAY, repurchase_date: null, rate_e12: 18_500_000_000n },
      ...{ day_count: 'ACT/365F', haircut_ppm: 20_000 },
    },
    market_value_minor,
    purchase_price_minor: purchase_minor,
    settlement_trade_id: `REPO:${repo_id}:S`,
  };
}

export function repoClosed(
  repo_id: string,
  seller: string,
  buyer: string,
  repurchase_minor: bigint,
): EventOf<'repo_closed'> {
  return {
    type: 'repo_closed',
    repo_id,
    seller,
    buyer,
    days: 7,
    repurchase_price_minor: repurchase_minor,
    settlement_trade_id: `REPO:${repo_id}:E`,
  };
}

function quotaReport(link: Link, daily: bigint, balance: bigint) {
  return {
    ...{ link, daily_quota_minor: daily, balance_minor: balance, buy_orders_minor: 0n },
    ...{ sell_trades_minor: 0n, released_minor: 0n, price_improvement_minor: 0n },
    ...{ buying_closed: false, closed_in_window: '' },
  };
}

export function dayStarted(
  date: string,
  quotas: readonly bigint[],
): EventOf<'connect_day_started'> {
  return {
    type: 'connect_day_started',
    report: {
      date,
      connect_day: true,
      hk_half_day: false,
      southbound_reference_rates: true,
      daily_quotas_minor: quotas,
    },
  };
}

export function dayEnded(
  date: string,
  entries: ReadonlyArray<readonly [Link, bigint, bigint]>,
): EventOf<'connect_day_ended'> {
  return {
    type: 'connect_day_ended',
    report: {
      date,
      expired_orders: 0,
      quotas: entries.map(([l, d, b]) => quotaReport(l, d, b)),
      forced_sales: [],
    },
  };
}

/**
 * What each hub event does to the monitor's books. One switch on the event type; the events the
 * monitor does not need (order book traffic, RFQ quotes, proxies, …) fall through at once.
 * @module
 */

import type { HubEvent } from '../../../hub/index.js';
import { CURRENCY_CODES, MARKETS, type Security } from '../../../reference/index.js';
import { seriesIndex } from './flows.js';
import type { MonitorState } from './state.js';
import { marketCell } from './turnover.js';
import { MONITOR_LINKS } from './types.js';
import { bondUnitValueE12, tradeValueMinor, unitValueE12 } from './value.js';

type EventOf<T extends HubEvent['type']> = Extract<HubEvent, { type: T }>;
/** The payment events that carry a payment's summary. */
type PaymentLifeEvent = Extract<HubEvent, { payment: unknown }>;

const SH_HK = MONITOR_LINKS.indexOf('sh_hk_stock');
const BOND_CONNECT = MONITOR_LINKS.indexOf('bond_connect');
const REPO = MONITOR_LINKS.indexOf('repo');
const PAYMENT_CONNECT = MONITOR_LINKS.indexOf('payment_connect');
const NORTHBOUND = 0;
const SOUTHBOUND = 1;
const XSHE = MARKETS.indexOf('XSHE');

export function apply(state: MonitorState, e: HubEvent, seq: number): void {
  switch (e.type) {
    case 'trade':
      onTrade(state, e, seq);
      return;
    case 'instruction_captured':
      state.obligations.onCaptured(e.instruction_id, e.trade_id, e.group, seq);
      return;
    case 'instruction_status':
      state.obligations.onStatus(e.instruction_id, e.status, e.remaining_quantity_units, seq);
      return;
    case 'transfer_created':
      // One asset per transfer: cash (most of them) cannot move a holding.
      if (state.ref.instruments.find(e.transfer.asset) < 0) return;
      state.accounts.onBalances(e.balances, seq);
      return;
    case 'transfer_batch_created':
    case 'hold_expired':
      state.accounts.onBalances(e.balances, seq);
      return;
    case 'account_created':
      state.accounts.onCreated(e.account);
      return;
    case 'bond_trade':
      onBondTrade(state, e, seq);
      return;
    case 'payment_credited':
    case 'payment_returned':
      onPayment(state, e, seq);
      return;
    case 'security_registered':
    case 'security_updated':
      onSecurity(state, e.security, seq);
      return;
    case 'closing_price_set':
      onClose(state, e, seq);
      return;
    case 'party_registered':
      state.ref.onParty(e.party);
      return;
    case 'investor_registered':
    case 'investor_updated':
      state.ref.onInvestor(e.investor);
      return;
    case 'connect_day_started':
      state.flows.onDayStarted(e.report, seq);
      return;
    case 'connect_day_ended':
      state.flows.onDayEnded(e.report, seq);
      return;
    case 'bond_quota_released':
      state.flows.onBondQuotaReleased(e.trade_id, seq);
      return;
    default:
      onFinancing(state, e, seq);
      return;
  }
}

/**
 * An exchange trade: its price, its Connect flows (each Connect side of it), its turnover, and
 * its figures for the settlement instructions captured next in the same batch.
 */
function onTrade(state: MonitorState, e: EventOf<'trade'>, seq: number): void {
  const ref = state.ref;
  const instrument = ref.instrument(e.instrument);
  const currency = ref.currency[instrument] as number;
  const scale = ref.price_scale[instrument] as number;
  if (currency < 0) return; // an unregistered instrument: nothing the monitor can value
  const pos = state.positions;
  if (pos.priced[instrument] !== 1 || pos.price_units[instrument] !== e.price_units) {
    pos.setPrice(instrument, unitValueE12(e.price_units, scale), e.price_units, scale, seq);
  }
  const value = tradeValueMinor(e.price_units, e.quantity_units, scale);
  const buyer_p = ref.participant(e.buyer_participant);
  const seller_p = ref.participant(e.seller_participant);
  const market = ref.market[instrument] as number;
  if (e.buy_route === 'northbound' || e.buy_route === 'southbound') {
    const series = connectSeries(state, market, buyer_p, e.buy_route, currency);
    state.flows.record(series, true, value, state.bucket, seq);
  }
  if (e.sell_route === 'northbound' || e.sell_route === 'southbound') {
    const series = connectSeries(state, market, seller_p, e.sell_route, currency);
    state.flows.record(series, false, value, state.bucket, seq);
  }
  state.turnover.record(marketCell(market, currency), buyer_p, seller_p, value, seq);
  const buyer = ref.name(e.buyer);
  const seller = ref.name(e.seller);
  const units = e.quantity_units;
  state.obligations.announce(
    e.trade_id,
    buyer,
    seller,
    buyer_p,
    seller_p,
    instrument,
    currency,
    units,
    value,
  );
}

/** A security's terms; its previous close is its price until it trades. */
function onSecurity(state: MonitorState, security: Security, seq: number): void {
  state.ref.onSecurity(security);
  const close = security.previous_close_units;
  const instrument = state.ref.instruments.find(security.id);
  if (close === undefined || close <= 0 || state.positions.priced[instrument] === 1) return;
  state.positions.setPrice(
    instrument,
    unitValueE12(close, security.price_scale),
    close,
    security.price_scale,
    seq,
  );
}

/** The official close: the price positions are valued at until the next trade. */
function onClose(state: MonitorState, e: EventOf<'closing_price_set'>, seq: number): void {
  const instrument = state.ref.instruments.find(e.instrument);
  if (instrument < 0 || e.close_price_units <= 0) return;
  const scale = state.ref.price_scale[instrument] as number;
  if (state.positions.price_units[instrument] === e.close_price_units) return;
  state.positions.setPrice(
    instrument,
    unitValueE12(e.close_price_units, scale),
    e.close_price_units,
    scale,
    seq,
  );
}

/**
 * The Stock Connect series of one side: Northbound by the Mainland market traded, Southbound by
 * the participant's channel (the rules' default; an investor's or order's own channel is not in
 * the events, docs/risk-monitor.md §1).
 */
function connectSeries(
  state: MonitorState,
  market: number,
  participant: number,
  route: 'northbound' | 'southbound',
  currency: number,
): number {
  if (route === 'northbound')
    return seriesIndex(SH_HK + (market === XSHE ? 1 : 0), NORTHBOUND, currency);
  const channel = state.ref.participant_channel[participant] as number;
  return seriesIndex(SH_HK + channel, SOUTHBOUND, currency);
}

/** A Bond Connect trade: the investor's (requester's) side is the flow; its price and cash. */
function onBondTrade(state: MonitorState, e: EventOf<'bond_trade'>, seq: number): void {
  const t = e.trade;
  const ref = state.ref;
  const instrument = ref.instrument(t.security_id);
  const currency = CURRENCY_CODES.indexOf(t.settlement_currency as 'CNY');
  if (currency < 0) return;
  const face = ref.face_value_minor[instrument] as bigint;
  if (t.price_type === 'percent_of_par' && face > 0n) {
    const px = Number(t.px_e8);
    if (
      state.positions.priced[instrument] !== 1 ||
      state.positions.price_units[instrument] !== px
    ) {
      state.positions.setPrice(instrument, bondUnitValueE12(face, t.px_e8), px, 8, seq);
    }
  }
  const value = t.settlement_currency_amount_minor;
  const investor_buys = t.buyer === t.requester;
  const direction = t.direction === 'northbound' ? NORTHBOUND : SOUTHBOUND;
  state.flows.record(
    seriesIndex(BOND_CONNECT, direction, currency),
    investor_buys,
    value,
    state.bucket,
    seq,
  );
  if (direction === SOUTHBOUND && t.quota_rmb_minor > 0n) {
    state.flows.onBondQuota(t.settlement_trade_id, t.quota_rmb_minor, investor_buys, seq);
  }
  const buyer = ref.name(t.buyer);
  const seller = ref.name(t.seller);
  const buyer_p = ref.participantOf(buyer);
  const seller_p = ref.participantOf(seller);
  const market = ref.market[instrument] as number;
  if (market >= 0)
    state.turnover.record(marketCell(market, currency), buyer_p, seller_p, value, seq);
  const units = face > 0n ? Number(t.quantity_minor / face) : 0;
  state.obligations.announce(
    t.settlement_trade_id,
    buyer,
    seller,
    buyer_p,
    seller_p,
    instrument,
    currency,
    units,
    value,
  );
}

/** Payment Connect: a credited payment is a flow in its direction (in the currency sent); a return undoes it. */
function onPayment(state: MonitorState, e: PaymentLifeEvent, seq: number): void {
  const p = e.payment;
  const currency = CURRENCY_CODES.indexOf(p.send_currency);
  const direction = p.direction === 'northbound' ? NORTHBOUND : SOUTHBOUND;
  const series = seriesIndex(PAYMENT_CONNECT, direction, currency);
  state.flows.record(series, e.type === 'payment_credited', p.amount_minor, state.bucket, seq);
}

/** Repos (Northbound repos on Bond Connect bonds, docs/financing.md §3) and HKMA facilities. */
function onFinancing(state: MonitorState, e: HubEvent, seq: number): void {
  const f = state.financing;
  switch (e.type) {
    case 'repo_opened': {
      const t = e.terms;
      const c = f.onOpened(
        e.repo_id,
        t.seller,
        t.buyer,
        t.currency,
        e.purchase_price_minor,
        e.market_value_minor,
      );
      if (c >= 0)
        state.flows.record(
          seriesIndex(REPO, NORTHBOUND, c),
          true,
          e.purchase_price_minor,
          state.bucket,
          seq,
        );
      return;
    }
    case 'repo_closed':
    case 'repo_terminated':
    case 'repo_closed_out': {
      const c = f.onEnded(e.repo_id);
      if (c >= 0)
        state.flows.record(
          seriesIndex(REPO, NORTHBOUND, c),
          false,
          e.repurchase_price_minor,
          state.bucket,
          seq,
        );
      return;
    }
    case 'margin_called':
      f.onMarketValue(e.repo_id, e.market_value_minor);
      f.onCashMargin(e.repo_id, e.cash_margin_minor);
      return;
    case 'margin_call_outstanding':
      f.onMarketValue(e.repo_id, e.market_value_minor);
      return;
    case 'margin_paid':
      f.onCashMargin(e.repo_id, e.cash_margin_minor);
      return;
    case 'collateral_substituted':
      f.onSubstituted(e.repo_id, e.old_value_minor, e.new_value_minor);
      return;
    case 'facility_drawn':
      f.onDrawn(e.drawing.drawing_id, e.bank, e.drawing.amount_minor);
      return;
    case 'facility_repaid':
      f.onRepaid(e.drawing_id);
      return;
    default:
      return;
  }
}

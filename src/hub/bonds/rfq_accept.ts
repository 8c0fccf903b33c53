/**
 * Acceptance of a quote (QuoteResponse hit/lift): the trade's money and, Southbound, the quota
 * are checked first; only then does the state machine conclude the trade, and the quota counts
 * it. So a refusal by the quota (or by the bond arithmetic) leaves the RFQ and its quotes open.
 * @module
 */

import { assert, dayNumber, type Outcome, type Rejection } from '../../kernel/index.js';
import {
  type QuoteResponse,
  type RfqRecord,
  type RfqTrade,
  respondToQuotes,
} from '../../market/rfq/index.js';
import { applySouthboundBondTrade, type SouthboundBondTrade } from '../../rules/index.js';
import type { CommandContext } from '../context.js';
import type { HubState } from '../state.js';
import { captureBondTrade, settlementTradeId } from './capture.js';
import { fixingForDay } from './fixings.js';
import { checkCutoff, checkFxRate, convertMinor } from './settlement_terms.js';
import type { BondRecord, RfqMeta } from './state.js';
import { emitReports } from './time.js';
import { type BondTrade, checkQuota, quotaTrade, type TradeMoney, tradeMoney } from './trade.js';

interface Priced {
  readonly money: TradeMoney;
  readonly quota: SouthboundBondTrade | undefined;
  readonly settlement: SettlementMoney;
}

/** What the buyer pays in the settlement currency, and the rate it was converted at. */
interface SettlementMoney {
  readonly currency: string;
  readonly fx_rate_e8: bigint;
  readonly amount_minor: bigint;
}

/** The settlement currency's amount, or why the acceptance is refused (nothing changed). */
function settlementMoney(
  bond: BondRecord,
  meta: RfqMeta,
  money: TradeMoney,
  fx_rate_e8: bigint | undefined,
  trade_date: string,
  now_us: number,
): Outcome<SettlementMoney> {
  const late = checkCutoff(meta.direction, trade_date, meta.settlement_date, now_us);
  if (late !== undefined) return late;
  const bond_currency = bond.terms.currency;
  const currency = meta.settlement_currency ?? bond_currency;
  const rate = checkFxRate(currency, bond_currency, fx_rate_e8);
  if (!rate.ok) return rate;
  const amount_minor = convertMinor(
    money.settlement_amount_minor,
    bond_currency,
    currency,
    rate.value,
  );
  return { ok: true, value: { currency, fx_rate_e8: rate.value, amount_minor } };
}

/** The money and quota check of accepting `quote_id` now, or a refusal; undefined if the state
 * machine will refuse the acceptance itself (unknown, expired or replaced quote). */
function price(
  state: HubState,
  rfq: RfqRecord,
  response: QuoteResponse,
  fx_rate_e8: bigint | undefined,
  now_us: number,
  settlement_trade_id: string,
): Priced | Rejection | undefined {
  const quote = rfq.quotes.find((q) => q.quote_id === response.quote_id);
  if (quote === undefined || quote.state !== 'active' || now_us >= quote.valid_until_us) {
    return undefined;
  }
  const id = rfq.request.quote_req_id;
  const meta = state.bonds.rfq_meta.get(id);
  const bond = state.bonds.bonds.get(rfq.request.security_id);
  assert(meta !== undefined && bond !== undefined, `RFQ ${id} without its bond`);
  const fixing = fixingForDay(state.bonds.fixings, bond.schedule, dayNumber(meta.settlement_date));
  const qty = rfq.request.order_qty_minor;
  const money = tradeMoney(bond, qty, quote.px_e8, meta.settlement_date, fixing);
  if (!money.ok) return money;
  const trade_date = state.bonds.quota.date; // the market date of now: rolled before the command
  const settlement = settlementMoney(bond, meta, money.value, fx_rate_e8, trade_date, now_us);
  if (!settlement.ok) return settlement;
  if (meta.direction === 'northbound') {
    return { money: money.value, quota: undefined, settlement: settlement.value };
  }
  const channel = state.bonds.access.get(rfq.request.requester)?.southbound_channel;
  assert(channel !== undefined && channel !== null, 'Southbound RFQ without a channel');
  // The quota knows the trade by its settlement id, so a settlement cancel can release it.
  const trade = quotaTrade(
    settlement_trade_id,
    rfq.request.side === 'buy',
    channel,
    bond.terms.currency,
    trade_date,
    money.value.settlement_amount_minor,
  );
  const fits = checkQuota(state.bonds, trade);
  if (!fits.ok) return fits;
  return { money: money.value, quota: trade, settlement: settlement.value };
}

function bondTrade(
  trade: RfqTrade,
  bond: BondRecord,
  state: HubState,
  priced: Priced,
  quota_rmb_minor: bigint,
  settlement_trade_id: string,
): BondTrade {
  const meta = state.bonds.rfq_meta.get(trade.quote_req_id);
  assert(meta !== undefined, 'RFQ meta');
  // One literal in a fixed shape (a spread of both records was a seventh of a hub RFQ cycle).
  return {
    trade_id: trade.trade_id,
    quote_req_id: trade.quote_req_id,
    security_id: trade.security_id,
    buyer: trade.buyer,
    seller: trade.seller,
    dealer: trade.dealer,
    requester: trade.requester,
    quantity_minor: trade.quantity_minor,
    price_type: trade.price_type,
    px_e8: trade.px_e8,
    transact_time_us: trade.transact_time_us,
    direction: meta.direction,
    currency: bond.terms.currency,
    trade_date: state.bonds.quota.date,
    settlement_date: meta.settlement_date,
    clean_consideration_minor: priced.money.clean_consideration_minor,
    accrued_minor: priced.money.accrued_minor,
    settlement_amount_minor: priced.money.settlement_amount_minor,
    settlement_currency: priced.settlement.currency,
    fx_rate_e8: priced.settlement.fx_rate_e8,
    settlement_currency_amount_minor: priced.settlement.amount_minor,
    southbound_channel: priced.quota?.channel ?? null,
    quota_rmb_minor,
    settlement_trade_id,
  };
}

export function acceptQuote(
  state: HubState,
  rfq: RfqRecord,
  response: QuoteResponse,
  fx_rate_e8: bigint | undefined,
  context: CommandContext,
): Rejection | undefined {
  const now_us = context.timestamp_us;
  const settlement_trade_id = settlementTradeId(context.seq);
  const priced = price(state, rfq, response, fx_rate_e8, now_us, settlement_trade_id);
  if (priced !== undefined && !('money' in priced)) return priced;
  const accepted = respondToQuotes(state.bonds.rfq, response, now_us);
  if (!accepted.ok) return accepted;
  const { reports, trade } = accepted.value;
  assert(priced !== undefined && trade !== undefined, 'accepted without a priced quote');
  let quota_rmb_minor = 0n;
  if (priced.quota !== undefined) {
    const counted = applySouthboundBondTrade(state.bonds.quota, priced.quota);
    assert(counted.ok, 'the quota refused a trade it had accepted');
    quota_rmb_minor = counted.value;
  }
  emitReports(context, reports);
  const bond = state.bonds.bonds.get(trade.security_id);
  assert(bond !== undefined, 'bond');
  const concluded = bondTrade(trade, bond, state, priced, quota_rmb_minor, settlement_trade_id);
  context.emit({ type: 'bond_trade', trade: concluded });
  captureBondTrade(state, concluded, settlement_trade_id, bond.terms.face_value_minor, context);
  return undefined;
}

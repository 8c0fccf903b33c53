/**
 * Closing orders (docs/bonds.md §8.15), CFETS's spread-quoted RFQ for overseas investors
 * (shibor.org, 8 Dec 2021): the investor requests a spread over the day's closing bond valuation,
 * makers answer tradable spreads, the investor accepts one and the trade is concluded at once,
 * but its price is only known once the day's valuation is published: then the yield is the
 * valuation plus the spread, and the clean price, the accrued interest and the settlement amount
 * follow (src/bonds), after which the trade is captured for settlement like any other.
 *
 * `bonds.publish_valuation` (operator: the day's closing valuation of one bond) prices every
 * concluded closing order of that bond and date, all or none.
 * @module
 */

import { cleanPriceFromYield } from '../../bonds/index.js';
import { assert, dayNumber, type Rejection, reject } from '../../kernel/index.js';
import { type QuoteResponse, type RfqRecord, respondToQuotes } from '../../market/rfq/index.js';
import type { PublishValuation } from '../../protocol/bonds.js';
import { type CommandContext, operatorOnly } from '../context.js';
import type { HubState } from '../state.js';
import { captureBondTrade, settlementTradeId } from './capture.js';
import type { BondRecord, ClosingOrder } from './state.js';
import { emitReports } from './time.js';
import { type BondTrade, type TradeMoney, tradeInBondCurrency, tradeMoney } from './trade.js';

/** Accepts a spread quote: the trade is concluded now and priced at the day's valuation. */
export function acceptClosingOrder(
  state: HubState,
  rfq: RfqRecord,
  response: QuoteResponse,
  context: CommandContext,
): Rejection | undefined {
  const accepted = respondToQuotes(state.bonds.rfq, response, context.timestamp_us);
  if (!accepted.ok) return accepted;
  const { reports, trade } = accepted.value;
  emitReports(context, reports);
  if (trade === undefined) return undefined;
  const meta = state.bonds.rfq_meta.get(rfq.request.quote_req_id);
  assert(meta !== undefined, 'closing order without its RFQ meta');
  const order: ClosingOrder = {
    trade,
    trade_date: state.bonds.quota.date,
    settlement_date: meta.settlement_date,
    settlement_trade_id: settlementTradeId(context.seq),
  };
  state.bonds.closing_orders.set(order.settlement_trade_id, order);
  context.emit({ type: 'bond_closing_order_concluded', order });
  return undefined;
}

/** `bonds.publish_valuation`: the day's closing valuation of a bond; prices its closing orders. */
export function publishValuation(
  state: HubState,
  c: PublishValuation,
  context: CommandContext,
): Rejection | undefined {
  const refused = checkValuation(state, c, context);
  if (refused !== undefined) return refused;
  const bond = state.bonds.bonds.get(c.isin) as BondRecord;
  const valuation_e12 = BigInt(c.yield_e12);
  const priced: Array<[ClosingOrder, bigint, TradeMoney]> = [];
  for (const order of ordersOf(state, c.isin, c.date)) {
    const yield_e12 = valuation_e12 + order.trade.px_e8; // a spread in 10^-8 bp is 10^-12
    const day = dayNumber(order.settlement_date);
    const clean = cleanPriceFromYield(bond.schedule, day, yield_e12);
    if (!clean.ok) return clean;
    const qty = order.trade.quantity_minor;
    const money = tradeMoney(bond, qty, clean.value, order.settlement_date, undefined);
    if (!money.ok) return money;
    priced.push([order, clean.value, money.value]);
  }
  state.bonds.valuations.set(c.isin, { date: c.date, yield_e12: valuation_e12 });
  context.emit({
    type: 'bond_valuation_published',
    isin: c.isin,
    date: c.date,
    yield_e12: valuation_e12,
  });
  for (const [order, px_e8, money] of priced) {
    state.bonds.closing_orders.delete(order.settlement_trade_id);
    const trade = pricedTrade(bond, order, px_e8, money);
    context.emit({ type: 'bond_trade', trade });
    captureBondTrade(state, trade, order.settlement_trade_id, bond.terms.face_value_minor, context);
  }
  return undefined;
}

function checkValuation(
  state: HubState,
  c: PublishValuation,
  context: CommandContext,
): Rejection | undefined {
  const refused_actor = operatorOnly(context, 'publish bond valuations');
  if (refused_actor !== undefined) return refused_actor;
  if (!state.bonds.bonds.has(c.isin)) {
    return reject('BOND_UNKNOWN', 'No bond is registered with this ISIN', { isin: c.isin });
  }
  const today = state.bonds.quota.date;
  if (c.date > today) {
    return reject(
      'BOND_VALUATION_DATE_IN_FUTURE',
      'A valuation is published on or after its date',
      {
        date: c.date,
        today,
      },
    );
  }
  const latest = state.bonds.valuations.get(c.isin)?.date ?? '';
  if (c.date <= latest) {
    return reject('BOND_VALUATION_NOT_NEWER', 'This bond has a valuation for this date or later', {
      date: c.date,
      latest,
    });
  }
  // Each order is priced at its own trade date's valuation: no date may be skipped over it.
  for (const order of state.bonds.closing_orders.values()) {
    if (order.trade.security_id === c.isin && order.trade_date < c.date) {
      return reject('BOND_VALUATION_MISSING', 'Publish the valuation of an earlier date first', {
        date: c.date,
        pending_trade_date: order.trade_date,
      });
    }
  }
  return undefined;
}

function ordersOf(state: HubState, isin: string, date: string): ClosingOrder[] {
  const orders: ClosingOrder[] = [];
  for (const order of state.bonds.closing_orders.values()) {
    if (order.trade.security_id === isin && order.trade_date === date) orders.push(order);
  }
  return orders;
}

function pricedTrade(
  bond: BondRecord,
  order: ClosingOrder,
  px_e8: bigint,
  money: TradeMoney,
): BondTrade {
  // The trade as concluded, now at its clean price instead of its spread.
  const trade = { ...order.trade, price_type: 'percent_of_par' as const, px_e8 };
  const terms = {
    direction: 'northbound' as const,
    currency: bond.terms.currency,
    trade_date: order.trade_date,
    settlement_date: order.settlement_date,
    southbound_channel: null,
    quota_rmb_minor: 0n,
    settlement_trade_id: order.settlement_trade_id,
  };
  return tradeInBondCurrency(trade, terms, money);
}

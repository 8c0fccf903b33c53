/**
 * RFQ trading through the hub (docs/bonds.md §8.2): QuoteRequest, Quote, QuoteRequestReject,
 * QuoteResponse and cancel as commands on the RFQ state machine (src/market/rfq), with the
 * hub's checks around it. An accepted quote concludes a `bond_trade`; a Southbound one is
 * counted by the Southbound bond quota in the same command, and a quota refusal leaves the RFQ
 * open. Every refusal changes nothing: the hub checks before the state machine mutates.
 * @module
 */

import { type Rejection, reject } from '../../kernel/index.js';
import {
  declineQuoteRequest,
  openRfq,
  type QuoteResponse,
  requestQuote,
  respondToQuotes,
  submitQuote,
} from '../../market/rfq/index.js';
import type {
  BondDirection,
  CancelRfq,
  DeclineQuoteRequest,
  RequestQuote,
  RespondToQuotes,
  SubmitQuote,
} from '../../protocol/bonds.js';
import type { CommandContext } from '../context.js';
import type { HubState } from '../state.js';
import { acceptClosingOrder } from './closing_orders.js';
import { acceptQuote } from './rfq_accept.js';
import {
  checkDealersDirection,
  checkEligible,
  checkQuantity,
  checkSettlementDate,
} from './rfq_checks.js';
import { checkCutoff, checkSettlementCurrency } from './settlement_terms.js';
import { type BondRecord, directionOf } from './state.js';
import { emitReports } from './time.js';

function actsFor(context: CommandContext, owner: string): Rejection | undefined {
  if (context.actor.actsFor(owner)) return undefined;
  return reject('NOT_AUTHORIZED', 'A participant acts for itself and its clients only', {
    participant: context.actor.participant,
    owner,
  });
}

function request(state: HubState, c: RequestQuote, context: CommandContext): Rejection | undefined {
  const refused = actsFor(context, c.requester);
  if (refused !== undefined) return refused;
  const bond = state.bonds.bonds.get(c.security_id);
  if (bond === undefined) {
    return reject('BOND_UNKNOWN', 'No bond is registered with this ISIN', { isin: c.security_id });
  }
  const direction = directionOf(bond.terms);
  const trade_date = state.bonds.quota.date; // today's market date: rolled before the command
  const invalid =
    checkPriceType(bond, direction, trade_date, c) ??
    checkEligible(state, c.requester, direction) ??
    checkDealersDirection(state, c.dealers, direction) ??
    checkQuantity(bond, c.order_qty_minor) ??
    checkSettlementDate(bond, direction, trade_date, c) ??
    checkCutoff(direction, trade_date, c.settlement_date, context.timestamp_us);
  if (invalid !== undefined) return invalid;
  const currency = checkSettlementCurrency(
    c.settlement_currency,
    bond.terms.currency,
    direction,
    trade_date,
  );
  if (!currency.ok) return currency;
  const { type: _type, settlement_date, settlement_currency: _asked, ...message } = c;
  const opened = requestQuote(state.bonds.rfq, message, context.timestamp_us);
  if (!opened.ok) return opened;
  const other =
    currency.value === bond.terms.currency ? {} : { settlement_currency: currency.value };
  state.bonds.rfq_meta.set(c.quote_req_id, { direction, settlement_date, ...other });
  context.emit({ type: 'rfq_requested', request: message, direction, settlement_date });
  emitReports(context, [opened.value]);
  return undefined;
}

/**
 * A clean price, or a spread over the closing valuation (a closing order, §8.15): Northbound
 * only (CFETS offers it to overseas investors), fixed or zero coupon (a floater has no yield
 * here), settling T+1 or later (the price is known after the day's close).
 */
function checkPriceType(
  bond: BondRecord,
  direction: BondDirection,
  trade_date: string,
  c: RequestQuote,
): Rejection | undefined {
  if (c.price_type === 'percent_of_par') return undefined;
  if (direction !== 'northbound' || bond.terms.coupon.kind === 'floating') {
    return reject(
      'RFQ_PRICE_TYPE_UNSUPPORTED',
      'Spread quotes (closing orders) are for Northbound fixed and zero-coupon bonds',
      { price_type: c.price_type, direction, coupon: bond.terms.coupon.kind },
    );
  }
  if (c.settlement_date <= trade_date) {
    return reject('BOND_CLOSING_ORDER_T0', 'A closing order settles T+1 or later', {
      settlement_date: c.settlement_date,
      trade_date,
    });
  }
  return undefined;
}

function quote(state: HubState, c: SubmitQuote, context: CommandContext): Rejection | undefined {
  const refused = actsFor(context, c.dealer);
  if (refused !== undefined) return refused;
  const { type: _type, ...message } = c;
  const quoted = submitQuote(state.bonds.rfq, message, context.timestamp_us);
  if (!quoted.ok) return quoted;
  const requester = state.bonds.rfq.rfqs.get(c.quote_req_id)?.request.requester ?? '';
  context.emit({ type: 'rfq_quote', requester, quote: message });
  emitReports(context, quoted.value);
  return undefined;
}

function decline(
  state: HubState,
  c: DeclineQuoteRequest,
  context: CommandContext,
): Rejection | undefined {
  const refused = actsFor(context, c.dealer);
  if (refused !== undefined) return refused;
  const { type: _type, ...message } = c;
  const declined = declineQuoteRequest(state.bonds.rfq, message, context.timestamp_us);
  if (!declined.ok) return declined;
  emitReports(context, [declined.value]);
  return undefined;
}

function respond(
  state: HubState,
  c: RespondToQuotes,
  context: CommandContext,
): Rejection | undefined {
  const opened = openRfq(state.bonds.rfq, c.quote_req_id, context.timestamp_us);
  if (!opened.ok) return opened;
  const requester = opened.value.request.requester;
  const refused = actsFor(context, requester);
  if (refused !== undefined) return refused;
  const response: QuoteResponse = {
    quote_resp_id: c.quote_resp_id,
    quote_req_id: c.quote_req_id,
    requester,
    quote_resp_type: c.quote_resp_type,
    ...(c.quote_id === undefined ? {} : { quote_id: c.quote_id }),
  };
  if (c.quote_resp_type === 'hit_lift') {
    const spread = opened.value.request.price_type === 'spread_bps';
    if (spread) return acceptClosingOrder(state, opened.value, response, context);
    return acceptQuote(state, opened.value, response, c.fx_rate_e8, context);
  }
  const passed = respondToQuotes(state.bonds.rfq, response, context.timestamp_us);
  if (!passed.ok) return passed;
  emitReports(context, passed.value.reports);
  return undefined;
}

function cancel(state: HubState, c: CancelRfq, context: CommandContext): Rejection | undefined {
  return respond(
    state,
    {
      type: 'bonds.respond',
      quote_resp_id: `${c.quote_req_id}/cancel`,
      quote_req_id: c.quote_req_id,
      quote_resp_type: 'pass',
    },
    context,
  );
}

export const RFQ_HANDLERS = {
  'bonds.request_quote': request,
  'bonds.quote': quote,
  'bonds.decline_quote_request': decline,
  'bonds.respond': respond,
  'bonds.cancel_rfq': cancel,
} as const;

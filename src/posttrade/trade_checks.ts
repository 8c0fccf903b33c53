/**
 * Checking a trade handed over by the hub before anything is derived from it.
 * @module
 */

import { isIsoDate, isTimestamp, type Rejection } from '../kernel/index.js';
import { currency, isMarket, type Market, validateIsin } from '../reference/index.js';
import { refuse } from './codes.js';
import { POSTTRADE_LIMITS } from './limits.js';
import { ORDER_ROUTES, type OrderRoute, type TradeForSettlement } from './types.js';

const TRADE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,32}$/;
const OWNER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:\-/]{0,63}$/;

/** The routes each market's trades may arrive by. */
export const ROUTES_BY_MARKET: { readonly [m in Market]: readonly OrderRoute[] } = {
  XSHG: ['domestic', 'northbound'],
  XSHE: ['domestic', 'northbound'],
  XHKG: ['domestic', 'southbound'],
  VATP: ['vatp_local', 'vatp_affiliate'],
  CMU: ['domestic', 'rfq'],
  CIBM: ['rfq'],
};

function invalid(field: string, problem: string, value?: unknown): Rejection {
  return refuse('TRADE_INVALID', `Trade field ${field}: ${problem}`, {
    field,
    problem,
    ...(value === undefined ? {} : { value: typeof value === 'bigint' ? String(value) : value }),
  });
}

/** The first problem with a trade's fields, or undefined when it is well formed. */
export function checkTrade(trade: TradeForSettlement): Rejection | undefined {
  if (!TRADE_ID_PATTERN.test(trade.trade_id)) {
    return invalid('trade_id', 'is 1–33 letters, digits or ._:-', trade.trade_id);
  }
  if (!validateIsin(trade.instrument).ok) return invalid('instrument', 'is not a valid ISIN');
  if (!isMarket(trade.market)) return invalid('market', 'is not a known market', trade.market);
  return checkNumbers(trade) ?? checkParties(trade) ?? checkRoutes(trade);
}

function positiveSafe(value: number, maximum: number): boolean {
  return Number.isSafeInteger(value) && value > 0 && value <= maximum;
}

function checkNumbers(trade: TradeForSettlement): Rejection | undefined {
  if (!positiveSafe(trade.price_units, Number.MAX_SAFE_INTEGER)) {
    return invalid('price_units', 'must be a positive safe integer', trade.price_units);
  }
  if (!positiveSafe(trade.quantity_units, POSTTRADE_LIMITS.quantity_units_max)) {
    return invalid(
      'quantity_units',
      'must be a positive integer up to 10^12',
      trade.quantity_units,
    );
  }
  if (!Number.isInteger(trade.price_scale) || trade.price_scale < 0 || trade.price_scale > 8) {
    return invalid('price_scale', 'must be an integer from 0 to 8', trade.price_scale);
  }
  if (currency(trade.currency) === undefined) {
    return invalid('currency', 'is not a settlement currency', trade.currency);
  }
  if (trade.face_value_minor !== undefined && trade.face_value_minor <= 0n) {
    return invalid('face_value_minor', 'must be positive', trade.face_value_minor);
  }
  if (!isIsoDate(trade.trade_date)) return invalid('trade_date', 'is not YYYY-MM-DD');
  if (trade.cash_minor !== undefined && trade.cash_minor <= 0n) {
    return invalid('cash_minor', 'must be positive', trade.cash_minor);
  }
  const agreed = trade.settlement_date;
  if (agreed !== undefined && (!isIsoDate(agreed) || agreed < trade.trade_date)) {
    return invalid('settlement_date', 'is not a date on or after the trade date', agreed);
  }
  if (!isTimestamp(trade.timestamp_us)) return invalid('timestamp_us', 'is not a timestamp');
  return undefined;
}

function checkParties(trade: TradeForSettlement): Rejection | undefined {
  const fields = ['buyer', 'seller', 'buyer_participant', 'seller_participant'] as const;
  for (const field of fields) {
    if (!OWNER_PATTERN.test(trade[field])) return invalid(field, 'is not a party or investor id');
  }
  const bilateral = trade.market === 'VATP' || trade.market === 'CMU' || trade.market === 'CIBM';
  if (bilateral && trade.buyer === trade.seller) {
    return invalid('buyer', 'a bilateral trade needs two different owners', trade.buyer);
  }
  if (trade.primary === true && !bilateral) {
    return invalid('primary', 'primary allocations settle bilaterally (CMU, VATP)');
  }
  return undefined;
}

function checkRoutes(trade: TradeForSettlement): Rejection | undefined {
  const allowed = ROUTES_BY_MARKET[trade.market];
  for (const field of ['buy_route', 'sell_route'] as const) {
    const route = trade[field];
    if (!(ORDER_ROUTES as readonly string[]).includes(route) || !allowed.includes(route)) {
      return invalid(field, `must be one of ${allowed.join(', ')} on ${trade.market}`, route);
    }
  }
  return undefined;
}

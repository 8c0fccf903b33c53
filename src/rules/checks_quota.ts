/**
 * Valuing an order in RMB and checking the link's daily quota.
 * @module
 */

import { assert, isoTimestamp, type Rejection, secondOfDay } from '../kernel/index.js';
import type { Security } from '../reference/index.js';
import { refuse } from './codes.js';
import type { LinkInfo } from './links.js';
import type { RulesOrder } from './order.js';
import { buyBlock } from './quota.js';
import type { Decision, RulesState } from './state.js';
import { factorAt, rmbFactor, valueCeil } from './value.js';
import { scheduleFor, windowAt } from './windows.js';

/** Sets the order's value factor and, for buys, the quota it consumes. */
export function valueOrder(
  state: RulesState,
  info: LinkInfo,
  order: RulesOrder,
  security: Security,
  out: Decision,
): Rejection | null {
  if (info.direction === 'northbound') {
    out.factor = rmbFactor(security.price_scale);
  } else {
    const rates = state.fx_today;
    if (rates === null) {
      return refuse('FX_REFERENCE_RATE_MISSING', 'No Southbound reference rates for today', {
        link: info.link,
        date: state.day.date,
      });
    }
    const factors = order.side === 'buy' ? rates.buy_factors : rates.sell_factors;
    out.factor = factorAt(factors, security.price_scale);
  }
  if (order.side === 'buy') {
    out.quota_minor = valueCeil(order.price_units, order.quantity_units, out.factor);
  }
  return null;
}

/** Refuses a buy the link's quota does not allow now. */
export function checkQuota(
  state: RulesState,
  info: LinkInfo,
  timestamp_us: number,
  out: Decision,
): Rejection | null {
  const q = state.quotas[info.index];
  assert(q !== undefined, 'quota');
  const schedule = scheduleFor(info.direction, state.day.hk_half_day);
  const second = secondOfDay(timestamp_us);
  const window = windowAt(schedule, second);
  const block = buyBlock(q, schedule, window, second);
  if (block === null) return null;
  const details = {
    link: info.link,
    balance_minor: q.balance_minor,
    daily_quota_minor: q.daily_quota_minor,
    order_value_minor: out.quota_minor,
    window: window.name,
    regime: window.quota_regime,
    time: isoTimestamp(timestamp_us),
  };
  if (block === 'closed') {
    return refuse(
      'QUOTA_CLOSED_FOR_DAY',
      `The ${info.link} daily quota ran out: no more buys today`,
      details,
    );
  }
  return refuse('QUOTA_EXHAUSTED', `The ${info.link} daily quota is used up for now`, details);
}

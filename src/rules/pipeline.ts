/**
 * The pre-trade pipeline: one call per order (`checkOrder`) and per cancel (`checkCancel`). A
 * check never changes state; the hub applies an accepted order with `onOrderAccepted` (hooks.ts).
 *
 * Order of checks for a Connect order: route → day → acceptance window and order type → investor
 * ID (Northbound) → security eligibility → investor eligibility → board lots → room in the tables
 * and the position → sellable units (sells) → RMB value → foreign ownership (Northbound buys) →
 * daily quota (buys). So a rejection names the first rule the order breaks, and the quota is judged
 * only for orders that pass every other rule.
 * @module
 */

import { accept, type Outcome, type Rejection, secondOfDay } from '../kernel/index.js';
import type { Security } from '../reference/index.js';
import {
  checkDisclosurePeriod,
  checkForeignBuy,
  checkNorthboundBuySuspended,
  checkOrderRoom,
  checkPositionRoom,
  checkSellable,
  ownershipApplies,
} from './checks_holdings.js';
import { checkEligibility, checkInvestor, checkInvestorId, checkLots } from './checks_investor.js';
import { checkQuota, valueOrder } from './checks_quota.js';
import { checkDay, checkOrderWindow } from './checks_session.js';
import { refuse } from './codes.js';
import { type LinkInfo, linkAt } from './links.js';
import type { Owner, RulesContext, RulesOrder } from './order.js';
import { resolveRoute } from './route.js';
import type { Decision, RulesState } from './state.js';
import { rmbFactor } from './value.js';
import { scheduleFor, windowAt } from './windows.js';

/**
 * Checks an order against every rule of its route. The accepted decision is the state's scratch
 * record: read it, pass it to `onOrderAccepted` before the next `checkOrder`, and copy it to keep it.
 */
export function checkOrder(
  state: RulesState,
  ctx: RulesContext,
  order: RulesOrder,
): Outcome<Decision> {
  const d = resetDecision(state.scratch);
  state.scratch_order = null;
  const security = ctx.reference.securities.get(order.instrument);
  if (security === undefined) {
    return refuse('UNKNOWN_SECURITY', `No security ${order.instrument}`, {
      instrument: order.instrument,
    });
  }
  const refused =
    resolveRoute(state, ctx.reference, order, security, d) ??
    (d.link_index < 0
      ? checkDomestic(state, order, security, d)
      : checkConnect(state, ctx, order, security, d));
  if (refused !== null) return refused;
  state.scratch_order = order;
  return state.scratch_outcome;
}

function resetDecision(d: Decision): Decision {
  d.route = 'domestic';
  d.link_index = -1;
  d.held = false;
  d.release_second = 0;
  d.window = '';
  d.quota_minor = 0n;
  d.factor = null;
  d.position = null;
  d.start_units = -1;
  d.ownership = false;
  d.participant_id = '';
  d.owner_id = '';
  d.instrument_id = '';
  return d;
}

function checkConnect(
  state: RulesState,
  ctx: RulesContext,
  order: RulesOrder,
  security: Security,
  d: Decision,
): Rejection | null {
  const info = linkAt(d.link_index);
  const owner = state.scratch_owner as Owner;
  const refused =
    checkDay(state, ctx.timestamp_us) ??
    checkOrderWindow(state, info, order, ctx.timestamp_us, d) ??
    (info.direction === 'northbound'
      ? checkInvestorId(state, order, d.participant_id, d.owner_id)
      : null) ??
    checkEligibility(state, info, order, security, owner) ??
    checkInvestor(info, order, owner) ??
    checkLots(order, security) ??
    checkPositionRoom(state, ctx, info, d);
  if (refused !== null) return refused;
  d.ownership = info.direction === 'northbound' && ownershipApplies(security);
  const disclosure = d.ownership ? checkDisclosurePeriod(state, security, d.owner_id) : null;
  if (disclosure !== null) return disclosure;
  if (order.side === 'sell') {
    return checkSellable(info, order, d) ?? valueOrder(state, info, order, security, d);
  }
  return (
    valueOrder(state, info, order, security, d) ??
    (d.ownership ? checkNorthboundBuySuspended(state, security) : null) ??
    (d.ownership ? checkForeignBuy(state, order, security, d.owner_id) : null) ??
    checkQuota(state, info, ctx.timestamp_us, d)
  );
}

/** Domestic orders: only a QFII's A-share orders are followed, for foreign ownership. */
function checkDomestic(
  state: RulesState,
  order: RulesOrder,
  security: Security,
  d: Decision,
): Rejection | null {
  if (!ownershipApplies(security)) return null;
  const owner = state.scratch_owner as Owner;
  if (!('type' in owner) || owner.type !== 'qfii') return null;
  const refused =
    checkOrderRoom(state) ??
    checkDisclosurePeriod(state, security, d.owner_id) ??
    (order.side === 'buy' ? checkForeignBuy(state, order, security, d.owner_id) : null);
  if (refused !== null) return refused;
  d.ownership = true;
  d.factor = rmbFactor(security.price_scale);
  return null;
}

/** What the link does with a cancel now: pass it on, or hold it until the home market opens. */
export interface CancelDecision {
  readonly held: boolean;
  readonly release_second: number;
  readonly window: string;
}

const PASS_CANCEL: CancelDecision = Object.freeze({ held: false, release_second: 0, window: '' });

/** Checks a cancel of an order the hub accepted: only Connect orders have cancel windows. */
export function checkCancel(
  state: RulesState,
  timestamp_us: number,
  order_id: number,
): Outcome<CancelDecision> {
  const record = state.orders.get(order_id);
  if (record === undefined || record.link_index < 0) return accept(PASS_CANCEL);
  const refused = checkDay(state, timestamp_us);
  if (refused !== null) return refused;
  const info = linkAt(record.link_index);
  const window = windowAt(
    scheduleFor(info.direction, state.day.hk_half_day),
    secondOfDay(timestamp_us),
  );
  if (window.cancels === 'reject') return refuseCancel(info, window.name, order_id);
  const held = window.cancels === 'hold';
  return accept({ held, release_second: held ? window.release_second : 0, window: window.name });
}

function refuseCancel(info: LinkInfo, window: string, order_id: number): Rejection {
  return refuse('CANCEL_NOT_ALLOWED_NOW', `The ${info.link} link takes no cancels now`, {
    link: info.link,
    window,
    order_id,
  });
}

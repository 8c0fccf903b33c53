/**
 * Holdings checks: room in the rules' tables, no short selling, no Northbound day trading, and
 * the foreign ownership limits on A-share buys.
 * @module
 */

import { assert, type Rejection } from '../kernel/index.js';
import type { Security } from '../reference/index.js';
import { refuse } from './codes.js';
import type { LinkInfo } from './links.js';
import type { RulesContext, RulesOrder } from './order.js';
import { suspensionUnits } from './ownership_limits.js';
import { ownershipLimitUnits } from './ownership_notices.js';
import { findPosition, heldUnits, sellableUnits } from './positions.js';
import { type Decision, positionCount, type RulesState } from './state.js';

/** Finds today's position (or asks the hub's holdings for a new one) and checks table room. */
export function checkPositionRoom(
  state: RulesState,
  ctx: RulesContext,
  info: LinkInfo,
  out: Decision,
): Rejection | null {
  const refused = checkOrderRoom(state);
  if (refused !== null) return refused;
  const table = state.positions[info.index];
  assert(table !== undefined, 'position table');
  const position = findPosition(table, out.owner_id, out.instrument_id);
  out.position = position ?? null;
  if (position !== undefined) return null;
  if (positionCount(state) >= state.limits.positions_max) {
    return refuse('RULES_POSITIONS_FULL', 'The rules follow the most positions they can today', {
      maximum: state.limits.positions_max,
    });
  }
  const start = ctx.holdings(out.owner_id, out.instrument_id, info.link);
  assert(Number.isSafeInteger(start) && start >= 0, 'holdings are whole units');
  out.start_units = start;
  return null;
}

/** Refuses when the rules already follow the most open orders they can. */
export function checkOrderRoom(state: RulesState): Rejection | null {
  if (state.orders.size < state.limits.orders_max) return null;
  return refuse('RULES_ORDERS_FULL', 'The rules follow the most open orders they can', {
    maximum: state.limits.orders_max,
  });
}

/** A sell needs sellable units: no short selling; Northbound, nothing bought today. */
export function checkSellable(info: LinkInfo, order: RulesOrder, out: Decision): Rejection | null {
  const p = out.position;
  const sellable = p === null ? out.start_units : sellableUnits(info.direction, p);
  if (order.quantity_units <= sellable) return null;
  const held = p === null ? out.start_units : heldUnits(p);
  const details = {
    link: info.link,
    owner: order.owner,
    instrument: order.instrument,
    quantity_units: order.quantity_units,
    sellable_units: sellable,
    held_units: held,
    bought_today_units: p?.bought_units ?? 0,
    sold_today_units: p?.sold_units ?? 0,
    open_sell_units: p?.open_sell_units ?? 0,
  };
  if (info.direction === 'northbound' && order.quantity_units <= held) {
    return refuse(
      'DAY_TRADING_NOT_ALLOWED',
      'Shares bought Northbound today may be sold from the next trading day',
      details,
    );
  }
  return refuse('SHORT_SELLING_NOT_ALLOWED', 'A sell needs shares held', details);
}

/** Whether foreign ownership limits apply: an A-share stock with its shares in issue known. */
export function ownershipApplies(security: Security): boolean {
  return (
    security.kind === 'stock' &&
    security.issued_units !== undefined &&
    (security.market === 'XSHG' || security.market === 'XSHE')
  );
}

const LIMITS = new WeakMap<Security, ReturnType<typeof ownershipLimitUnits>>();

/** The limits in units for a security record (cached per record; an update makes a new one). */
function limitsOf(security: Security): ReturnType<typeof ownershipLimitUnits> {
  let limits = LIMITS.get(security);
  if (limits === undefined) {
    const issued = security.issued_units as bigint;
    limits = ownershipLimitUnits(issued, security.a_share_units ?? issued);
    LIMITS.set(security, limits);
  }
  return limits;
}

/** A foreign buy may not take the investor past 10 % or all foreign investors past 30 %. */
export function checkForeignBuy(
  state: RulesState,
  order: RulesOrder,
  security: Security,
  owner_id: string,
): Rejection | null {
  const o = state.ownership;
  if (o.lot_count + o.pending_lots >= state.limits.ownership_lots_max) {
    return refuse('OWNERSHIP_LOTS_FULL', 'The rules track the most ownership lots they can', {
      maximum: state.limits.ownership_lots_max,
    });
  }
  const limits = limitsOf(security);
  const entry = o.instruments.get(security.id);
  const holder_units = entry?.holders.get(owner_id)?.units ?? 0;
  const aggregate_units = entry?.aggregate_units ?? 0;
  const qty = order.quantity_units;
  const single = holder_units + qty > limits.single_units;
  if (!single && aggregate_units + qty <= limits.aggregate_units) return null;
  return refuse(
    'FOREIGN_OWNERSHIP_LIMIT',
    single
      ? 'The buy would take the investor past 10 % of the shares in issue'
      : 'The buy would take foreign investors past 30 % of the A shares in issue',
    {
      instrument: security.id,
      owner: order.owner,
      limit: single ? 'single' : 'aggregate',
      quantity_units: qty,
      holder_units,
      aggregate_units,
      issued_units: security.issued_units,
      a_share_units: security.a_share_units ?? security.issued_units,
      limit_units: single ? limits.single_units : limits.aggregate_units,
    },
  );
}

/**
 * SEHK suspends Northbound buying of a stock at 28 % aggregate foreign holding of its A shares
 * and resumes it below 26 % (ownership_limits.ts). Northbound buys only.
 */
export function checkNorthboundBuySuspended(
  state: RulesState,
  security: Security,
): Rejection | null {
  const entry = state.ownership.instruments.get(security.id);
  const aggregate_units = entry?.aggregate_units ?? 0;
  const { suspend, resume } = suspensionUnits(security);
  if (!(entry?.nb_buying_suspended ?? false) && aggregate_units < suspend) return null;
  return refuse(
    'NORTHBOUND_BUYING_SUSPENDED',
    'Northbound buying is suspended: foreign investors hold 28 % of the A shares (resumes below 26 %)',
    {
      instrument: security.id,
      aggregate_units,
      suspend_units: suspend,
      resume_units: resume,
    },
  );
}

/** An investor who reached 5 % may not trade the stock during its notification period. */
export function checkDisclosurePeriod(
  state: RulesState,
  security: Security,
  owner_id: string,
): Rejection | null {
  const holder = state.ownership.instruments.get(security.id)?.holders.get(owner_id);
  const until = holder?.disclosure_until ?? '';
  if (until === '' || state.day.date > until) return null;
  return refuse(
    'OWNERSHIP_DISCLOSURE_PERIOD',
    'The investor reached 5 % of the shares in issue and may not trade them until it has disclosed',
    { instrument: security.id, owner: owner_id, until, holder_units: holder?.units ?? 0 },
  );
}

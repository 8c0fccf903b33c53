/**
 * Order commands: submit, cancel, cancel-replace. The hub checks who may act for whom, runs the
 * Connect rules (which derive the route), registers the order before the book sees it (the book's
 * events name it), and either submits it or holds it until the home market opens. A refusal
 * anywhere leaves nothing behind: the rules' acceptance is undone exactly, the registration and
 * any interned ids are removed.
 * @module
 */

import { type Rejection, reject } from '../../kernel/rejection.js';
import { marketDate, timestampAt } from '../../kernel/time.js';
import type { OrderRequest } from '../../market/index.js';
import { checkTradeSettles } from '../../posttrade/index.js';
import type { CancelOrder, ReplaceOrder, SubmitOrder } from '../../protocol/market.js';
import { FATF_HIGH_RISK, isBcan, isFatfHighRisk, type Security } from '../../reference/index.js';
import {
  checkCancel,
  checkOrder,
  type Decision,
  onOrderAccepted,
  type RulesOrder,
  undoOrderAccepted,
} from '../../rules/index.js';
import { rulesContext } from '../connect.js';
import type { CommandContext } from '../context.js';
import type { HubState } from '../state.js';
import { SHARED_BOOK_VENUES } from './config.js';
import { enqueueHeld } from './held.js';
import { requestOf } from './request.js';
import { clientOrderKey, LIVE_ORDERS_MAX, type OrderMeta } from './state.js';

export function submitOrder(
  state: HubState,
  command: SubmitOrder,
  context: CommandContext,
): Rejection | undefined {
  const security = state.reference.securities.get(command.instrument);
  if (security === undefined) {
    return reject('UNKNOWN_INSTRUMENT', `No security ${command.instrument} is registered`, {
      instrument: command.instrument,
    });
  }
  const venue = state.markets.markets.venues.get(security.market);
  if (venue === undefined || !venue.params.has(security.id)) {
    return reject('NO_ORDER_BOOK', `${security.id} does not trade on an order book here`, {
      instrument: security.id,
      market: security.market,
    });
  }
  const client_key = clientOrderKey(context.actor.participant, command.client_order_id);
  const refused =
    checkOrderParties(state, command, context, security, client_key) ??
    checkOrderTags(command, context.actor.participant, security);
  if (refused !== undefined) return refused;
  const order = rulesOrderOf(command, context.actor.participant, security);
  const decided = checkOrder(state.rules, rulesContext(state, context.timestamp_us), order);
  if (!decided.ok) return decided;
  const decision = decided.value;
  const not_applicable = checkTagsApply(command, security, decision.route);
  if (not_applicable !== undefined) return not_applicable;
  const date = marketDate(context.timestamp_us);
  const config = state.posttrade.config;
  const unsettleable = checkTradeSettles(config, security.market, decision.route, date);
  if (unsettleable !== undefined) return unsettleable;
  if (decision.factor !== null && command.time_in_force === 'gtc') {
    return reject(
      'TIME_IN_FORCE_NOT_ALLOWED',
      'Connect orders are day orders: good-till-cancelled is not offered',
      { route: decision.route },
    );
  }
  return placeOrder(state, command, context, { security, order, decision, client_key });
}

/** What the checks of an order established, for placing it. */
interface Checked {
  readonly security: Security;
  readonly order: RulesOrder;
  readonly decision: Decision;
  /** `clientOrderKey` of the order, built once. */
  readonly client_key: string;
}

function placeOrder(
  state: HubState,
  command: SubmitOrder,
  context: CommandContext,
  checked: Checked,
): Rejection | undefined {
  const { security, order, decision } = checked;
  const markets = state.markets.markets;
  const meta = register(state, command, context.actor.participant, checked);
  const interned = markets.ids.size;
  const request = requestOf(state, command, meta);
  onOrderAccepted(state.rules, order, meta.order_id, context.timestamp_us, decision);
  if (decision.held) {
    const release_us = timestampAt(
      marketDate(context.timestamp_us),
      clockOf(decision.release_second),
    );
    enqueueHeld(markets.held, { release_us, kind: 'submit', order_id: meta.order_id, request });
    context.emit({
      type: 'order_held',
      order_id: meta.order_id,
      client_order_id: meta.client_order_id,
      participant: meta.participant,
      owner: meta.owner,
      instrument: meta.instrument,
      route: meta.route,
      side: meta.side,
      price_units: meta.price_units,
      quantity_units: meta.remaining_units,
      release_at_us: release_us,
    });
    markets.next_order_id += 1;
    return undefined;
  }
  const venue = markets.venues.get(security.market);
  const outcome = venue?.market.submit(security.id, request, context.timestamp_us);
  if (outcome?.ok) {
    markets.next_order_id += 1;
    return undefined;
  }
  if (state.rules.orders.has(meta.order_id)) undoOrderAccepted(state.rules, meta.order_id);
  unregister(state, meta);
  markets.ids.truncate(interned);
  return outcome ?? reject('NO_ORDER_BOOK', 'The venue has no book', { instrument: security.id });
}

function register(
  state: HubState,
  command: SubmitOrder,
  participant: string,
  checked: Checked,
): OrderMeta {
  const { security, decision, client_key } = checked;
  const markets = state.markets.markets;
  const meta: OrderMeta = {
    order_id: markets.next_order_id,
    client_order_id: command.client_order_id,
    client_key,
    participant,
    owner: command.owner,
    instrument: security.id,
    market: security.market,
    route: decision.route,
    venue: security.market === 'VATP' ? participant : security.market,
    side: command.side,
    price_units: command.price_units,
    remaining_units: command.quantity_units,
    funded_price_units: 0,
    hold_id: '',
    hold_seq: 0,
    reserve_minor: 0n,
  };
  markets.orders.set(meta.order_id, meta);
  markets.client_orders.set(client_key, meta.order_id);
  return meta;
}

function unregister(state: HubState, meta: OrderMeta): void {
  state.markets.markets.orders.delete(meta.order_id);
  state.markets.markets.client_orders.delete(meta.client_key);
}

function clockOf(second_of_day: number): string {
  const h = Math.floor(second_of_day / 3_600);
  const m = Math.floor(second_of_day / 60) % 60;
  const s = second_of_day % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

function rulesOrderOf(command: SubmitOrder, participant: string, security: Security): RulesOrder {
  return {
    participant,
    owner: command.owner,
    instrument: command.instrument,
    side: command.side,
    order_type: command.order_type,
    time_in_force: command.time_in_force,
    price_units: command.price_units,
    quantity_units: command.quantity_units,
    bcan: command.bcan,
    venue: security.market === 'VATP' ? participant : undefined,
    channel: command.channel,
  };
}

/**
 * The optional tags of an order, checked before the rules: `venue`, if given, is the order's venue
 * of entry (the instrument's market, or on the shared book the submitting platform); `bcan`, if
 * given, is a well-formed BCAN (reference/identifiers/bcan.ts).
 */
function checkOrderTags(
  command: SubmitOrder,
  participant: string,
  security: Security,
): Rejection | undefined {
  const venue = security.market === 'VATP' ? participant : security.market;
  if (command.venue !== undefined && command.venue !== venue) {
    return reject('VENUE_MISMATCH', `Orders in ${security.id} are entered on ${venue}`, {
      instrument: security.id,
      venue: command.venue,
      expected_venue: venue,
    });
  }
  if (command.bcan !== undefined && !isBcan(command.bcan)) {
    return reject('INVALID_BCAN', 'A BCAN is a number from 1 to 9999999999 without leading zeros', {
      bcan: command.bcan,
    });
  }
  return undefined;
}

/**
 * Tags that do not apply to the order's route are refused, not ignored: `channel` names the
 * Mainland exchange of a Southbound order only; a BCAN tags Northbound orders (the Northbound
 * Investor ID Model) and orders on SEHK (the SFC's investor identification regime, HKIDR).
 */
function checkTagsApply(
  command: SubmitOrder,
  security: Security,
  route: string,
): Rejection | undefined {
  if (command.channel !== undefined && route !== 'southbound') {
    return reject('CHANNEL_NOT_APPLICABLE', 'A channel applies to Southbound orders only', {
      channel: command.channel,
      route,
    });
  }
  const tagged = route === 'northbound' || security.market === 'XHKG';
  if (command.bcan !== undefined && !tagged) {
    return reject('BCAN_NOT_APPLICABLE', 'A BCAN tags Northbound orders and orders on SEHK only', {
      bcan: command.bcan,
      route,
      market: security.market,
    });
  }
  return undefined;
}

function checkOrderParties(
  state: HubState,
  command: SubmitOrder,
  context: CommandContext,
  security: Security,
  client_key: string,
): Rejection | undefined {
  const participant = context.actor.participant;
  const known_owner =
    state.reference.investors.has(command.owner) || state.reference.parties.has(command.owner);
  if (!known_owner)
    return reject('UNKNOWN_OWNER', `${command.owner} is not a registered investor or party`, {
      owner: command.owner,
    });
  if (!context.actor.actsFor(command.owner)) {
    return reject('NOT_AUTHORIZED', `${participant} may not trade for ${command.owner}`, {
      participant,
      owner: command.owner,
    });
  }
  if (
    security.market === 'VATP' &&
    !(SHARED_BOOK_VENUES as readonly string[]).includes(participant)
  ) {
    return reject('VENUE_INVALID', 'Orders on the shared book come from one of its platforms', {
      participant,
      venues: [...SHARED_BOOK_VENUES],
    });
  }
  if (security.market === 'VATP') {
    const refused = checkFatf(state, participant, command.owner);
    if (refused !== undefined) return refused;
  }
  const markets = state.markets.markets;
  if (markets.client_orders.has(client_key)) {
    return reject('DUPLICATE_CLIENT_ORDER_ID', `Order ${command.client_order_id} is already live`, {
      client_order_id: command.client_order_id,
    });
  }
  if (markets.orders.size >= LIVE_ORDERS_MAX) {
    return reject('ORDERS_FULL', 'The hub holds the maximum number of live orders', {
      maximum: LIVE_ORDERS_MAX,
    });
  }
  return undefined;
}

function findOrder(
  state: HubState,
  context: CommandContext,
  order_id: number | undefined,
  client_order_id: string | undefined,
): OrderMeta | Rejection {
  const markets = state.markets.markets;
  const id =
    order_id ??
    markets.client_orders.get(clientOrderKey(context.actor.participant, client_order_id ?? ''));
  const meta = id === undefined ? undefined : markets.orders.get(id);
  // Another participant's order is answered exactly as an unknown one, so ids cannot be probed.
  const own =
    meta !== undefined &&
    (context.actor.operator || meta.participant === context.actor.participant);
  if (meta === undefined || !own) {
    return reject('UNKNOWN_ORDER', 'No live order with that id', {
      order_id: order_id ?? null,
      client_order_id: client_order_id ?? null,
    });
  }
  return meta;
}

export function cancelOrder(
  state: HubState,
  command: CancelOrder,
  context: CommandContext,
): Rejection | undefined {
  const meta = findOrder(state, context, command.order_id, command.client_order_id);
  if ('ok' in meta) return meta;
  const decided = checkCancel(state.rules, context.timestamp_us, meta.order_id);
  if (!decided.ok) return decided;
  const markets = state.markets.markets;
  const still_held = markets.held.some((h) => h.order_id === meta.order_id && h.kind === 'submit');
  if (decided.value.held || still_held) {
    const second = decided.value.held ? decided.value.release_second : 0;
    const release_us =
      second === 0
        ? context.timestamp_us
        : timestampAt(marketDate(context.timestamp_us), clockOf(second));
    const after_submit = Math.max(
      release_us,
      markets.held.find((h) => h.order_id === meta.order_id)?.release_us ?? 0,
    );
    enqueueHeld(markets.held, {
      release_us: after_submit,
      kind: 'cancel',
      order_id: meta.order_id,
      request: null,
    });
    return undefined;
  }
  const venue = markets.venues.get(meta.market);
  if (venue === undefined)
    return reject('UNKNOWN_ORDER', 'No live order with that id', { order_id: meta.order_id });
  const outcome = venue.market.cancel(meta.instrument, meta.order_id, context.timestamp_us);
  return outcome.ok ? undefined : outcome;
}

export function replaceOrder(
  state: HubState,
  command: ReplaceOrder,
  context: CommandContext,
): Rejection | undefined {
  const meta = findOrder(state, context, command.order_id, undefined);
  if ('ok' in meta) return meta;
  if (state.rules.orders.has(meta.order_id)) {
    return reject(
      'AMENDMENT_NOT_ALLOWED',
      'Connect orders cannot be amended: cancel and place a new order',
      { order_id: meta.order_id, route: meta.route },
    );
  }
  const venue = state.markets.markets.venues.get(meta.market);
  if (venue === undefined)
    return reject('UNKNOWN_ORDER', 'No live order with that id', { order_id: meta.order_id });
  const outcome = venue.market.replace(
    meta.instrument,
    meta.order_id,
    command.price_units,
    command.quantity_units,
    context.timestamp_us,
  );
  return outcome.ok ? undefined : outcome;
}

export const MARKET_HANDLERS = {
  'market.submit_order': submitOrder,
  'market.cancel_order': cancelOrder,
  'market.replace_order': replaceOrder,
} as const;

export type { OrderRequest };

/**
 * The shared book admits platforms and clients from FATF-member jurisdictions with effective
 * regulation only (SFC circular on shared liquidity, 3 Nov 2025): the platform entering the order
 * and its owner are refused when their jurisdiction is on the FATF high-risk list.
 */
export function checkFatf(
  state: HubState,
  participant: string,
  owner: string,
): Rejection | undefined {
  const reference = state.reference;
  const pairs: ReadonlyArray<readonly [string, string | undefined]> = [
    [participant, reference.parties.get(participant)?.jurisdiction],
    [
      owner,
      reference.investors.get(owner)?.jurisdiction ?? reference.parties.get(owner)?.jurisdiction,
    ],
  ];
  for (const [who, jurisdiction] of pairs) {
    if (jurisdiction === undefined || !isFatfHighRisk(jurisdiction)) continue;
    return reject(
      'FATF_HIGH_RISK_JURISDICTION',
      `${who} is in ${jurisdiction}, a FATF high-risk jurisdiction: not admitted to the shared book`,
      { party: who, jurisdiction, list_as_of: FATF_HIGH_RISK.as_of },
    );
  }
  return undefined;
}

/**
 * From FIX application messages to the hub's wire commands (the protocol's schemas then check
 * them, exactly as for HTTP). Each function returns the command, or the rejection a FIX client
 * gets instead: `INVALID_REQUEST` naming the FIX field, as the HTTP API names its JSON field.
 * @module
 */

import type { HubState } from '../../hub/index.js';
import type { FixOrder } from './orders.js';
import { unitsOfDecimal } from './prices.js';
import type { Rejection } from './reports.js';
import { EXEC_INST_POST_ONLY, ORDER_TYPE_OF_FIX, SIDE_OF_FIX, TIF_OF_FIX } from './tags.js';
import type { InboundMessage } from './types.js';

export type Translation =
  | { readonly ok: true; readonly wire: Record<string, unknown> }
  | { readonly ok: false; readonly rejection: Rejection };

export function invalid(field: string, message: string): { ok: false; rejection: Rejection } {
  return { ok: false, rejection: { code: 'INVALID_REQUEST', message: `${field}: ${message}` } };
}

function text(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : String(value);
}

function component(fields: Record<string, unknown>, name: string): Record<string, unknown> {
  const value = fields[name];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** The ISIN an order names: SecurityID (48) with SecurityIDSource (22) 4, else Symbol (55). */
export function instrumentOfMessage(state: HubState, fields: Record<string, unknown>): string {
  const instrument = component(fields, 'Instrument');
  const security_id = text(instrument, 'SecurityID');
  if (security_id !== undefined && text(instrument, 'SecurityIDSource') === '4') return security_id;
  const symbol = text(instrument, 'Symbol') ?? '';
  if (state.reference.securities.has(symbol)) return symbol;
  const matches = [...state.reference.securities.values()].filter((s) => s.symbol === symbol);
  return matches.length === 1 && matches[0] !== undefined ? matches[0].id : symbol;
}

export function orderQuantityOf(fields: Record<string, unknown>): number | undefined {
  const quantity = component(fields, 'OrderQtyData').OrderQty;
  return typeof quantity === 'number' ? quantity : undefined;
}

function priceUnits(state: HubState, instrument: string, price_text: string): number | null {
  const security = state.reference.securities.get(instrument);
  return security === undefined ? null : unitsOfDecimal(price_text, security.price_scale);
}

/** NewOrderSingle (D) → `market.submit_order`. */
export function newOrderWire(state: HubState, message: InboundMessage): Translation {
  const fields = message.fields;
  const side = SIDE_OF_FIX[text(fields, 'Side') ?? ''];
  if (side === undefined) return invalid('Side (54)', 'Hutong trades 1 (buy) and 2 (sell)');
  const owner = text(fields, 'Account');
  if (owner === undefined) return invalid('Account (1)', 'the beneficial owner is required');
  const order_type = orderTypeOf(fields);
  if (order_type === undefined)
    return invalid('OrdType (40)', 'Hutong takes 1 (market) and 2 (limit)');
  const tif = TIF_OF_FIX[text(fields, 'TimeInForce') ?? '0'];
  if (tif === undefined)
    return invalid('TimeInForce (59)', 'Hutong takes 0 (day), 1 (GTC), 3 (IOC), 4 (FOK)');
  const instrument = instrumentOfMessage(state, fields);
  let price_units = 0;
  if (message.price_text !== null && order_type !== 'market') {
    const units = priceUnits(state, instrument, message.price_text);
    if (units === null && state.reference.securities.has(instrument))
      return invalid('Price (44)', 'a decimal price on the instrument’s price unit');
    price_units = units ?? 0;
  }
  const wire: Record<string, unknown> = {
    type: 'market.submit_order',
    client_order_id: text(fields, 'ClOrdID'),
    instrument,
    side,
    order_type,
    time_in_force: tif,
    post_only: isPostOnly(text(fields, 'ExecInst')),
    price_units,
    quantity_units: orderQuantityOf(fields),
    owner,
  };
  // Only the optional fields the order has (no object and entries array per order).
  const venue = text(fields, 'ExDestination');
  if (venue !== undefined) wire.venue = venue;
  const bcan = text(fields, 'HutongBCAN');
  if (bcan !== undefined) wire.bcan = bcan;
  const channel = text(fields, 'HutongSouthboundChannel');
  if (channel !== undefined) wire.channel = channel;
  const stp_mode = text(fields, 'HutongStpMode');
  if (stp_mode !== undefined) wire.stp_mode = stp_mode;
  return { ok: true, wire };
}

/** ExecInst (18) is a space-separated list; 6 among them makes the order post-only. */
function isPostOnly(exec_inst: string | undefined): boolean {
  return exec_inst?.split(' ').includes(EXEC_INST_POST_ONLY) ?? false;
}

function orderTypeOf(fields: Record<string, unknown>): string | undefined {
  const custom = text(fields, 'HutongOrderType');
  if (custom === 'enhanced_limit' || custom === 'at_auction') return custom;
  if (custom !== undefined) return undefined;
  return ORDER_TYPE_OF_FIX[text(fields, 'OrdType') ?? ''];
}

/** OrderCancelRequest (F) → `market.cancel_order` for an order the gateway found. */
export function cancelWire(order: FixOrder): Translation {
  return { ok: true, wire: { type: 'market.cancel_order', order_id: order.order_id } };
}

/**
 * OrderCancelReplaceRequest (G) → `market.replace_order`. FIX's OrderQty is the new total
 * quantity; the hub takes the new open quantity, OrderQty − CumQty.
 */
export function replaceWire(
  state: HubState,
  order: FixOrder,
  message: InboundMessage,
): Translation {
  const quantity = orderQuantityOf(message.fields);
  if (quantity === undefined) return invalid('OrderQty (38)', 'the new total quantity is required');
  const open_units = quantity - order.cum_units;
  if (open_units < 1) {
    return {
      ok: false,
      rejection: {
        code: 'INVALID_QUANTITY',
        message: `OrderQty (38) ${quantity} is not above the filled quantity ${order.cum_units}`,
      },
    };
  }
  let price_units = order.price_units;
  if (message.price_text !== null) {
    const units = priceUnits(state, order.instrument, message.price_text);
    if (units === null)
      return invalid('Price (44)', 'a decimal price on the instrument’s price unit');
    price_units = units;
  }
  return {
    ok: true,
    wire: {
      type: 'market.replace_order',
      order_id: order.order_id,
      price_units,
      quantity_units: open_units,
    },
  };
}

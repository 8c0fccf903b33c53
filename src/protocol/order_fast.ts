/**
 * A submit-order command checked without zod, for the order paths that take many (issue 19): the
 * same checks as SUBMIT_ORDER and the same object out, keys in the schema's order and its defaults
 * filled in. It answers only when every field is valid; anything else (an unknown key, a wrong
 * type, a value out of range) gives null and the caller parses with the schema, so a rejected
 * order's problems are always zod's. order_fast.test.ts compares the two on generated inputs.
 * @module
 */

import { ID_FORMAT } from './fields.js';
import {
  ORDER_SIDES,
  ORDER_TYPES,
  STP_MODES,
  SUBMIT_ORDER,
  type SubmitOrder,
  TIMES_IN_FORCE,
} from './market.js';

const SIDES: ReadonlySet<unknown> = new Set(ORDER_SIDES);
const TYPES: ReadonlySet<unknown> = new Set(ORDER_TYPES);
const TIFS: ReadonlySet<unknown> = new Set(TIMES_IN_FORCE);
const STPS: ReadonlySet<unknown> = new Set(STP_MODES);
const CHANNELS: ReadonlySet<unknown> = new Set(['XSHG', 'XSHE']);
const BCAN_LENGTH_MAX = 10;

/** The keys SUBMIT_ORDER knows; any other key makes the strict schema refuse the order. */
const KNOWN: ReadonlySet<string> = new Set(Object.keys(SUBMIT_ORDER.shape));

const isId = (v: unknown): v is string => typeof v === 'string' && ID_FORMAT.test(v);
const isUnits = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** `input` as SUBMIT_ORDER would parse it, or null when the schema must decide. */
export function fastSubmitOrder(input: Record<string, unknown>): SubmitOrder | null {
  for (const key in input) if (!KNOWN.has(key) || input[key] === undefined) return null;
  const { client_order_id, instrument, side, owner, quantity_units } = input;
  if (input.type !== 'market.submit_order') return null;
  if (!isId(client_order_id) || !isId(instrument) || !SIDES.has(side) || !isId(owner)) return null;
  if (!isUnits(quantity_units) || quantity_units < 1) return null;
  // Keys with undefined were sent back to the schema above: a missing key takes the default.
  const order_type = 'order_type' in input ? input.order_type : 'limit';
  const time_in_force = 'time_in_force' in input ? input.time_in_force : 'day';
  const post_only = 'post_only' in input ? input.post_only : false;
  const price_units = 'price_units' in input ? input.price_units : 0;
  if (!TYPES.has(order_type) || !TIFS.has(time_in_force)) return null;
  if (typeof post_only !== 'boolean' || !isUnits(price_units)) return null;
  const order: Record<string, unknown> = {
    type: 'market.submit_order',
    client_order_id,
    instrument,
    side,
    order_type,
    time_in_force,
    post_only,
    price_units,
    quantity_units,
    owner,
  };
  return withOptionals(input, order) ? (order as SubmitOrder) : null;
}

/** Adds the optional fields `input` has, in the schema's order; false when one is invalid. */
function withOptionals(input: Record<string, unknown>, order: Record<string, unknown>): boolean {
  const { venue, stp_mode, bcan, channel } = input;
  if (venue !== undefined) {
    if (!isId(venue)) return false;
    order.venue = venue;
  }
  if (stp_mode !== undefined) {
    if (!STPS.has(stp_mode)) return false;
    order.stp_mode = stp_mode;
  }
  if (bcan !== undefined) {
    if (typeof bcan !== 'string' || bcan.length > BCAN_LENGTH_MAX) return false;
    order.bcan = bcan;
  }
  if (channel !== undefined) {
    if (!CHANNELS.has(channel)) return false;
    order.channel = channel;
  }
  return true;
}

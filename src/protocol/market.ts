/**
 * Market commands on the wire: orders, cancels and cancel-replace.
 *
 * The route (home market, Northbound, Southbound, shared-book venue) is not on the order: the hub
 * derives it from who submits, for whom, and in what instrument, so a client cannot mislabel it.
 * @module
 */

import { z } from 'zod';
import { ID } from './fields.js';

export const ORDER_SIDES = ['buy', 'sell'] as const;
export const ORDER_TYPES = ['limit', 'market', 'enhanced_limit', 'at_auction'] as const;
export const TIMES_IN_FORCE = ['day', 'gtc', 'ioc', 'fok'] as const;
export const STP_MODES = [
  'none',
  'cancel_resting',
  'cancel_incoming',
  'cancel_both',
  'decrement',
] as const;

const UNITS = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const SUBMIT_ORDER = z.strictObject({
  type: z.literal('market.submit_order'),
  /** The participant's own id for the order, unique per participant. */
  client_order_id: ID,
  /** The security's ISIN. */
  instrument: ID,
  side: z.enum(ORDER_SIDES),
  order_type: z.enum(ORDER_TYPES).default('limit'),
  time_in_force: z.enum(TIMES_IN_FORCE).default('day'),
  post_only: z.boolean().default(false),
  /** Limit price in the instrument's price unit (A shares RMB 0.01; HK HKD 0.001). */
  price_units: UNITS.default(0),
  quantity_units: UNITS.min(1),
  /** The beneficial owner: an investor id, or the participant's own party id for house orders. */
  owner: ID,
  /** Shared books only: the venue of entry (the local platform or its overseas affiliate). */
  venue: ID.optional(),
  stp_mode: z.enum(STP_MODES).optional(),
  /** Northbound only: the investor's BCAN, which must match the mapping on file. */
  bcan: z.string().max(10).optional(),
  /** Southbound only: the Mainland exchange channel the client trades through. */
  channel: z.enum(['XSHG', 'XSHE']).optional(),
});

export const CANCEL_ORDER = z
  .strictObject({
    type: z.literal('market.cancel_order'),
    order_id: UNITS.min(1).optional(),
    client_order_id: ID.optional(),
  })
  .refine((c) => (c.order_id === undefined) !== (c.client_order_id === undefined), {
    message: 'give exactly one of order_id and client_order_id',
  });

export const REPLACE_ORDER = z.strictObject({
  type: z.literal('market.replace_order'),
  order_id: UNITS.min(1),
  price_units: UNITS,
  quantity_units: UNITS.min(1),
});

export type SubmitOrder = z.infer<typeof SUBMIT_ORDER>;
export type CancelOrder = z.infer<typeof CANCEL_ORDER>;
export type ReplaceOrder = z.infer<typeof REPLACE_ORDER>;

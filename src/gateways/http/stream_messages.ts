/**
 * The WebSocket wire: what clients may send (validated, never trusted) and the frames the server
 * sends. Every frame is one JSON object: data frames carry a `channel` (market, events, orders,
 * status, alerts, risk_alerts, the bond channels rfqs, quotes, bond_trades, bond_quota, coupons, and the
 * financing channels repos, margin_calls and facilities, and payments), control
 * frames (welcome, subscribed, unsubscribed, pong, error) do not.
 * @module
 */

import { z } from 'zod';
import type { HubEvent } from '../../hub/index.js';
import { ID } from '../../protocol/index.js';
import { toJson } from './json.js';
import type { CommittedDepth } from './market_data.js';

export const CHANNELS = [
  'market',
  'events',
  'orders',
  'status',
  'alerts',
  'risk_alerts',
  'rfqs',
  'quotes',
  'bond_trades',
  'bond_quota',
  'coupons',
  'repos',
  'margin_calls',
  'facilities',
  'payments',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const SUBSCRIPTIONS_MAX = 1_000;

const INSTRUMENTS = z.array(z.union([ID, z.literal('*')])).max(SUBSCRIPTIONS_MAX);

export const CLIENT_MESSAGE = z.discriminatedUnion('op', [
  z.strictObject({
    op: z.literal('subscribe'),
    channel: z.enum(CHANNELS),
    instruments: INSTRUMENTS.optional(),
  }),
  z.strictObject({
    op: z.literal('unsubscribe'),
    channel: z.enum(CHANNELS),
    instruments: INSTRUMENTS.optional(),
  }),
  z.strictObject({ op: z.literal('ping'), id: z.string().max(64).optional() }),
]);

export type ClientMessage = z.infer<typeof CLIENT_MESSAGE>;

type MarketDataEvent = Extract<
  HubEvent,
  { type: 'trade' | 'bbo' | 'phase_changed' | 'auction_indicative' }
>;

export function depthFrame(depth: CommittedDepth): string {
  return JSON.stringify({
    channel: 'market',
    type: 'depth',
    instrument: depth.instrument,
    seq: depth.seq,
    bids: depth.bids,
    asks: depth.asks,
  });
}

/** Market data is public: a trade print carries no buyer, seller or order ids. */
export function marketFrame(seq: number, event: MarketDataEvent): string {
  if (event.type !== 'trade') return JSON.stringify({ channel: 'market', seq, ...event });
  return JSON.stringify({
    channel: 'market',
    seq,
    type: 'trade',
    trade_id: event.trade_id,
    instrument: event.instrument,
    market: event.market,
    price_units: event.price_units,
    quantity_units: event.quantity_units,
    aggressor: event.aggressor,
    timestamp_us: event.timestamp_us,
  });
}

export interface EventEntry {
  readonly seq: number;
  readonly event_seq: number;
  readonly timestamp_us: number;
  readonly event: HubEvent;
}

export const ORDER_EVENT_TYPES = new Set([
  'order_accepted',
  'order_rested',
  'order_cancelled',
  'order_replaced',
  'trade',
]);

/** The bond channels that carry events (scoped like `events`), and the events each carries. */
export const BOND_EVENT_CHANNELS = {
  rfqs: new Set(['rfq_requested', 'rfq_status']),
  quotes: new Set(['rfq_quote', 'rfq_status']),
  bond_trades: new Set(['bond_trade']),
  coupons: new Set(['bond_coupon_paid', 'bond_redeemed']),
} as const;

/** The financing channels (docs/financing.md §13), scoped like `events`: a repo's parties. */
export const FINANCING_EVENT_CHANNELS = {
  // What changes the open book, a repo's collateral or its life: opened, margin, default and
  // close-out, substitution, early termination, closed; re-use and OTC Clear margin.
  repos: new Set([
    'repo_opened',
    'repo_closed',
    'margin_called',
    'margin_call_outstanding',
    'margin_paid',
    'repo_defaulted',
    'repo_closed_out',
    'collateral_substituted',
    'repo_termination_proposed',
    'repo_termination_agreed',
    'repo_terminated',
    'collateral_reused',
    'collateral_returned',
    'otc_margin_posted',
    'otc_margin_released',
  ]),
  // Margin owed: called and paid at once, called and outstanding, paid late, or missed (default).
  margin_calls: new Set([
    'margin_called',
    'margin_call_outstanding',
    'margin_paid',
    'repo_defaulted',
  ]),
  // The HKMA facilities: drawings, repayments, the 23:30 roll, limits set, rates published.
  facilities: new Set([
    'facility_drawn',
    'facility_repaid',
    'facility_rolled_overnight',
    'facility_allocation_set',
    'facility_plp_line_set',
    'facility_rate_published',
  ]),
} as const;

/**
 * Payment Connect (docs/payments.md §10), scoped like `events`: the banks a payment names,
 * HKICL, CNCC and operators. A payment's life: settled, credited, replayed, recalled, asked back,
 * return refused, returned, timed out, and a roll-back on the clock the ledger refused.
 */
export const PAYMENT_EVENT_CHANNELS = {
  payments: new Set([
    'payment_settled',
    'payment_credited',
    'payment_replayed',
    'payment_recalled',
    'payment_return_requested',
    'payment_return_refused',
    'payment_returned',
    'payment_timed_out',
    'payment_timeout_refused',
  ]),
} as const;

/** Every channel that carries hub events chosen by type, beside `events` and `orders`. */
export const TYPED_EVENT_CHANNELS = {
  ...BOND_EVENT_CHANNELS,
  ...FINANCING_EVENT_CHANNELS,
  ...PAYMENT_EVENT_CHANNELS,
};

export type BondEventChannel = keyof typeof TYPED_EVENT_CHANNELS;

/** Whether a typed channel carries the event: `quotes` takes only the reports about a quote. */
export function bondChannelCarries(channel: BondEventChannel, event: HubEvent): boolean {
  if (!(TYPED_EVENT_CHANNELS[channel] as ReadonlySet<string>).has(event.type)) return false;
  if (channel === 'quotes' && event.type === 'rfq_status')
    return event.report.quote_id !== undefined;
  return true;
}

/** The Southbound bond quota as a viewer may see it (the frame of channel `bond_quota`). */
export function bondQuotaFrame(seq: number, quota: unknown): string {
  return toJson({ channel: 'bond_quota', seq, quota });
}

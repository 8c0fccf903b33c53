/**
 * What the routes answer, as zod schemas for the OpenAPI document only (openapi.ts). Replies are
 * never serialized through these: the server writes every reply with toJson (json.ts), so a field
 * missing here still reaches the client. Bigints travel as decimal strings (`DECIMAL`).
 *
 * Objects are `z.object` where the route's answer is fixed (the route tests check that nothing
 * undocumented comes back) and `z.looseObject` where it carries events or domain records whose
 * fields depend on their `type`.
 * @module
 */

import { z } from 'zod';
import { ACCOUNT_PURPOSES } from '../../ledger/index.js';

/** A bigint as a decimal string: amounts in minor units, ledger balances. */
export const DECIMAL = z
  .string()
  .regex(/^-?\d+$/)
  .describe('An integer as a decimal string');
const INT = z.number().int();
const US = z.number().int().describe('Microseconds since the Unix epoch');

/** The one error shape (errors.ts). */
export const ERROR_BODY = z
  .object({
    error: z.object({
      code: z.string().describe('Stable UPPER_SNAKE code'),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
      problems: z
        .array(z.object({ field: z.string(), rule: z.string(), message: z.string() }))
        .optional()
        .describe('For INVALID_REQUEST: each field that did not parse and the rule it broke'),
      request_id: z.string().optional().describe('For INTERNAL and HUB_HALTED'),
    }),
    seq: INT.optional().describe('For an engine rejection: the journal position of the command'),
  })
  .describe('The one error shape');

/** A hub event as the caller may see it; `type` names it and decides its other fields. */
export const EVENT = z
  .looseObject({ type: z.string() })
  .describe('A hub event, scoped to what the caller may see; `type` decides its fields');

export const COMMAND_REPLY = z.object({
  seq: INT.describe("The command's journal position"),
  status: z.literal('accepted'),
  duplicate_of: INT.nullable().describe('A retry under a used Idempotency-Key: the original seq'),
  order_id: INT.optional().describe('When an order was accepted'),
  events: z.array(z.looseObject({ event_seq: INT, type: z.string() })),
});

/** What a command route may answer besides 200 (statusForRejection in errors.ts). */
export const COMMAND_ERRORS = {
  400: 'INVALID_REQUEST (the body, a path parameter or Idempotency-Key), IDEMPOTENCY_KEY_INVALID',
  403: 'NOT_AUTHORIZED: the participant may not act for the owner or on the account',
  404: 'UNKNOWN_ORDER, UNKNOWN_INSTRUMENT, UNKNOWN_OWNER, UNKNOWN_PARTY, ACCOUNT_NOT_FOUND, …',
  409: 'IDEMPOTENCY_KEY_REUSED, DUPLICATE_CLIENT_ORDER_ID, PARTY_EXISTS, SECURITY_EXISTS, …',
  422: 'Every other business rule (INSUFFICIENT_FUNDS, QUOTA_EXHAUSTED, PRICE_OFF_TICK, …)',
  503: 'JOURNAL_BUFFER_FULL (retry after Retry-After), HUB_HALTED',
} as const;

export const HEALTH = z.object({ ok: z.boolean(), seq: INT });

const MARKET_PHASE = z.object({ market: z.string(), phase: z.string() });

export const SIM_STATUS = z.object({
  running: z.boolean(),
  steps_per_second: INT,
  steps: INT,
  accepted: INT,
  rejected: INT,
  rejections: z.record(z.string(), INT).describe('The most frequent rejection codes and counts'),
});

export const STATUS = z.object({
  seq: INT,
  now_us: US,
  hub_time: z.string(),
  clock: z.string(),
  clock_now_us: US,
  clock_time: z.string(),
  markets: z.array(MARKET_PHASE),
  sim: SIM_STATUS.nullable(),
  streams: z.object({
    connections: INT,
    frames_sent: INT,
    dropped_slow: INT,
    refused_full: INT,
  }),
  engine: z.object({
    submitted: INT,
    commits: INT,
    committed_commands: INT,
    commit_ms_total: z.number(),
    largest_group: INT,
    last_submit_ms: z.number(),
  }),
  halted: z.string().nullable(),
  opened: z.object({
    snapshot_seq: INT,
    replayed_commands: INT,
    skipped_snapshots: z.array(z.string()),
    torn_tail_bytes: INT,
    notices: z.array(z.string()).describe('What the start recovered from, one line each'),
  }),
  calendar_warnings: z
    .array(
      z.object({
        calendar: z.string(),
        last_date: z.string(),
        business_days_left: INT,
        message: z.string(),
      }),
    )
    .describe('Calendars with fewer than 60 trading days of data left'),
  snapshot: z
    .object({
      in_flight_seq: INT.nullable(),
      last_seq: INT,
      last_from_seq: INT.nullable(),
      last_elapsed_ms: z.number().nullable(),
      last_size_bytes: INT.nullable(),
      last_error: z.string().nullable(),
      written: INT,
      failed: INT,
    })
    .nullable()
    .describe('The periodic snapshot writer (a child process); null when snapshots are off'),
});

const SIDE_VERDICT = z.object({
  allowed: z.boolean(),
  code: z.string().nullable(),
  message: z.string().nullable(),
});

export const TRADABLE = z.object({
  participant: z.string(),
  client: z.string(),
  instruments: z.array(
    z.object({
      instrument: z.string(),
      route: z.string().nullable(),
      link: z.string().nullable(),
      buy: SIDE_VERDICT,
      sell: SIDE_VERDICT,
      bcan: z.string().nullable(),
      venues: z.array(z.string()),
    }),
  ),
});

export const WHOAMI = z.object({
  participant: z.string(),
  operator: z.boolean(),
  name: z.string().nullable(),
  clients: z.array(z.string()),
});

export const KEYS = z.object({
  keys: z.array(
    z.object({ participant: z.string(), key_prefix: z.string(), created_at: z.string() }),
  ),
});

export const DEMO_KEYS = z.object({
  demo: z.literal(true),
  keys: z.array(
    z.object({
      participant: z.string(),
      key: z.string(),
      operator: z.boolean(),
      name: z.string(),
    }),
  ),
});

export const CLOCK = z.object({
  kind: z.string(),
  now_us: US,
  time: z.string(),
  hub_now_us: US,
  hub_time: z.string(),
  adjustable: z.boolean(),
});

export const CLOCK_ADVANCED = COMMAND_REPLY.extend({ clock: CLOCK });

export const MARKETS = z.object({
  markets: z.array(MARKET_PHASE.extend({ trading_day: z.string(), books: INT })),
});

const BOOK_SUMMARY = z.object({
  instrument: z.string(),
  market: z.string(),
  phase: z.string(),
  bid_price_units: INT.describe('0 when there is no bid'),
  ask_price_units: INT.describe('0 when there is no ask'),
  last_price_units: INT.nullable(),
  previous_close_units: INT.nullable(),
  resting_orders: INT,
  limit_down_units: INT.nullable().describe("The day's lowest allowed price; null: no daily limit"),
  limit_up_units: INT.nullable().describe("The day's highest allowed price; null: no daily limit"),
});

export const INSTRUMENT = z.object({
  id: z.string().describe('ISIN'),
  symbol: z.string(),
  name: z.string(),
  market: z.string(),
  board: z.string(),
  kind: z.string(),
  currency: z.string(),
  lot_size: INT,
  price_scale: INT,
  tick_table: z.string(),
  previous_close_units: INT.nullable(),
  book: BOOK_SUMMARY.nullable(),
});

export const INSTRUMENTS = z.object({ instruments: z.array(INSTRUMENT) });

const LEVEL = z.object({ price_units: INT, volume_units: INT, order_count: INT });

export const BOOK = BOOK_SUMMARY.extend({
  seq: INT,
  bids: z.array(LEVEL),
  asks: z.array(LEVEL),
});

export const TRADES = z.object({
  instrument: z.string(),
  trades: z.array(
    z
      .looseObject({
        type: z.literal('trade'),
        trade_id: z.string(),
        instrument: z.string(),
        market: z.string(),
        price_units: INT,
        quantity_units: INT,
        aggressor: z.string(),
        timestamp_us: US,
      })
      .describe('Your own side of a trade in full; anyone else sees only these fields'),
  ),
});

export const ORDER = z.object({
  order_id: INT,
  client_order_id: z.string(),
  participant: z.string(),
  owner: z.string(),
  instrument: z.string(),
  side: z.enum(['buy', 'sell']),
  price_units: INT,
  quantity_units: INT,
  remaining_units: INT,
  filled_units: INT,
  status: z.enum(['live', 'filled', 'cancelled']),
  reason: z.string().nullable(),
  updated_at_us: US,
});

export const ORDERS = z.object({
  status: z.enum(['live', 'finished']),
  orders: z.array(ORDER),
});

export const ACCOUNT = z.object({
  account_id: z.string(),
  owner: z.string(),
  owner_kind: z.enum(['investor', 'party']),
  asset: z.string(),
  scale: INT,
  purpose: z.enum(ACCOUNT_PURPOSES),
  parent_id: z.string().nullable(),
  tier: INT.describe('Omnibus accounts above this one; 0 at the top'),
  omnibus: z.boolean(),
  frozen: z.boolean(),
  balance_minor: DECIMAL,
  available_minor: DECIMAL,
  debits_pending: DECIMAL,
  debits_posted: DECIMAL,
  credits_pending: DECIMAL,
  credits_posted: DECIMAL,
});

export const BALANCES = z.object({ seq: INT, accounts: z.array(ACCOUNT) });

export const TRANSFERS = z.object({
  account_id: z.string(),
  transfers: z.array(
    z.object({
      id: z.string(),
      action: z.string(),
      debit_account_id: z.string(),
      credit_account_id: z.string(),
      asset: z.string(),
      amount_minor: DECIMAL,
      pending_id: z.string().nullable(),
      timeout_s: INT.describe('A hold: seconds until it expires (0 = never)'),
      code: z.string(),
      reference: z.string(),
      submitted_by: z.string(),
      timestamp_us: US,
      command_seq: INT,
      hold_status: z.string().nullable(),
    }),
  ),
});

export const EVENTS = z.object({
  events: z.array(z.object({ event_seq: INT, seq: INT, timestamp_us: US, event: EVENT })),
  next_after: INT.describe('Pass as `after` for the next page'),
});

export const COMMAND_ROW = z.object({
  seq: INT,
  timestamp_us: US,
  participant: z.string(),
  type: z.string(),
  status: z.enum(['accepted', 'rejected']),
  rejection_code: z.string().nullable(),
  rejection_message: z.string().nullable(),
  first_event_seq: INT,
  event_count: INT,
  duplicate_of: INT.nullable(),
});

export const PARTIES = z.object({
  parties: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      lei: z.string().optional(),
      roles: z.array(z.string()),
      jurisdiction: z.string(),
      exchange_participant_of: z.array(z.string()),
      china_connect: z.string(),
      group: z
        .string()
        .optional()
        .describe(
          'The corporate group: affiliates name the same one (Cover 2 counts them together)',
        ),
    }),
  ),
});

export const CASH_ASSETS = z.object({
  cash_assets: z.array(
    z.object({
      id: z.string(),
      currency: z.string(),
      form: z.string(),
      issuer: z.string(),
      scale: INT,
    }),
  ),
});

export const INVESTORS = z.object({
  investors: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      jurisdiction: z.string(),
      broker: z.string(),
      bcan: z.string().optional(),
      id_document_country: z.string(),
      southbound_assets_20d_avg_minor: DECIMAL.optional(),
      professional: z.boolean(),
      institutional: z.boolean(),
    }),
  ),
});

export const QUOTAS = z.object({
  quotas: z.array(
    z.object({
      link: z.string(),
      direction: z.enum(['northbound', 'southbound']),
      status: z.string().describe('balance, sufficient, or closed'),
      daily_quota_minor: DECIMAL.nullable(),
      balance_minor: DECIMAL.nullable(),
    }),
  ),
});

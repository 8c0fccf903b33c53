/**
 * What the settlement and surveillance routes answer, for the OpenAPI document only (see
 * response_docs.ts: replies are written by toJson, never through these schemas).
 * @module
 */

import { z } from 'zod';
import {
  ALERT_KINDS,
  CASE_STATES,
  CLOSE_REASONS,
  SEVERITIES,
} from '../../oversight/surveillance/index.js';
import { INSTRUCTION_STATUSES } from '../../posttrade/index.js';
import { DECIMAL } from './response_docs.js';

const INT = z.number().int();
const US = z.number().int().describe('Microseconds since the Unix epoch');

export const SETTLEMENT_COUNTS = z.object({
  counts: z.record(z.string(), INT).describe(`Instructions per status: ${INSTRUCTION_STATUSES}`),
  by_participant: z
    .record(z.string(), z.record(z.string(), INT))
    .optional()
    .describe(
      "Participant → instructions per status (each side's participant; a participant sees its own row)",
    ),
  fail_reasons: z
    .record(z.string(), INT)
    .optional()
    .describe('Failed instructions per fail reason'),
});

export const SETTLEMENT_INSTRUCTIONS = z.object({
  instructions: z.array(
    z.object({
      id: z.string(),
      status: z.string(),
      instrument: z.string().nullable(),
      parties: z.array(z.string()).describe('Deliverer and receiver'),
      settlement_date: z.string(),
      detail: z.object({
        trade_id: z.string(),
        group: z.string(),
        model: z.enum(['gross', 'net']),
        stream: z.string(),
        deliverer: z.string(),
        receiver: z.string(),
        quantity_units: DECIMAL,
        cash_minor: DECIMAL,
        cash_asset: z.string(),
        cash_date: z.string(),
        settled_quantity_units: DECIMAL,
        remaining_quantity_units: DECIMAL,
        fail_reason: z.string().describe("'' while nothing failed"),
        fail_count: INT,
        penalty_minor: DECIMAL,
        closure: z.string().describe("'' while open"),
      }),
    }),
  ),
});

export const SESE023_XML = z.string().describe('An ISO 20022 sese.023 document');

const FIGURE = z.object({
  name: z.string(),
  value: z.union([z.number(), z.string()]),
  threshold: z.union([z.number(), z.string()]).nullable(),
  comparison: z.enum(['>=', '<=', '<', '>', '=', '']),
  unit: z.string(),
});

const EVIDENCE_ORDER = z.object({
  order_id: INT,
  role: z.string(),
  owner: z.string(),
  participant: z.string(),
  instrument: z.string(),
  side: z.enum(['buy', 'sell']),
  price_units: INT,
  quantity_units: INT,
  filled_units: INT,
  cancelled_units: INT,
  accepted_us: US,
  accepted_event_seq: INT,
});

const EVIDENCE_TRADE = z.object({
  trade_id: z.string(),
  event_seq: INT,
  timestamp_us: US,
  instrument: z.string(),
  price_units: INT,
  quantity_units: INT,
  buyer: z.string(),
  seller: z.string(),
  aggressor: z.enum(['buy', 'sell', 'auction']),
});

const TIMELINE_ENTRY = z.object({
  timestamp_us: US,
  event_seq: INT,
  event: z.string(),
  text: z.string(),
  order_id: INT.nullable(),
  trade_id: z.string().nullable(),
});

const HFT_RECORD = z.object({
  account: z.string(),
  participants: z.array(z.string()),
  bcan: z.string().nullable(),
  investor_type: z.string().nullable(),
  jurisdiction: z.string().nullable(),
  market_date: z.string(),
  criterion: z.enum(['per_second', 'per_day']),
  peak_messages_per_second: INT,
  messages_today: INT,
  orders_today: INT,
  cancels_today: INT,
  northbound: z.boolean(),
  classified_at_us: US,
  to_be_supplied: z.array(z.string()),
});

const ALERT_SUMMARY = z.object({
  alert_id: z.string(),
  kind: z.enum(ALERT_KINDS),
  subtype: z.string(),
  severity: z.enum(SEVERITIES),
  owners: z.array(z.string()),
  participants: z.array(z.string()),
  instrument: z.string().nullable(),
  market: z.string().nullable(),
  market_date: z.string(),
  window_start_us: US,
  window_end_us: US,
  raised_at_us: US,
  event_seq: INT,
  summary: z.string(),
  state: z.enum(CASE_STATES),
  close_reason: z.enum(CLOSE_REASONS).nullable(),
  updated_at_us: US,
  version: INT,
});

const ALERT_RECORD = ALERT_SUMMARY.extend({
  evidence: z.object({
    figures: z.array(FIGURE),
    orders: z.array(EVIDENCE_ORDER),
    trades: z.array(EVIDENCE_TRADE),
    timeline: z.array(TIMELINE_ENTRY),
    report: HFT_RECORD.nullable(),
  }),
  history: z.array(
    z.object({
      id: INT,
      alert_id: z.string(),
      from_state: z.enum(CASE_STATES).nullable(),
      to_state: z.enum(CASE_STATES),
      actor: z.string(),
      reason: z.enum(CLOSE_REASONS).nullable(),
      note: z.string().nullable(),
      at_us: US,
    }),
  ),
});

export const ALERTS = z.object({
  alerts: z.array(ALERT_SUMMARY),
  counts: z.record(z.enum(CASE_STATES), INT),
});

export const ALERT = z.object({ alert: ALERT_RECORD });

const FOCUS_ENTRY = z.object({
  owner: z.string(),
  value: z.string().describe('Traded value as a decimal string in the currency'),
  trades: INT,
  share_bps: INT,
  growth_pct: z.number().nullable(),
});

export const FOCUS = z.object({
  focus: z.object({
    market: z.string(),
    currency: z.string(),
    largest: z.array(FOCUS_ENTRY),
    fastest_growing: z.array(FOCUS_ENTRY),
    hot_instruments: z
      .array(
        z.object({
          instrument: z.string(),
          value: z.string().describe('Traded value as a decimal string in the currency'),
          trades: INT,
          share_bps: INT,
        }),
      )
      .describe("The market's most traded instruments today, by value (seed 004: 热点品种)"),
  }),
});

export const HFT_RECORDS = z.object({ records: z.array(HFT_RECORD) });

/**
 * The risk monitor's routes (docs/risk-monitor.md §6): the settings body, checked for its shape
 * here and for its meaning by `riskMonitorSettings` (RISK_* codes), and what the routes answer,
 * for the OpenAPI document only (replies are written by toJson: bigints as decimal strings).
 * @module
 */

import { z } from 'zod';
import { MONITOR_ALERT_KINDS } from '../../oversight/risk/index.js';
import { DECIMAL } from './response_docs.js';

const INT = z.number().int();
const CODE = z.string().max(32);
/** Amounts are decimal strings (whole minor units): a JSON number could lose digits. */
const LEVEL = z.string().max(40).nullable().optional();
const SHARE = z.string().max(12).nullable().optional();

export const MONITOR_SETTINGS_BODY = z.strictObject({
  bucket_minutes: INT.optional(),
  reversal_window_minutes: INT.optional(),
  days_kept: INT.optional(),
  alerts_kept: INT.optional(),
  flow_thresholds: z
    .array(
      z.strictObject({
        link: CODE,
        direction: CODE,
        currency: CODE,
        outflow_level_minor: LEVEL,
        reversal_level_minor: LEVEL,
      }),
    )
    .max(1_000)
    .optional(),
  exposure_limits: z
    .array(
      z.strictObject({
        participant: z.string().max(64).nullable(),
        currency: CODE,
        measure: CODE,
        limit_minor: z.string().max(40),
      }),
    )
    .max(65_537)
    .optional(),
  holding_share: SHARE,
  turnover_share: SHARE,
  turnover_trades_min: INT.optional(),
  top_n: INT.optional(),
});

export const MONITOR_ALERTS_QUERY = z.strictObject({
  kind: z.enum(MONITOR_ALERT_KINDS).optional(),
  participant: z.string().max(64).optional(),
  /** Alerts raised at or after this event. */
  since: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});

export const CONCENTRATION_QUERY = z.strictObject({
  top: z.coerce.number().int().min(1).max(1_000).optional(),
});

export const PARTICIPANT_PARAMS = z.strictObject({ participant: z.string() });
export const INSTRUMENT_PARAMS = z.strictObject({ instrument: z.string() });

const LOOSE = z.record(z.string(), z.unknown());
const FLOW_FIGURES = {
  buy_minor: DECIMAL,
  sell_minor: DECIMAL,
  net_buy_minor: DECIMAL.describe('buy − sell: positive is net buying in the direction’s sense'),
  count: INT,
};
const SERIES_KEY = { link: z.string(), direction: z.string(), currency: z.string() };

export const MONITOR_FLOWS = z.object({
  market_date: z.string().describe('The HK (UTC+8) date; empty before the first event'),
  bucket_minutes: INT,
  series: z.array(
    z.object({
      ...SERIES_KEY,
      ...FLOW_FIGURES,
      last_event_seq: INT,
      buckets: z.array(z.object({ start_us: INT, ...FLOW_FIGURES })),
    }),
  ),
  stock_connect_quotas: z.array(
    z.object({
      quota_link: z.string(),
      link: z.string(),
      direction: z.string(),
      date: z.string(),
      daily_quota_minor: DECIMAL,
      balance_minor: DECIMAL.nullable(),
      used_minor: DECIMAL.nullable(),
      as_of_event_seq: INT,
      balance_now_minor: DECIMAL.nullable().describe('The hub’s balance at the time of the answer'),
      used_now_minor: DECIMAL.nullable().describe('daily quota − balance now'),
    }),
  ),
  bond_connect_southbound_quota: z.object({ used_rmb_minor: DECIMAL, as_of_event_seq: INT }),
});

export const MONITOR_FLOW_HISTORY = z.object({
  days: z.array(
    z.object({
      market_date: z.string(),
      series: z.array(z.object({ ...SERIES_KEY, ...FLOW_FIGURES })),
    }),
  ),
});

export const MONITOR_EXPOSURES = z.object({
  as_of_event_seq: INT,
  participants: z.array(LOOSE).describe('Positions, obligations, financing per participant'),
  investor_classes: z.array(LOOSE),
  ccp: z.array(
    z.object({
      participant: z.string(),
      ccp: z.string(),
      currency: z.string(),
      net_payable_minor: DECIMAL,
    }),
  ),
  bilateral_repo: z.array(LOOSE),
});

export const MONITOR_POSITIONS = z.object({
  participant: z.string(),
  positions: z.array(
    z.object({
      instrument: z.string(),
      currency: z.string(),
      quantity_units: INT,
      unsettled_units: INT,
      price_units: INT,
      price_scale: INT,
      value_minor: DECIMAL,
    }),
  ),
});

const INSTRUMENT_CONCENTRATION = z.object({
  instrument: z.string(),
  base: z.enum(['issued', 'holdings_seen']),
  base_units: INT,
  holders: INT,
  top: z.array(z.object({ holder: z.string(), quantity_units: INT, share_bps: INT })),
});

export const MONITOR_CONCENTRATION = z.object({
  market_date: z.string(),
  markets: z.array(
    z.object({
      market: z.string(),
      currency: z.string(),
      turnover_minor: DECIMAL,
      trades: INT,
      hhi: INT.describe('Herfindahl–Hirschman index, 0–10,000'),
      top: z.array(z.object({ participant: z.string(), turnover_minor: DECIMAL, share_bps: INT })),
    }),
  ),
  instruments: z.array(INSTRUMENT_CONCENTRATION),
});

export const MONITOR_HOLDERS = z.object({ holders: INSTRUMENT_CONCENTRATION });

export const MONITOR_ALERTS = z.object({
  alerts: z.array(LOOSE).describe('Newest first: alert_id, kind, subject, figures, event_seqs, …'),
  kept: INT.describe('Alerts the monitor keeps (its alerts_kept bound)'),
});

export const MONITOR_SETTINGS = z.object({
  settings: LOOSE.describe('The settings in force, in the form PUT takes'),
  file: z.string().describe('Where they are kept, under the data directory'),
});

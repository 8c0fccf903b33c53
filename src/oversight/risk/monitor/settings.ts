/**
 * The monitor's settings: the intraday bucket, the reversal window and the alert thresholds the
 * operator sets. `riskMonitorSettings` checks an input and returns the settings or a rejection
 * with a stable code; nothing is half-applied (a monitor is built from valid settings only).
 * @module
 */

import { accept, type Outcome, reject } from '../../../kernel/rejection.js';
import { CURRENCY_CODES, type CurrencyCode } from '../../../reference/index.js';
import {
  EXPOSURE_MEASURES,
  type ExposureMeasure,
  FLOW_DIRECTIONS,
  type FlowDirection,
  MONITOR_LINKS,
  type MonitorLink,
} from './types.js';

/** Levels for one flow series (link × direction × currency); null switches a check off. */
export interface FlowThresholdInput {
  readonly link: MonitorLink;
  readonly direction: FlowDirection;
  readonly currency: CurrencyCode;
  /** The day's net selling beyond this raises `flow_outflow`. */
  readonly outflow_level_minor?: bigint | string | null;
  /** Two consecutive windows' net flows beyond this, opposite in sign, raise `flow_reversal`. */
  readonly reversal_level_minor?: bigint | string | null;
}

/** A participant's limit (`participant: null`: every participant without a limit of its own). */
export interface ExposureLimitInput {
  readonly participant: string | null;
  readonly currency: CurrencyCode;
  readonly measure: ExposureMeasure;
  readonly limit_minor: bigint | string;
}

export interface RiskMonitorSettingsInput {
  /** Intraday buckets of 1 or 5 minutes (default 5). */
  readonly bucket_minutes?: number;
  /** A whole number of buckets, at most 720 minutes (default 30). */
  readonly reversal_window_minutes?: number;
  /** Closed days whose flow totals are kept (default 10, at most 366). */
  readonly days_kept?: number;
  /** Alerts kept for reading, oldest dropped first (default 10,000, at most 1,000,000). */
  readonly alerts_kept?: number;
  readonly flow_thresholds?: readonly FlowThresholdInput[];
  readonly exposure_limits?: readonly ExposureLimitInput[];
  /** A holder's share of an instrument above this (a decimal in (0, 1], e.g. "0.05"). */
  readonly holding_share?: string | null;
  /** A participant's share of a market's day turnover above this (a decimal in (0, 1]). */
  readonly turnover_share?: string | null;
  /** Trades a market must have had today before turnover shares are checked (default 20). */
  readonly turnover_trades_min?: number;
  /** Entries in the views' top lists (default 10, at most 1,000). */
  readonly top_n?: number;
}

export interface FlowThreshold {
  readonly link: MonitorLink;
  readonly direction: FlowDirection;
  readonly currency: CurrencyCode;
  readonly outflow_level_minor: bigint | null;
  readonly reversal_level_minor: bigint | null;
}

export interface ExposureLimit {
  readonly participant: string | null;
  readonly currency: CurrencyCode;
  readonly measure: ExposureMeasure;
  readonly limit_minor: bigint;
}

export interface RiskMonitorSettings {
  readonly bucket_minutes: number;
  readonly reversal_window_minutes: number;
  readonly days_kept: number;
  readonly alerts_kept: number;
  readonly flow_thresholds: readonly FlowThreshold[];
  readonly exposure_limits: readonly ExposureLimit[];
  /** Parts per 10^8, null when off. */
  readonly holding_share_e8: number | null;
  readonly turnover_share_e8: number | null;
  readonly turnover_trades_min: number;
  readonly top_n: number;
}

/** Bounds of the settings (docs/risk-monitor.md §5). */
export const MONITOR_SETTING_LIMITS = {
  bucket_minutes: [1, 5] as const,
  reversal_window_minutes_max: 720,
  days_kept_max: 366,
  alerts_kept_max: 1_000_000,
  exposure_limits_max: 65_536,
  top_n_max: 1_000,
  turnover_trades_min_max: 1_000_000,
} as const;

const SHARE_ONE_E8 = 100_000_000;
const SHARE_PATTERN = /^(0|1)(\.(\d{1,8}))?$/;
const INTEGER_PATTERN = /^-?\d{1,38}$/;
const PARTICIPANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The defaults: no thresholds, 5-minute buckets, a 30-minute reversal window. */
export const DEFAULT_MONITOR_SETTINGS: RiskMonitorSettings = Object.freeze({
  bucket_minutes: 5,
  reversal_window_minutes: 30,
  days_kept: 10,
  alerts_kept: 10_000,
  flow_thresholds: [],
  exposure_limits: [],
  holding_share_e8: null,
  turnover_share_e8: null,
  turnover_trades_min: 20,
  top_n: 10,
});

/** Checks `input` and returns the monitor's settings, or the first problem with a stable code. */
export function riskMonitorSettings(
  input: RiskMonitorSettingsInput = {},
): Outcome<RiskMonitorSettings> {
  const d = DEFAULT_MONITOR_SETTINGS;
  const bucket_minutes = input.bucket_minutes ?? d.bucket_minutes;
  if (!(MONITOR_SETTING_LIMITS.bucket_minutes as readonly number[]).includes(bucket_minutes)) {
    return reject('RISK_BUCKET_INVALID', 'Intraday buckets are 1 or 5 minutes', {
      bucket_minutes,
    });
  }
  const window = input.reversal_window_minutes ?? d.reversal_window_minutes;
  const window_max = MONITOR_SETTING_LIMITS.reversal_window_minutes_max;
  if (!Number.isInteger(window) || window <= 0 || window > window_max) {
    return reject(
      'RISK_WINDOW_INVALID',
      `The reversal window is a whole number of minutes from 1 to ${window_max}`,
      { reversal_window_minutes: window },
    );
  }
  if (window % bucket_minutes !== 0) {
    return reject(
      'RISK_WINDOW_INVALID',
      `The reversal window is a whole number of ${bucket_minutes}-minute buckets`,
      { reversal_window_minutes: window, bucket_minutes },
    );
  }
  const counts = checkCounts(input);
  if (!counts.ok) return counts;
  const flows = flowThresholds(input.flow_thresholds ?? []);
  if (!flows.ok) return flows;
  const limits = exposureLimits(input.exposure_limits ?? []);
  if (!limits.ok) return limits;
  const holding = share('holding_share', input.holding_share ?? null);
  if (!holding.ok) return holding;
  const turnover = share('turnover_share', input.turnover_share ?? null);
  if (!turnover.ok) return turnover;
  return accept(
    Object.freeze({
      bucket_minutes,
      reversal_window_minutes: window,
      ...counts.value,
      flow_thresholds: flows.value,
      exposure_limits: limits.value,
      holding_share_e8: holding.value,
      turnover_share_e8: turnover.value,
    }),
  );
}

function checkCounts(input: RiskMonitorSettingsInput): Outcome<{
  days_kept: number;
  alerts_kept: number;
  turnover_trades_min: number;
  top_n: number;
}> {
  const d = DEFAULT_MONITOR_SETTINGS;
  const l = MONITOR_SETTING_LIMITS;
  const values = {
    days_kept: input.days_kept ?? d.days_kept,
    alerts_kept: input.alerts_kept ?? d.alerts_kept,
    turnover_trades_min: input.turnover_trades_min ?? d.turnover_trades_min,
    top_n: input.top_n ?? d.top_n,
  };
  const bounds: ReadonlyArray<readonly [keyof typeof values, number, number]> = [
    ['days_kept', 0, l.days_kept_max],
    ['alerts_kept', 1, l.alerts_kept_max],
    ['turnover_trades_min', 1, l.turnover_trades_min_max],
    ['top_n', 1, l.top_n_max],
  ];
  for (const [name, min, max] of bounds) {
    const value = values[name];
    if (!Number.isInteger(value) || value < min || value > max) {
      return reject('RISK_SETTING_INVALID', `${name} is a whole number from ${min} to ${max}`, {
        setting: name,
        value,
      });
    }
  }
  return accept(values);
}

function flowThresholds(inputs: readonly FlowThresholdInput[]): Outcome<FlowThreshold[]> {
  const seen = new Set<string>();
  const out: FlowThreshold[] = [];
  for (const [index, t] of inputs.entries()) {
    const where = { index, link: t.link, direction: t.direction, currency: t.currency };
    if (!MONITOR_LINKS.includes(t.link) || !FLOW_DIRECTIONS.includes(t.direction)) {
      return reject('RISK_SETTING_INVALID', 'A flow threshold names a link and a direction', where);
    }
    if (!CURRENCY_CODES.includes(t.currency)) {
      return reject('RISK_SETTING_INVALID', `${String(t.currency)} is not a currency`, where);
    }
    const key = `${t.link}/${t.direction}/${t.currency}`;
    if (seen.has(key)) {
      return reject('RISK_THRESHOLD_DUPLICATE', `Two thresholds for ${key}`, where);
    }
    seen.add(key);
    const outflow = level('outflow_level_minor', t.outflow_level_minor ?? null, where);
    if (!outflow.ok) return outflow;
    const reversal = level('reversal_level_minor', t.reversal_level_minor ?? null, where);
    if (!reversal.ok) return reversal;
    out.push(
      Object.freeze({
        link: t.link,
        direction: t.direction,
        currency: t.currency,
        outflow_level_minor: outflow.value,
        reversal_level_minor: reversal.value,
      }),
    );
  }
  return accept(out);
}

function exposureLimits(inputs: readonly ExposureLimitInput[]): Outcome<ExposureLimit[]> {
  const max = MONITOR_SETTING_LIMITS.exposure_limits_max;
  if (inputs.length > max) {
    return reject('RISK_SETTING_INVALID', `At most ${max} exposure limits`, {
      count: inputs.length,
      maximum: max,
    });
  }
  const seen = new Set<string>();
  const out: ExposureLimit[] = [];
  for (const [index, l] of inputs.entries()) {
    const where = { index, participant: l.participant, currency: l.currency, measure: l.measure };
    if (l.participant !== null && !PARTICIPANT_PATTERN.test(l.participant)) {
      return reject(
        'RISK_SETTING_INVALID',
        'A limit names a participant id, or null for all',
        where,
      );
    }
    if (!CURRENCY_CODES.includes(l.currency) || !EXPOSURE_MEASURES.includes(l.measure)) {
      return reject('RISK_SETTING_INVALID', 'A limit names a currency and a measure', where);
    }
    const key = `${l.participant ?? ''}/${l.currency}/${l.measure}`;
    if (seen.has(key)) {
      return reject(
        'RISK_THRESHOLD_DUPLICATE',
        'Two limits for one participant and measure',
        where,
      );
    }
    seen.add(key);
    const limit = level('limit_minor', l.limit_minor, where);
    if (!limit.ok) return limit;
    if (limit.value === null) return reject('RISK_THRESHOLD_INVALID', 'A limit is required', where);
    const { participant, currency, measure } = l;
    out.push(Object.freeze({ participant, currency, measure, limit_minor: limit.value }));
  }
  return accept(out);
}

/** A level in minor units: zero or more, an integer (a bigint or its decimal string). */
function level(
  name: string,
  value: bigint | string | null,
  where: Readonly<Record<string, unknown>>,
): Outcome<bigint | null> {
  if (value === null) return accept(null);
  const parsed =
    typeof value === 'bigint' ? value : INTEGER_PATTERN.test(value) ? BigInt(value) : null;
  if (parsed === null || parsed < 0n) {
    return reject('RISK_THRESHOLD_INVALID', `${name} is a whole amount in minor units, 0 or more`, {
      ...where,
      [name]: String(value),
    });
  }
  return accept(parsed);
}

/** A share in (0, 1] as a decimal string, to parts per 10^8 exactly. */
function share(name: string, value: string | null): Outcome<number | null> {
  if (value === null) return accept(null);
  const match = typeof value === 'string' ? SHARE_PATTERN.exec(value) : null;
  const e8 =
    match === null
      ? -1
      : Number(match[1]) * SHARE_ONE_E8 + Number((match[3] ?? '').padEnd(8, '0') || '0');
  if (e8 <= 0 || e8 > SHARE_ONE_E8) {
    return reject('RISK_THRESHOLD_INVALID', `${name} is a share above 0 and at most 1`, {
      setting: name,
      value: String(value),
    });
  }
  return accept(e8);
}

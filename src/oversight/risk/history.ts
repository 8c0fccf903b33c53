/**
 * The door of the margin model: its settings and the return history it reads.
 * @module
 */

import { accept, type Outcome, type Rejection, reject } from '../../kernel/index.js';
import type { MarginSettings, Portfolio, ReturnHistory } from './types.js';

/**
 * 99 % over 250 days: PFMI Principle 6 asks for at least 99 % one-tailed; EMIR RTS 153/2013
 * Art. 24 sets 99 % for instruments other than OTC derivatives (99.5 % for those) and Art. 25 a
 * look-back of at least the latest 12 months (about 250 business days). docs/risk.md §3.
 */
export const DEFAULT_MARGIN_SETTINGS: MarginSettings = {
  confidence_ppm: 990_000,
  window_days: 250,
  level: 'account',
};

export const HISTORY_DAYS_MAX = 10_000;
const RETURN_MIN_BP = -10_000; // a price cannot fall below nought
const RETURN_MAX_BP = 100_000; // +1,000 % in a day bounds any data error that would pass

export function settingsProblem(
  settings: MarginSettings,
  history: ReturnHistory,
): Rejection | undefined {
  const c = settings.confidence_ppm;
  if (!Number.isInteger(c) || c <= 0 || c >= 1_000_000) {
    return reject(
      'RISK_CONFIDENCE_OUT_OF_RANGE',
      'Confidence must be strictly between 0 and 1, in whole parts per million (99 % is 990000)',
      { confidence_ppm: c },
    );
  }
  if (settings.level !== 'account' && settings.level !== 'member') {
    return reject('RISK_SETTING_INVALID', 'The margin level must be account or member', {
      level: String(settings.level),
    });
  }
  const w = settings.window_days;
  if (!Number.isInteger(w) || w < 1) {
    return reject('RISK_SETTING_INVALID', 'The window must be a whole number of days, at least 1', {
      window_days: w,
    });
  }
  if (w > history.days) {
    return reject(
      'RISK_WINDOW_TOO_LONG',
      `The window of ${w} days is longer than the ${history.days} days of history`,
      { window_days: w, history_days: history.days },
    );
  }
  return undefined;
}

/** Checks the history's shape and every return against the portfolio it will be applied to. */
export function historyProblem(
  history: ReturnHistory,
  portfolio: Portfolio,
): Rejection | undefined {
  const { days } = history;
  if (!Number.isInteger(days) || days < 1 || days > HISTORY_DAYS_MAX) {
    return invalid(`The history must have from 1 to ${HISTORY_DAYS_MAX} days`, { days });
  }
  const instruments = portfolio.instrument_ids.length;
  if (history.returns_bp.length !== instruments * days) {
    return invalid('The history needs one return per instrument and day', {
      expected: instruments * days,
      given: history.returns_bp.length,
    });
  }
  const bad = firstBadReturn(history.returns_bp);
  if (bad >= 0) {
    const instrument = portfolio.instrument_ids[Math.floor(bad / days)];
    return invalid(
      `Instrument ${instrument}, day ${bad % days}: a return is not from −100 % to +1,000 %`,
      {
        instrument,
        day: bad % days,
      },
    );
  }
  for (const [code, series] of history.fx_returns_bp ?? new Map()) {
    if (!portfolio.fx.index.has(code) || code === 'HKD') {
      return invalid(
        `FX history for ${code}, which is not a currency of the portfolio other than HKD`,
        { currency: code },
      );
    }
    if (series.length !== days || firstBadReturn(series) >= 0) {
      return invalid(`FX history for ${code} needs one move per day from −100 % to +1,000 %`, {
        currency: code,
      });
    }
  }
  return undefined;
}

function firstBadReturn(returns: Float64Array): number {
  for (let k = 0; k < returns.length; k += 1) {
    const r = returns[k] as number;
    if (!(r >= RETURN_MIN_BP && r <= RETURN_MAX_BP)) return k; // also catches NaN
  }
  return -1;
}

function invalid(message: string, details: Record<string, unknown>): Rejection {
  return reject('RISK_HISTORY_INVALID', message, details);
}

export function checked(
  history: ReturnHistory,
  portfolio: Portfolio,
  settings: MarginSettings,
): Outcome<true> {
  const problem = settingsProblem(settings, history) ?? historyProblem(history, portfolio);
  return problem ?? accept(true);
}

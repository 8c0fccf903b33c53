/**
 * The Southbound Bond Connect quota: net outflow capped at RMB 500 bn a year and RMB 20 bn a day,
 * QDII/RQDII investment exempt, no per-investor quota (PBOC notice of 14 Sep 2021;
 * connect-rules.md §2.1). The public sources give the caps, not the bookkeeping; the formula
 * below is Hutong's, stated in docs/bonds.md §4:
 *
 *   daily balance  = daily quota  − Σ today's buy trades + Σ today's sell trades
 *                                 + Σ releases today of trades booked today
 *   annual balance = annual quota − Σ this year's buys  + Σ this year's sells
 *                                 + Σ releases this year of trades booked this year
 *
 * - Outflow is a Southbound buy trade (a Mainland investor buys an offshore bond), inflow a
 *   Southbound sell trade, each at its settlement amount (dirty: price plus accrued interest)
 *   in RMB equivalent. Coupons and redemptions are not flows of the quota.
 * - A buy consumes when the trade is concluded (an RFQ quote accepted), not when the RFQ is
 *   requested. A sell releases when concluded. A concluded trade that is cancelled or finally
 *   fails is released: on both balances if booked the same day, on the annual one only if
 *   booked earlier in the year (a past day's quota is spent), on neither if booked last year.
 * - Exhaustion: a buy that does not fit in both balances is refused whole, so the caps are never
 *   exceeded (unlike Stock Connect, whose exhausting order is accepted). Sells are always
 *   accepted, and as they restore the balance buys fit again: RFQ trading has no auction phases
 *   that would close buying for the day. Only the release of a failed sell can take a balance
 *   below zero (the inflow never happened); buys are then refused until sells restore it.
 * - Non-RMB amounts (HKD, USD, EUR) convert at the day's reference rate: buys round up
 *   (consumption is never understated), sells round down.
 * - QDII/RQDII trades are exempt: checked and recorded, never counted.
 *
 * Pure state and functions: the date arrives with each call; nothing reads a clock.
 * @module
 */

import {
  accept,
  convertMinor,
  type Outcome,
  type Rate,
  type Rejection,
  reject,
} from '../kernel/index.js';

/** RMB 500 bn a year, in fen. */
export const SB_BOND_ANNUAL_QUOTA_MINOR = 500_000_000_000_00n;
/** RMB 20 bn a day, in fen. */
export const SB_BOND_DAILY_QUOTA_MINOR = 20_000_000_000_00n;
/** Published as "sufficient" while at least 30 % of the daily quota remains (as Stock Connect). */
export const SB_BOND_DISCLOSURE_PERMILLE = 300n;
const TRADES_MAX = 1_000_000;

export type SouthboundChannel = 'bond_connect' | 'qdii' | 'rqdii';
export type SouthboundSettlementCurrency = 'CNY' | 'CNH' | 'HKD' | 'USD' | 'EUR';
const CHANNELS: readonly string[] = ['bond_connect', 'qdii', 'rqdii'];
/** The 2025 measure's settlement currencies: RMB (onshore or offshore), HKD, USD, EUR. */
const CURRENCIES: readonly string[] = ['CNY', 'CNH', 'HKD', 'USD', 'EUR'];

/** A concluded Southbound bond trade, as the quota sees it. */
export interface SouthboundBondTrade {
  readonly trade_id: string;
  /** The trade date (ISO): must be the quota's current day. */
  readonly date: string;
  /** Buy = the Mainland investor buys (outflow); sell = inflow. */
  readonly side: 'buy' | 'sell';
  readonly channel: SouthboundChannel;
  readonly currency: SouthboundSettlementCurrency;
  /** Settlement amount (clean consideration plus accrued interest), minor units of currency. */
  readonly amount_minor: bigint;
}

/** Reference rates: RMB per unit of each foreign settlement currency. */
export type QuotaFxRates = Readonly<Partial<Record<'HKD' | 'USD' | 'EUR', Rate>>>;

interface BookedTrade {
  readonly date: string;
  readonly side: 'buy' | 'sell';
  /** RMB fen counted; 0 for an exempt trade. */
  readonly rmb_minor: bigint;
}

export interface SouthboundBondQuotaState {
  date: string;
  annual_quota_minor: bigint;
  daily_quota_minor: bigint;
  /** Today's terms. */
  day_buys_minor: bigint;
  day_sells_minor: bigint;
  day_released_minor: bigint;
  /** This year's terms. */
  year_buys_minor: bigint;
  year_sells_minor: bigint;
  year_released_minor: bigint;
  /** Exempt (QDII/RQDII) flows today, reported, never counted. */
  day_exempt_minor: bigint;
  fx: QuotaFxRates;
  /** Trades booked this year, by id, for release. */
  readonly trades: Map<string, BookedTrade>;
}

export function createSouthboundBondQuota(
  date: string,
  annual_quota_minor = SB_BOND_ANNUAL_QUOTA_MINOR,
  daily_quota_minor = SB_BOND_DAILY_QUOTA_MINOR,
): SouthboundBondQuotaState {
  return {
    date,
    annual_quota_minor,
    daily_quota_minor,
    day_buys_minor: 0n,
    day_sells_minor: 0n,
    day_released_minor: 0n,
    year_buys_minor: 0n,
    year_sells_minor: 0n,
    year_released_minor: 0n,
    day_exempt_minor: 0n,
    fx: {},
    trades: new Map(),
  };
}

/** Starts a quota day: today's terms reset; a new calendar year resets the annual terms too. */
export function startSouthboundBondQuotaDay(
  state: SouthboundBondQuotaState,
  date: string,
  fx: QuotaFxRates,
): void {
  if (date.slice(0, 4) !== state.date.slice(0, 4)) {
    state.year_buys_minor = 0n;
    state.year_sells_minor = 0n;
    state.year_released_minor = 0n;
    state.trades.clear();
  }
  state.date = date;
  state.fx = fx;
  state.day_buys_minor = 0n;
  state.day_sells_minor = 0n;
  state.day_released_minor = 0n;
  state.day_exempt_minor = 0n;
}

export function dailyBalance(s: SouthboundBondQuotaState): bigint {
  return s.daily_quota_minor - s.day_buys_minor + s.day_sells_minor + s.day_released_minor;
}

export function annualBalance(s: SouthboundBondQuotaState): bigint {
  return s.annual_quota_minor - s.year_buys_minor + s.year_sells_minor + s.year_released_minor;
}

/** The trade's amount in RMB fen, rounded against the investor's side of the cap. */
function rmbAmount(state: SouthboundBondQuotaState, trade: SouthboundBondTrade): Outcome<bigint> {
  if (trade.currency === 'CNY' || trade.currency === 'CNH') return accept(trade.amount_minor);
  const rate = state.fx[trade.currency];
  if (rate === undefined) {
    return reject('SB_BOND_FX_RATE_MISSING', 'No reference rate for the settlement currency', {
      currency: trade.currency,
      date: state.date,
    });
  }
  const mode = trade.side === 'buy' ? 'ceil' : 'floor';
  return accept(convertMinor(trade.amount_minor, rate, 2, 2, mode));
}

function checkShape(
  state: SouthboundBondQuotaState,
  trade: SouthboundBondTrade,
): Rejection | undefined {
  const valid =
    (trade.side === 'buy' || trade.side === 'sell') &&
    CHANNELS.includes(trade.channel) &&
    CURRENCIES.includes(trade.currency);
  if (!valid) {
    return reject(
      'SB_BOND_TRADE_INVALID',
      'The side, channel or currency is not one the quota knows',
      {
        side: trade.side,
        channel: trade.channel,
        currency: trade.currency,
      },
    );
  }
  if (typeof trade.amount_minor !== 'bigint' || trade.amount_minor <= 0n) {
    return reject('SB_BOND_AMOUNT_INVALID', 'The settlement amount must be positive', {
      amount_minor: trade.amount_minor,
    });
  }
  if (trade.date !== state.date) {
    return reject('SB_BOND_DAY_MISMATCH', 'The trade is not dated on the quota day', {
      trade_date: trade.date,
      quota_date: state.date,
    });
  }
  if (state.trades.has(trade.trade_id)) {
    return reject('SB_BOND_TRADE_DUPLICATE', 'This trade has already been counted', {
      trade_id: trade.trade_id,
    });
  }
  if (state.trades.size >= TRADES_MAX) {
    return reject('SB_BOND_QUOTA_TRADES_FULL', 'The quota cannot record more trades this year', {
      trades_max: TRADES_MAX,
    });
  }
  return undefined;
}

/** What a trade would do to the quota: the RMB amount counted (0 if exempt). Changes nothing. */
export function checkSouthboundBondTrade(
  state: SouthboundBondQuotaState,
  trade: SouthboundBondTrade,
): Outcome<bigint> {
  const refused = checkShape(state, trade);
  if (refused !== undefined) return refused;
  const rmb = rmbAmount(state, trade);
  if (!rmb.ok) return rmb;
  if (trade.channel !== 'bond_connect' || trade.side === 'sell') return rmb;
  const daily = dailyBalance(state);
  if (rmb.value > daily) {
    return reject('SB_BOND_DAILY_QUOTA_EXCEEDED', 'The trade exceeds the daily quota balance', {
      rmb_minor: rmb.value,
      daily_balance_minor: daily,
    });
  }
  const annual = annualBalance(state);
  if (rmb.value > annual) {
    return reject('SB_BOND_ANNUAL_QUOTA_EXCEEDED', 'The trade exceeds the annual quota balance', {
      rmb_minor: rmb.value,
      annual_balance_minor: annual,
    });
  }
  return rmb;
}

/** Counts a concluded trade, or refuses it and changes nothing. Returns the RMB amount counted. */
export function applySouthboundBondTrade(
  state: SouthboundBondQuotaState,
  trade: SouthboundBondTrade,
): Outcome<bigint> {
  const checked = checkSouthboundBondTrade(state, trade);
  if (!checked.ok) return checked;
  const exempt = trade.channel !== 'bond_connect';
  const rmb_minor = exempt ? 0n : checked.value;
  if (exempt) state.day_exempt_minor += checked.value;
  else if (trade.side === 'buy') {
    state.day_buys_minor += rmb_minor;
    state.year_buys_minor += rmb_minor;
  } else {
    state.day_sells_minor += rmb_minor;
    state.year_sells_minor += rmb_minor;
  }
  state.trades.set(trade.trade_id, { date: trade.date, side: trade.side, rmb_minor });
  return accept(rmb_minor);
}

/**
 * Releases a concluded trade that was cancelled or finally failed: its effect is undone on the
 * balances it still belongs to (see the module note). A trade is released at most once.
 */
export function releaseSouthboundBondTrade(
  state: SouthboundBondQuotaState,
  trade_id: string,
): Outcome<bigint> {
  const booked = state.trades.get(trade_id);
  if (booked === undefined) {
    return reject('SB_BOND_TRADE_UNKNOWN', 'No counted trade this year has this id', { trade_id });
  }
  const sign = booked.side === 'buy' ? 1n : -1n;
  const delta = sign * booked.rmb_minor;
  state.trades.delete(trade_id);
  state.year_released_minor += delta;
  if (booked.date === state.date) state.day_released_minor += delta;
  return accept(delta);
}

/** What is published: the balances, and whether the daily one is shown or "sufficient". */
export interface SouthboundBondQuotaReport {
  readonly date: string;
  readonly daily_quota_minor: bigint;
  readonly daily_balance_minor: bigint;
  readonly annual_quota_minor: bigint;
  readonly annual_balance_minor: bigint;
  readonly exempt_today_minor: bigint;
  /** "sufficient" while ≥ 30 % of the daily quota remains; otherwise the balance is shown. */
  readonly daily_status: 'sufficient' | 'balance_shown';
}

export function southboundBondQuotaReport(s: SouthboundBondQuotaState): SouthboundBondQuotaReport {
  const daily = dailyBalance(s);
  const sufficient = daily * 1000n >= s.daily_quota_minor * SB_BOND_DISCLOSURE_PERMILLE;
  return {
    date: s.date,
    daily_quota_minor: s.daily_quota_minor,
    daily_balance_minor: daily,
    annual_quota_minor: s.annual_quota_minor,
    annual_balance_minor: annualBalance(s),
    exempt_today_minor: s.day_exempt_minor,
    daily_status: sufficient ? 'sufficient' : 'balance_shown',
  };
}

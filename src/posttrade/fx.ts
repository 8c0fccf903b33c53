/**
 * Southbound settlement rates. After the close ChinaClear publishes a buy and a sell settlement
 * rate (RMB per HKD) for the day's southbound trades; investors' RMB amounts are their HKD
 * amounts at those rates, and ChinaClear's net HKD is exchanged with the FX bank PvP inside the
 * settlement batch (net_positions.ts). Rates are final once published.
 * @module
 */

import { accept, isIsoDate, type Outcome, parseRate } from '../kernel/index.js';
import { refuse } from './codes.js';
import { POSTTRADE_LIMITS } from './limits.js';
import type { PosttradeState, SettlementRate } from './state.js';

/** `posttrade.set_settlement_rate`. */
export interface SettlementRateInput {
  readonly trade_date: string;
  /** RMB per HKD applied to investors' buys, as published ("0.91234"). */
  readonly buy_rate: string;
  /** RMB per HKD applied to investors' sells; not above the buy rate. */
  readonly sell_rate: string;
}

/** Records a trade date's settlement rates, or refuses them and changes nothing. */
export function setSettlementRate(
  state: PosttradeState,
  input: SettlementRateInput,
): Outcome<SettlementRate> {
  if (!isIsoDate(input.trade_date)) {
    return invalid('trade_date', 'is not YYYY-MM-DD', input.trade_date);
  }
  const buy = parseRate(input.buy_rate);
  if (buy === undefined) return invalid('buy_rate', 'is not a positive decimal', input.buy_rate);
  const sell = parseRate(input.sell_rate);
  if (sell === undefined) return invalid('sell_rate', 'is not a positive decimal', input.sell_rate);
  if (buy.numerator * sell.denominator < sell.numerator * buy.denominator) {
    return invalid('sell_rate', 'is above the buy rate', input.sell_rate);
  }
  if (state.settlement_rates.has(input.trade_date)) {
    return refuse('SETTLEMENT_RATE_ALREADY_SET', `Rates for ${input.trade_date} are published`, {
      trade_date: input.trade_date,
    });
  }
  if (state.settlement_rates.size >= POSTTRADE_LIMITS.settlement_rates_max) {
    return refuse('SETTLEMENT_RATES_FULL', 'Posttrade holds the maximum number of rate days', {
      maximum: POSTTRADE_LIMITS.settlement_rates_max,
    });
  }
  const rate: SettlementRate = {
    trade_date: input.trade_date,
    buy_rate: input.buy_rate,
    sell_rate: input.sell_rate,
    buy_numerator: buy.numerator,
    buy_denominator: buy.denominator,
    sell_numerator: sell.numerator,
    sell_denominator: sell.denominator,
  };
  state.settlement_rates.set(rate.trade_date, rate);
  return accept(rate);
}

function invalid(field: string, problem: string, value: string) {
  return refuse('SETTLEMENT_RATE_INVALID', `Settlement rate ${field} ${problem}`, {
    field,
    value,
  });
}

/**
 * The bond trade an accepted quote concludes, with its money: clean consideration, accrued
 * interest to the settlement date and the settlement amount, each rounding named; and, for a
 * Southbound trade, what it does to the Southbound bond quota.
 * @module
 */

import { accruedInterestMinor } from '../../bonds/index.js';
import { accept, dayNumber, divRound, type Outcome } from '../../kernel/index.js';
import type { RfqTrade } from '../../market/rfq/index.js';
import type { BondDirection } from '../../protocol/bonds.js';
import {
  checkSouthboundBondTrade,
  type SouthboundBondTrade,
  type SouthboundChannel,
  type SouthboundSettlementCurrency,
} from '../../rules/index.js';
import type { BondRecord, BondsState } from './state.js';

/** Face × price: the price is per 100 face in 10^-8, so divide by 100 × 10^8. */
const PRICE_DIVISOR = 10_000_000_000n;

/** The `bond_trade` event's record. */
export interface BondTrade extends RfqTrade {
  readonly direction: BondDirection;
  readonly currency: string;
  readonly trade_date: string;
  readonly settlement_date: string;
  /** Face × clean price, rounded half up to the minor unit. */
  readonly clean_consideration_minor: bigint;
  /** Accrued interest on the face to the settlement date (src/bonds, half up). */
  readonly accrued_minor: bigint;
  readonly settlement_amount_minor: bigint;
  /**
   * What the buyer pays: in the bond's currency, or Southbound in the chosen settlement currency
   * at the requester's `fx_rate_e8` (0 when the currencies are the same), half up.
   */
  readonly settlement_currency: string;
  readonly fx_rate_e8: bigint;
  readonly settlement_currency_amount_minor: bigint;
  /** Southbound only: the channel, and the RMB fen the quota counted (0 if exempt). */
  readonly southbound_channel: SouthboundChannel | null;
  readonly quota_rmb_minor: bigint;
  /** The trade's id in settlement (posttrade's instructions carry it). */
  readonly settlement_trade_id: string;
}

export interface TradeMoney {
  readonly clean_consideration_minor: bigint;
  readonly accrued_minor: bigint;
  readonly settlement_amount_minor: bigint;
}

/**
 * The money of a trade of `face_minor` at a clean price, settling on `settlement_date`; a
 * floating bond accrues at `fixing_e12`, the fixing in force for the settlement date's period.
 */
export function tradeMoney(
  bond: BondRecord,
  face_minor: bigint,
  clean_px_e8: bigint,
  settlement_date: string,
  fixing_e12: bigint | undefined,
): Outcome<TradeMoney> {
  const day = dayNumber(settlement_date);
  const accrued = accruedInterestMinor(bond.schedule, day, face_minor, fixing_e12);
  if (!accrued.ok) return accrued;
  const clean = divRound(face_minor * clean_px_e8, PRICE_DIVISOR, 'half_up');
  return accept({
    clean_consideration_minor: clean,
    accrued_minor: accrued.value,
    settlement_amount_minor: clean + accrued.value,
  });
}

/** What a trade record adds to the RFQ trade, besides its money. */
export interface TradeTerms {
  readonly direction: BondDirection;
  readonly currency: string;
  readonly trade_date: string;
  readonly settlement_date: string;
  readonly southbound_channel: SouthboundChannel | null;
  readonly quota_rmb_minor: bigint;
  readonly settlement_trade_id: string;
}

/**
 * The record of a trade settled in the bond's own currency (closing orders and imported trades;
 * multi-currency settlement is an RFQ acceptance's choice, docs/bonds.md §8.8).
 */
export function tradeInBondCurrency(
  trade: RfqTrade,
  terms: TradeTerms,
  money: TradeMoney,
): BondTrade {
  return {
    ...trade,
    ...terms,
    ...money,
    settlement_currency: terms.currency,
    fx_rate_e8: 0n,
    settlement_currency_amount_minor: money.settlement_amount_minor,
  };
}

/** The quota's view of a Southbound trade: the Mainland investor's side. */
export function quotaTrade(
  trade_id: string,
  investor_buys: boolean,
  channel: SouthboundChannel,
  currency: string,
  trade_date: string,
  amount_minor: bigint,
): SouthboundBondTrade {
  return {
    trade_id,
    date: trade_date,
    side: investor_buys ? 'buy' : 'sell',
    channel,
    currency: currency as SouthboundSettlementCurrency,
    amount_minor,
  };
}

/** Whether the quota takes the trade (changes nothing). */
export function checkQuota(state: BondsState, trade: SouthboundBondTrade): Outcome<bigint> {
  return checkSouthboundBondTrade(state.quota, trade);
}

/**
 * A concluded bond trade handed to posttrade (the existing settlement engine; no second one):
 * one bilateral DvP instruction, seller → buyer, on the holders' accounts at the ends of their
 * nominee chains (src/hub/accounts.ts), in posttrade's `interbank` stream (CIBM bonds,
 * Northbound) or `cmu_rfq` stream (CMU bonds, Southbound), for the settlement amount (clean
 * consideration plus accrued interest) on the agreed settlement date. Settlement
 * at the trade date settles gross at once; a later date waits for the day's bilateral cycle.
 * A capture posttrade refuses does not undo the trade (the trade was concluded at acceptance,
 * as in the market's path): it is published as `settlement_capture_failed` for the operator.
 * @module
 */

import { captureTrade, type TradeForSettlement } from '../../posttrade/index.js';
import type { CurrencyCode } from '../../reference/index.js';
import { releaseSouthboundBondTrade } from '../../rules/index.js';
import type { EventSink } from '../events.js';
import { posttradeEnv } from '../settlement.js';
import type { HubState } from '../state.js';
import type { BondTrade } from './trade.js';

/** Settlement's trade id of the bond trade concluded by the command `seq` (one per command). */
export function settlementTradeId(seq: number): string {
  return `BOND:${seq}`;
}

/** The participant that settles for an owner: an investor's broker, or the party itself. */
function participantOf(state: HubState, owner: string): string {
  return state.reference.investors.get(owner)?.broker ?? owner;
}

function tradeForSettlement(
  state: HubState,
  trade: BondTrade,
  settlement_trade_id: string,
  face_value_minor: bigint,
): TradeForSettlement | undefined {
  const security = state.reference.securities.get(trade.security_id);
  if (security === undefined) return undefined;
  if (security.market !== 'CMU' && security.market !== 'CIBM') return undefined;
  return {
    trade_id: settlement_trade_id,
    instrument: trade.security_id,
    market: security.market,
    price_units: Number(trade.px_e8),
    quantity_units: Number(trade.quantity_minor / face_value_minor),
    buyer: trade.buyer,
    seller: trade.seller,
    buyer_participant: participantOf(state, trade.buyer),
    seller_participant: participantOf(state, trade.seller),
    buy_route: 'rfq',
    sell_route: 'rfq',
    buy_venue: 'RFQ',
    sell_venue: 'RFQ',
    timestamp_us: trade.transact_time_us,
    trade_date: trade.trade_date,
    currency: trade.settlement_currency as CurrencyCode,
    price_scale: 8,
    face_value_minor,
    cash_minor: trade.settlement_currency_amount_minor,
    settlement_date: trade.settlement_date,
  };
}

/** Captures the trade for settlement; a refusal is published, the trade stands. */
export function captureBondTrade(
  state: HubState,
  trade: BondTrade,
  settlement_trade_id: string,
  face_value_minor: bigint,
  sink: EventSink,
): void {
  const input = tradeForSettlement(state, trade, settlement_trade_id, face_value_minor);
  const outcome =
    input === undefined
      ? null
      : captureTrade(state.posttrade, posttradeEnv(state, sink, trade.transact_time_us), input);
  if (outcome?.ok) return;
  sink.emit({
    type: 'settlement_capture_failed',
    trade_id: settlement_trade_id,
    code: outcome === null ? 'BOND_SETTLEMENT_UNSUPPORTED' : outcome.code,
    message:
      outcome === null
        ? 'Only bonds held in CMU or at CCDC/SHCH (CIBM) settle through the hub'
        : outcome.message,
  });
}

/**
 * After posttrade cancelled instructions: a cancelled Southbound bond trade gives its quota back
 * (releaseSouthboundBondTrade: both balances if booked today, the annual one if earlier this
 * year, neither if last year, when the quota no longer knows it).
 */
export function releaseCancelledBondTrades(
  state: HubState,
  instruction_ids: readonly string[],
  sink: EventSink,
): void {
  for (const id of instruction_ids) {
    const trade_id = state.posttrade.instructions.get(id)?.trade_id;
    if (trade_id === undefined || !state.bonds.quota.trades.has(trade_id)) continue;
    const released = releaseSouthboundBondTrade(state.bonds.quota, trade_id);
    if (!released.ok) continue;
    sink.emit({ type: 'bond_quota_released', trade_id, rmb_minor: released.value });
  }
}

/**
 * After a cycle closed instructions as final fails (the re-settlement window of the `interbank`
 * and `cmu_rfq` streams ended, docs/bonds.md §8.8): each bond trade's fail is published
 * (`bond_settlement_final_fail`) and a Southbound trade's quota released, as on a cancel.
 */
export function closeBondFinalFails(
  state: HubState,
  instruction_ids: readonly string[],
  sink: EventSink,
): void {
  for (const id of instruction_ids) {
    const instruction = state.posttrade.instructions.get(id);
    if (instruction === undefined) continue;
    sink.emit({
      type: 'bond_settlement_final_fail',
      trade_id: instruction.trade_id,
      instruction_id: id,
      settlement_date: instruction.securities_date,
      fail_reason: instruction.fail_reason,
      failing_party: instruction.failing_party,
    });
  }
  releaseCancelledBondTrades(state, instruction_ids, sink);
}

/**
 * Settlement in the hub: the account resolver posttrade settles on (the hub's layout), trades
 * captured as they happen, the daily settlement cycles on the hub clock, and what the Connect
 * rules need from settlement (unsettled positions of earlier days).
 *
 * Cycles run at 17:00 local time, after both markets have closed and the operator has published
 * the day's Southbound settlement rates, one cycle per settlement system (ChinaClear, HKSCC and
 * bilateral), each the last of its day, and only on the system's business days: a group runs when
 * one of its streams' calendars is open, and inside it a stream whose calendar is closed waits.
 * @module
 */

import { addDays, marketDate, secondOfDay, timestampAt } from '../kernel/time.js';
import { OPERATOR_ACTOR } from '../ledger/index.js';
import {
  type AccountResolver,
  captureTrade,
  collectPenalties,
  defaultAccountId,
  type InstrumentLookup,
  isGroupSettlementDay,
  type PosttradeEnv,
  ResolvedAccounts,
  runCycle,
  type TradeForSettlement,
} from '../posttrade/index.js';
import type { CurrencyCode } from '../reference/index.js';
import { cashAccountId, csdOf, issuanceAccountId, securitiesAccountId } from './accounts.js';
import { closeBondFinalFails } from './bonds/capture.js';
import type { EventSink } from './events.js';
import type { TradeExecuted } from './market_events.js';
import type { HubState } from './state.js';

export const SETTLEMENT_GROUPS = ['CSDC', 'HKSCC', 'BILATERAL'] as const;
const CYCLE_AT = '17:00';
const CYCLE_SECOND = 17 * 3_600;

export function settlementResolver(state: HubState): AccountResolver {
  return {
    accountFor: (owner, asset, role) => {
      const security = state.reference.securities.get(asset);
      if (role === 'holding') {
        if (security === undefined) return cashAccountId(owner, asset);
        return securitiesAccountId(
          state.reference,
          owner,
          security,
          state.rules.channels.get(owner),
        );
      }
      if (role === 'issuance')
        return security === undefined
          ? issuanceAccountId(owner, asset)
          : issuanceAccountId(csdOf(security), asset);
      return defaultAccountId(owner, asset, role);
    },
  };
}

/** The resolver and the memo of its answers, one per hub state (not state: see resolved.ts). */
interface Resolution {
  readonly resolver: AccountResolver;
  readonly resolved: ResolvedAccounts;
}

const RESOLUTIONS = new WeakMap<HubState, Resolution>();

function resolutionOf(state: HubState): Resolution {
  let resolution = RESOLUTIONS.get(state);
  if (resolution === undefined) {
    resolution = { resolver: settlementResolver(state), resolved: new ResolvedAccounts() };
    RESOLUTIONS.set(state, resolution);
  }
  return resolution;
}

/**
 * Commands that change nothing an account's resolution reads (the reference, the Southbound
 * channels, the ledger's accounts): between them the memo of resolved accounts is kept.
 */
const ORDER_COMMANDS: ReadonlySet<string> = new Set([
  'market.submit_order',
  'market.cancel_order',
  'market.replace_order',
]);

export function isOrderCommand(type: string): boolean {
  return ORDER_COMMANDS.has(type);
}

/** Forgets the resolved accounts: the hub calls it whenever an answer could have changed. */
export function forgetResolvedAccounts(state: HubState): void {
  RESOLUTIONS.get(state)?.resolved.forget();
}

export function posttradeEnv(state: HubState, sink: EventSink, timestamp_us: number): PosttradeEnv {
  const resolution = resolutionOf(state);
  return {
    ledger: state.ledger,
    resolver: resolution.resolver,
    resolved: resolution.resolved,
    actor: OPERATOR_ACTOR,
    sink,
    events: sink,
    timestamp_us,
  };
}

export function instrumentLookup(state: HubState): InstrumentLookup {
  return (isin) => {
    const security = state.reference.securities.get(isin);
    if (security === undefined) return undefined;
    return {
      market: security.market,
      currency: security.currency as CurrencyCode,
      price_scale: security.price_scale,
    };
  };
}

/** A trade as settlement needs it: the event plus the trade date and the instrument's terms. */
export function tradeForSettlement(
  state: HubState,
  trade: TradeExecuted,
): TradeForSettlement | undefined {
  const security = state.reference.securities.get(trade.instrument);
  if (security === undefined) return undefined;
  return {
    trade_id: trade.trade_id,
    instrument: trade.instrument,
    market: security.market,
    price_units: trade.price_units,
    quantity_units: trade.quantity_units,
    buyer: trade.buyer,
    seller: trade.seller,
    buyer_participant: trade.buyer_participant,
    seller_participant: trade.seller_participant,
    buy_route: trade.buy_route,
    sell_route: trade.sell_route,
    buy_venue: trade.buy_venue,
    sell_venue: trade.sell_venue,
    timestamp_us: trade.timestamp_us,
    trade_date: marketDate(trade.timestamp_us),
    currency: security.currency as CurrencyCode,
    price_scale: security.price_scale,
  };
}

/** Captures a trade for settlement; a capture that fails is published for the operator. */
export function captureForSettlement(state: HubState, trade: TradeExecuted, sink: EventSink): void {
  const input = tradeForSettlement(state, trade);
  const outcome =
    input === undefined
      ? null
      : captureTrade(state.posttrade, posttradeEnv(state, sink, trade.timestamp_us), input);
  if (outcome === null || outcome.ok) return;
  sink.emit({
    type: 'settlement_capture_failed',
    trade_id: trade.trade_id,
    code: outcome.code,
    message: outcome.message,
  });
}

/**
 * Unsettled deliveries and receipts of earlier trade dates for an owner and security: what the
 * Connect rules add to settled holdings to know the owner's trade-date position.
 */
export function unsettledUnits(
  state: HubState,
  owner: string,
  instrument: string,
  before_date: string,
): number {
  let units = 0n;
  for (const open of state.posttrade.open.values()) {
    for (const instruction of open) {
      if (
        instruction.isin !== instrument ||
        instruction.securities_settled ||
        instruction.trade_date >= before_date
      )
        continue;
      if (instruction.receiver === owner) units += instruction.remaining_quantity_units;
      if (instruction.deliverer === owner) units -= instruction.remaining_quantity_units;
    }
  }
  return Number(units);
}

export function startSettlementClock(state: HubState, now_us: number): void {
  if (state.settlement_clock.next_us === 0) state.settlement_clock.next_us = nextCycleUs(now_us);
}

function nextCycleUs(after_us: number): number {
  const date = marketDate(after_us);
  return secondOfDay(after_us) < CYCLE_SECOND
    ? timestampAt(date, CYCLE_AT)
    : timestampAt(addDays(date, 1), CYCLE_AT);
}

/** The day's settlement cycles: each group settles what is due, fails accrue, penalties are collected. */
export function runDailyCycles(state: HubState, at_us: number, sink: EventSink): void {
  const date = marketDate(at_us);
  const env = posttradeEnv(state, sink, at_us);
  for (const group of SETTLEMENT_GROUPS) {
    if (!state.posttrade.open.has(group)) continue;
    // Weekends and holidays of every calendar the group settles in: no cycle, no penalty.
    if (!isGroupSettlementDay(state.posttrade.config, group, date)) continue;
    const outcome = runCycle(state.posttrade, env, {
      cycle_id: `${group}-${date}`,
      settlement_date: date,
      groups: [group],
      end_of_day: true,
    });
    if (!outcome.ok) {
      sink.emit({
        type: 'settlement_cycle_refused',
        group,
        date,
        code: outcome.code,
        message: outcome.message,
      });
    } else {
      const { buy_ins_due, final_fails } = outcome.value;
      if (buy_ins_due.length > 0) {
        sink.emit({ type: 'buy_ins_due', group, date, instruction_ids: buy_ins_due });
      }
      closeBondFinalFails(state, final_fails, sink);
    }
  }
  const collected = collectPenalties(state.posttrade, env);
  if (!collected.ok)
    sink.emit({
      type: 'settlement_cycle_refused',
      group: 'penalties',
      date,
      code: collected.code,
      message: collected.message,
    });
  state.settlement_clock.next_us = nextCycleUs(at_us);
}

/**
 * From a trade to settlement instructions. An exchange trade is novated to its CCP (two
 * instructions, one per side, each in its own stream); a trade on the shared virtual-asset book or
 * in a tokenized instrument is one bilateral instruction, settled gross and at once.
 * @module
 */

import { accept, isRejection, type Outcome, type Rejection } from '../kernel/index.js';
import { currency, type Market } from '../reference/index.js';
import { tradeCashMinor } from './amounts.js';
import { refuse } from './codes.js';
import { buyInDateAfter, type SettlementDates, settlementDates } from './dates.js';
import { settleGrossNow } from './gross.js';
import { tradeSlotOf } from './instruction_table.js';
import {
  checkDrafts,
  type DraftAccount,
  type DraftSide,
  type DraftTerms,
  type InstructionDraft,
  recordDrafts,
  resolveAccount,
  resolveLeg,
} from './instructions.js';
import type { PosttradeEnv, PosttradeState } from './state.js';
import { checkTrade } from './trade_checks.js';
import type { FxSide, Instruction, Stream, TradeForSettlement } from './types.js';

/** The group of bilateral instructions (no CCP). */
export const BILATERAL = 'BILATERAL';

/** The stream a side of a trade settles in. */
export function streamOf(market: Market, route: string): Stream {
  switch (market) {
    case 'XSHG':
    case 'XSHE':
      return route === 'northbound' ? 'northbound' : 'cn_domestic';
    case 'XHKG':
      return route === 'southbound' ? 'southbound' : 'hk_domestic';
    case 'VATP':
      return 'shared_book';
    case 'CMU':
      return route === 'rfq' ? 'cmu_rfq' : 'tokenized';
    case 'CIBM':
      return 'interbank';
  }
}

/**
 * Records the instructions of a trade and settles the gross ones that are due at once (model 1:
 * real time). Returns the instructions as they stand afterwards. Rejected: nothing changes.
 */
export function captureTrade(
  state: PosttradeState,
  env: PosttradeEnv,
  trade: TradeForSettlement,
): Outcome<Instruction[]> {
  const problem = checkTrade(trade);
  if (problem !== undefined) return problem;
  const drafts = draftsOf(state, env, trade);
  if (!drafts.ok) return drafts;
  const blocked = checkDrafts(state, drafts.value);
  if (blocked !== undefined) return blocked;
  const recorded = recordDrafts(state, env, drafts.value);
  const due = dueNow(recorded, trade.trade_date);
  if (due !== null) settleGrossNow(state, env, due, trade.trade_date);
  return accept(recorded);
}

/** The gross instructions due on the trade date, in order; null when none (no array per trade). */
function dueNow(recorded: readonly Instruction[], trade_date: string): Instruction[] | null {
  let due: Instruction[] | null = null;
  for (const i of recorded) {
    if (i.model !== 'gross' || i.securities_date > trade_date) continue;
    due ??= [];
    due.push(i);
  }
  return due;
}

interface TradeContext {
  readonly state: PosttradeState;
  readonly env: PosttradeEnv;
  readonly trade: TradeForSettlement;
  readonly cash_minor: bigint;
  /** The terms of the last side drafted: the other side shares them when it settles in its stream. */
  terms: DraftTerms | null;
}

function draftsOf(
  state: PosttradeState,
  env: PosttradeEnv,
  trade: TradeForSettlement,
): Outcome<InstructionDraft[]> {
  const scale = currency(trade.currency)?.minor_units ?? 2;
  const cash_minor =
    trade.cash_minor ??
    tradeCashMinor(
      trade.price_units,
      trade.quantity_units,
      trade.price_scale,
      scale,
      trade.face_value_minor,
    );
  const context: TradeContext = { state, env, trade, cash_minor, terms: null };
  const ccp = state.config.ccp_by_market[trade.market];
  if (ccp === undefined) {
    const draft = bilateralDraft(context);
    return draft.ok ? accept([draft.value]) : draft;
  }
  const seller_side = novatedDraft(context, ccp, 'sell');
  if (!seller_side.ok) return seller_side;
  const buyer_side = novatedDraft(context, ccp, 'buy');
  if (!buyer_side.ok) return buyer_side;
  return accept([seller_side.value, buyer_side.value]);
}

function cashAssetOf(context: TradeContext, stream: Stream): string {
  const config = context.state.config;
  if (stream === 'southbound') return config.southbound.hkd_asset;
  return context.trade.cash_asset ?? config.cash_asset_by_currency[context.trade.currency];
}

function datesOf(context: TradeContext, stream: Stream): Outcome<SettlementDates> {
  const rules = context.state.config.streams[stream];
  const agreed = context.trade.settlement_date;
  if (agreed === undefined) return settlementDates(rules, context.trade.trade_date);
  const buy_in = buyInDateAfter(rules, agreed);
  return accept({
    securities_date: agreed,
    cash_date: agreed,
    buy_in_date: buy_in.ok ? buy_in.value : '',
  });
}

function bilateralDraft(context: TradeContext): Outcome<InstructionDraft> {
  const { trade, env } = context;
  const stream = streamOf(trade.market, trade.sell_route);
  const cash_asset = cashAssetOf(context, stream);
  const shared_book = stream === 'shared_book' && isAffiliateTrade(trade);
  const fund = context.state.config.reserve_fund;
  if (shared_book && cash_asset !== fund.asset) {
    return refuse('RESERVE_ASSET_MISMATCH', `Shared-book trades must settle in ${fund.asset}`, {
      cash_asset,
      fund_asset: fund.asset,
    });
  }
  const dates = datesOf(context, stream);
  if (!dates.ok) return dates;
  const seller_role = trade.primary === true ? 'issuance' : 'holding';
  const s = trade.seller_participant;
  const b = trade.buyer_participant;
  const sec_from = resolveAccount(env, trade.seller, trade.instrument, seller_role, s);
  const sec_to = resolveAccount(env, trade.buyer, trade.instrument, 'holding', b);
  const cash_from = resolveAccount(env, trade.buyer, cash_asset, 'holding', b);
  const cash_to = resolveAccount(env, trade.seller, cash_asset, 'holding', s);
  const legs = allResolved([sec_from, sec_to, cash_from, cash_to]);
  if (!legs.ok) return legs;
  const [sf, st, cf, ct] = legs.value as [DraftAccount, DraftAccount, DraftAccount, DraftAccount];
  const side: DraftSide = {
    id: trade.trade_id,
    deliverer: trade.seller,
    deliverer_participant: s,
    receiver: trade.buyer,
    receiver_participant: b,
    fx: 'none',
    shared_book,
    affiliate_deliverer: trade.sell_route === 'vatp_affiliate',
    affiliate_receiver: trade.buy_route === 'vatp_affiliate',
    slot: tradeSlotOf(trade.trade_id, trade.instrument, 0),
  };
  return accept({
    terms: termsOf(context, stream, BILATERAL, dates.value, cash_asset),
    side,
    legs: { sec_from: sf, sec_to: st, cash_from: cf, cash_to: ct, rmb_from: null, rmb_to: null },
  });
}

function isAffiliateTrade(trade: TradeForSettlement): boolean {
  return trade.buy_route === 'vatp_affiliate' || trade.sell_route === 'vatp_affiliate';
}

function allResolved(outcomes: readonly Outcome<DraftAccount>[]): Outcome<DraftAccount[]> {
  const accounts: DraftAccount[] = [];
  for (const outcome of outcomes) {
    if (!outcome.ok) return outcome;
    accounts.push(outcome.value);
  }
  return accept(accounts);
}

function termsOf(
  context: TradeContext,
  stream: Stream,
  group: string,
  dates: SettlementDates,
  cash_asset: string,
): DraftTerms {
  const { trade, state } = context;
  const rules = state.config.streams[stream];
  return {
    trade_id: trade.trade_id,
    stream,
    group,
    model: rules.model,
    market: trade.market,
    isin: trade.instrument,
    payment: 'APMT',
    currency: trade.currency,
    cash_asset,
    trade_date: trade.trade_date,
    securities_date: dates.securities_date,
    cash_date: dates.cash_date,
    buy_in_date: dates.buy_in_date,
    captured_at_us: trade.timestamp_us,
    quantity_units: BigInt(trade.quantity_units),
    cash_minor: context.cash_minor,
    price_units: trade.price_units,
    price_scale: trade.price_scale,
    face_value_minor: trade.face_value_minor ?? 0n,
    partial_allowed: rules.partial_allowed,
  };
}

/** One side of a novated trade: the seller delivers to the CCP, or the CCP to the buyer. */
function novatedDraft(
  context: TradeContext,
  ccp: string,
  side: 'buy' | 'sell',
): Outcome<InstructionDraft> {
  const { trade } = context;
  const route = side === 'buy' ? trade.buy_route : trade.sell_route;
  const stream = streamOf(trade.market, route);
  const terms = sideTerms(context, stream, ccp);
  if (isRejection(terms)) return terms;
  const cash_asset = terms.cash_asset;
  const owner = side === 'buy' ? trade.buyer : trade.seller;
  const participant = side === 'buy' ? trade.buyer_participant : trade.seller_participant;
  const legs = novatedLegs(context, { ccp, side, stream, cash_asset, owner, participant });
  if (!legs.ok) return legs;
  const sell = side === 'sell';
  const draft_side: DraftSide = {
    id: `${trade.trade_id}/${sell ? 'S' : 'B'}`,
    deliverer: sell ? owner : ccp,
    deliverer_participant: sell ? participant : ccp,
    receiver: sell ? ccp : owner,
    receiver_participant: sell ? ccp : participant,
    fx: (stream === 'southbound' ? side : 'none') as FxSide,
    shared_book: false,
    affiliate_deliverer: false,
    affiliate_receiver: false,
    slot: tradeSlotOf(trade.trade_id, trade.instrument, sell ? 1 : 2),
  };
  return accept({ terms, side: draft_side, legs: legs.value });
}

/** A side's terms: those of the other side when both settle in one stream, else new ones. */
function sideTerms(context: TradeContext, stream: Stream, ccp: string): DraftTerms | Rejection {
  const known = context.terms;
  if (known !== null && known.stream === stream && known.group === ccp) return known;
  const dates = datesOf(context, stream);
  if (!dates.ok) return dates;
  const terms = termsOf(context, stream, ccp, dates.value, cashAssetOf(context, stream));
  context.terms = terms;
  return terms;
}

interface SideSpec {
  readonly ccp: string;
  readonly side: 'buy' | 'sell';
  readonly stream: Stream;
  readonly cash_asset: string;
  readonly owner: string;
  readonly participant: string;
}

function novatedLegs(context: TradeContext, spec: SideSpec): Outcome<InstructionDraft['legs']> {
  const { env, trade, state } = context;
  const { ccp, owner, participant, cash_asset } = spec;
  const sb = state.config.southbound;
  const southbound = spec.stream === 'southbound';
  // Resolved in this order, the first refusal reported (resolving has no effect but the memo).
  const own_sec = resolveLeg(env, owner, trade.instrument, 'holding', participant);
  if (isRejection(own_sec)) return own_sec;
  const c_sec = resolveLeg(env, ccp, trade.instrument, 'ccp', ccp);
  if (isRejection(c_sec)) return c_sec;
  const c_cash = resolveLeg(env, ccp, cash_asset, 'ccp', ccp);
  if (isRejection(c_cash)) return c_cash;
  const own_cash = southbound
    ? resolveLeg(env, sb.agent, cash_asset, 'agent', sb.agent)
    : resolveLeg(env, owner, cash_asset, 'holding', participant);
  if (isRejection(own_cash)) return own_cash;
  let inv: DraftAccount | null = null;
  let agent: DraftAccount | null = null;
  if (southbound) {
    const investor = resolveLeg(env, owner, sb.rmb_asset, 'holding', participant);
    if (isRejection(investor)) return investor;
    const rmb_agent = resolveLeg(env, sb.agent, sb.rmb_asset, 'agent', sb.agent);
    if (isRejection(rmb_agent)) return rmb_agent;
    inv = investor;
    agent = rmb_agent;
  }
  const buy = spec.side === 'buy';
  return accept({
    sec_from: buy ? c_sec : own_sec,
    sec_to: buy ? own_sec : c_sec,
    cash_from: buy ? own_cash : c_cash,
    cash_to: buy ? c_cash : own_cash,
    rmb_from: buy ? inv : agent,
    rmb_to: buy ? agent : inv,
  });
}

/**
 * Northbound repo through the hub (docs/financing.md §8): `financing.open_repo` checks the rules
 * of the day (src/financing), values the bonds at the agreed clean price plus accrued interest
 * (the bonds domain), and captures the start leg in posttrade: the seller delivers the bonds
 * through its nominee chain against the purchase price, settled DvP at once (the interbank
 * stream, gross). `financing.close_repo` captures the end leg the other way, against the
 * repurchase price to the day. No second settlement engine.
 * @module
 */

import {
  checkPlpCounterparty,
  checkRepoInForce,
  checkRepoTerms,
  purchasePriceMinor,
  type RepoTerms,
  repurchasePriceMinor,
} from '../../financing/index.js';
import {
  dayNumber,
  divRound,
  isIsoDate,
  marketDate,
  type Rejection,
  reject,
} from '../../kernel/index.js';
import { captureTrade, type TradeForSettlement } from '../../posttrade/index.js';
import type { CloseRepo, OpenRepo, SetPlps } from '../../protocol/financing.js';
import type { CurrencyCode } from '../../reference/index.js';
import { tradeMoney } from '../bonds/trade.js';
import { type CommandContext, operatorOnly } from '../context.js';
import { posttradeEnv } from '../settlement.js';
import type { HubState } from '../state.js';
import { MARGIN_DEADLINE_MINUTES_DEFAULT } from './life_state.js';
import {
  checkRepoClose,
  checkRepoCollateral,
  recordRepoClosed,
  recordRepoOpened,
} from './repo_collateral.js';
import { checkRepoSchedule } from './repo_schedule.js';
import type { RepoRecord } from './state.js';

export function setPlps(state: HubState, c: SetPlps, context: CommandContext) {
  const refused = operatorOnly(context, 'name the Primary Liquidity Providers');
  if (refused !== undefined) return refused;
  for (const party of c.parties) {
    if (!state.reference.parties.has(party)) {
      return reject('REPO_PARTY_UNKNOWN', 'No party has this id', { party });
    }
  }
  state.financing.plps.clear();
  for (const party of c.parties) state.financing.plps.add(party);
  context.emit({ type: 'financing_plps_set', parties: [...c.parties] });
  return undefined;
}

export function openRepo(
  state: HubState,
  c: OpenRepo,
  context: CommandContext,
): Rejection | undefined {
  const today = marketDate(context.timestamp_us);
  const terms: RepoTerms = {
    ...{ repo_id: c.repo_id, seller: c.seller, buyer: c.buyer, isin: c.isin },
    ...{ face_minor: BigInt(c.face_minor), currency: c.currency, purchase_date: today },
    ...{ repurchase_date: c.repurchase_date, rate_e12: BigInt(c.rate_e12) },
    ...{ day_count: c.day_count, haircut_ppm: c.haircut_ppm },
  };
  const reuse_of = c.reuse_of ?? null;
  const refused =
    checkOpen(state, terms, c, context) ?? checkRepoCollateral(state, terms, reuse_of);
  if (refused !== undefined) return refused;
  const fx_rate_e8 = c.fx_rate_e8 === undefined ? null : BigInt(c.fx_rate_e8);
  const market_value = marketValueInCash(state, terms, BigInt(c.px_e8), fx_rate_e8, today);
  if (typeof market_value !== 'bigint') return market_value;
  const purchase_price_minor = purchasePriceMinor(market_value, c.haircut_ppm);
  const record: RepoRecord = {
    terms,
    purchase_price_minor,
    start_trade_id: `REPO:${context.seq}:S`,
    fx_rate_e8,
    margin_terms: {
      minimum_transfer_minor: BigInt(c.minimum_transfer_minor ?? 0),
      rounding_minor: BigInt(c.rounding_minor ?? 1),
    },
    cash_margin_minor: 0n,
    margin_deadline_minutes: c.margin_deadline_minutes ?? MARGIN_DEADLINE_MINUTES_DEFAULT,
  };
  const leg = legOf(state, record, 'start', purchase_price_minor, today, context);
  const captured = captureLeg(state, leg, context);
  if (captured !== undefined) return captured;
  state.financing.repos.set(c.repo_id, record);
  context.emit({
    type: 'repo_opened',
    repo_id: c.repo_id,
    terms,
    market_value_minor: market_value,
    purchase_price_minor,
    settlement_trade_id: record.start_trade_id,
  });
  recordRepoOpened(state, terms, reuse_of, purchase_price_minor, context);
  return undefined;
}

/**
 * The bonds' market value in the repo's cash currency at a clean price today: face × (clean +
 * accrued) from the bonds domain; RMB cash as it is (CNH cash against CNY bonds, one currency),
 * another currency at the parties' rate, half up (cross-currency repo from 25 Aug 2025).
 */
export function marketValueInCash(
  state: HubState,
  terms: RepoTerms,
  px_e8: bigint,
  fx_rate_e8: bigint | null,
  today: string,
): bigint | Rejection {
  const bond = state.bonds.bonds.get(terms.isin);
  if (bond === undefined) {
    return reject('REPO_BOND_NOT_NORTHBOUND', 'Repo collateral is a registered CIBM bond', {
      isin: terms.isin,
    });
  }
  const value = tradeMoney(bond, terms.face_minor, px_e8, today, undefined);
  if (!value.ok) return value;
  const rmb_minor = value.value.settlement_amount_minor;
  if (terms.currency === 'CNH') return rmb_minor;
  if (fx_rate_e8 === null || fx_rate_e8 === 0n) {
    return reject('REPO_FX_RATE_REQUIRED', 'A cross-currency repo states its FX rate', {
      currency: terms.currency,
    });
  }
  return divRound(rmb_minor * fx_rate_e8, 100_000_000n, 'half_up');
}

function checkOpen(
  state: HubState,
  terms: RepoTerms,
  c: OpenRepo,
  context: CommandContext,
): Rejection | undefined {
  if (!context.actor.actsFor(c.buyer) && !context.actor.actsFor(c.seller)) {
    return reject('NOT_AUTHORIZED', 'A party to the repo, or its broker, opens it', {
      participant: context.actor.participant,
    });
  }
  if (state.financing.repos.has(c.repo_id)) {
    return reject('REPO_EXISTS', 'A repo with this id is open', { repo_id: c.repo_id });
  }
  if (c.repurchase_date !== null && !isIsoDate(c.repurchase_date)) {
    return reject('REPO_DATES_INVALID', 'The repurchase date is not a calendar date', {
      repurchase_date: c.repurchase_date,
    });
  }
  if (state.reference.securities.get(c.isin)?.market !== 'CIBM') {
    return reject('REPO_BOND_NOT_NORTHBOUND', 'Repo collateral is a CIBM bond held Northbound', {
      isin: c.isin,
    });
  }
  const is_plp = (party: string) => state.financing.plps.has(party);
  return (
    checkRepoInForce(terms.purchase_date, terms.currency) ??
    checkRepoTerms(terms) ??
    checkPlpCounterparty(c.seller, c.buyer, is_plp) ??
    checkRepoSchedule(state, terms)
  );
}

/** An open repo that the acting participant is a party to (or acts for one), or why not. */
export function partyRepo(
  state: HubState,
  repo_id: string,
  context: CommandContext,
): RepoRecord | Rejection {
  const record = state.financing.repos.get(repo_id);
  if (record === undefined) {
    return reject('REPO_UNKNOWN', 'No open repo has this id', { repo_id });
  }
  const { buyer, seller } = record.terms;
  if (!context.actor.actsFor(buyer) && !context.actor.actsFor(seller)) {
    return reject('NOT_AUTHORIZED', 'Only a party to the repo, or its broker, may do this', {
      participant: context.actor.participant,
    });
  }
  return record;
}

export function closeRepo(
  state: HubState,
  c: CloseRepo,
  context: CommandContext,
): Rejection | undefined {
  const record = partyRepo(state, c.repo_id, context);
  if (!('terms' in record)) return record;
  const { terms } = record;
  const today = marketDate(context.timestamp_us);
  if (terms.repurchase_date !== null && today < terms.repurchase_date) {
    return reject('REPO_NOT_DUE', 'A term repo ends on its repurchase date', {
      repurchase_date: terms.repurchase_date,
      today,
    });
  }
  const leg = settleEndLeg(state, record, context);
  if (!('days' in leg)) return leg;
  context.emit({
    type: 'repo_closed',
    repo_id: c.repo_id,
    seller: terms.seller,
    buyer: terms.buyer,
    ...leg,
  });
  return undefined;
}

/** The repurchase price `days` into a repo (purchase price plus the price differential). */
export function repurchaseToDayMinor(record: RepoRecord, days: number): bigint {
  const { terms } = record;
  return repurchasePriceMinor(record.purchase_price_minor, terms.rate_e12, days, terms.day_count);
}

/** What ending a repo today settled. */
export interface EndLeg {
  readonly days: number;
  readonly repurchase_price_minor: bigint;
  readonly settlement_trade_id: string;
}

/**
 * Ends a repo today, for a close on the repurchase date and an agreed early termination alike:
 * the end leg at the repurchase price to today, less the cash margin the buyer holds, handed to
 * posttrade; the repo, any unpaid margin call and any termination proposal leave the book.
 */
export function settleEndLeg(
  state: HubState,
  record: RepoRecord,
  context: CommandContext,
): EndLeg | Rejection {
  const { terms } = record;
  const today = marketDate(context.timestamp_us);
  // Received bonds re-used elsewhere must have come back before they can be delivered back.
  const reused = checkRepoClose(state, terms.repo_id);
  if (reused !== undefined) return reused;
  const days = dayNumber(today) - dayNumber(terms.purchase_date);
  const price = repurchaseToDayMinor(record, days);
  // The cash margin the buyer holds goes back by netting it off the repurchase price.
  const net_minor = price - record.cash_margin_minor;
  if (net_minor <= 0n) {
    return reject('REPO_MARGIN_EXCEEDS_PRICE', 'The margin held covers the repurchase price', {
      repurchase_price_minor: price,
      cash_margin_minor: record.cash_margin_minor,
    });
  }
  const leg = legOf(state, record, 'end', net_minor, today, context);
  const captured = captureLeg(state, leg, context);
  if (captured !== undefined) return captured;
  state.financing.repos.delete(terms.repo_id);
  state.financing.margin_calls.delete(terms.repo_id);
  state.financing.terminations.delete(terms.repo_id);
  recordRepoClosed(state, terms, price, today, context);
  return { days, repurchase_price_minor: price, settlement_trade_id: leg.trade_id };
}

/** Hands a leg to posttrade (DvP on the ledger, gross at once when due today). */
function captureLeg(
  state: HubState,
  leg: TradeForSettlement,
  context: CommandContext,
): Rejection | undefined {
  const env = posttradeEnv(state, context, context.timestamp_us);
  const captured = captureTrade(state.posttrade, env, leg);
  return captured.ok ? undefined : captured;
}

/** Cash per 100 of face in 10^-8, at least 1 (posttrade wants a positive price). */
function legPriceE8(cash_minor: bigint, face_minor: bigint): number {
  const px = (cash_minor * 10_000_000_000n) / face_minor;
  return Number(px > 0n ? px : 1n);
}

/** A leg as a trade for posttrade: the start leg seller → buyer, the end leg back. */
function legOf(
  state: HubState,
  record: RepoRecord,
  leg: 'start' | 'end',
  cash_minor: bigint,
  today: string,
  context: CommandContext,
): TradeForSettlement {
  const t = record.terms;
  const [from, to] = leg === 'start' ? [t.seller, t.buyer] : [t.buyer, t.seller];
  const participant = (owner: string) => state.reference.investors.get(owner)?.broker ?? owner;
  const face_value_minor = state.bonds.bonds.get(t.isin)?.terms.face_value_minor ?? 1n;
  return {
    trade_id: leg === 'start' ? record.start_trade_id : `REPO:${context.seq}:E`,
    instrument: t.isin,
    market: 'CIBM',
    // Informational for posttrade (the cash is `cash_minor`): the leg's price per 100 of face.
    price_units: legPriceE8(cash_minor, t.face_minor),
    quantity_units: Number(t.face_minor / face_value_minor),
    buyer: to,
    seller: from,
    buyer_participant: participant(to),
    seller_participant: participant(from),
    buy_route: 'rfq',
    sell_route: 'rfq',
    buy_venue: 'REPO',
    sell_venue: 'REPO',
    timestamp_us: context.timestamp_us,
    trade_date: today,
    currency: t.currency as CurrencyCode,
    price_scale: 8,
    face_value_minor,
    cash_minor,
    settlement_date: today,
  };
}

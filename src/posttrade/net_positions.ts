/**
 * Multilateral netting: every due leg of every instruction still in the run is added to the
 * debit and credit of its two accounts; each account's net is then one transfer to or from the
 * operator's transit account for its asset. The southbound currency exchange is netted per trade
 * date and added as two more legs (PvP) so ChinaClear's HKD position nets to zero.
 * @module
 */

import { assert } from '../kernel/assert.js';
import { convertMinor } from '../kernel/money.js';
import { movementInput, type TransferInput } from '../ledger/index.js';
import { currency } from '../reference/index.js';
import { scratchLegs } from './legs.js';
import type { NetRun } from './net_run.js';
import type { FxDeal } from './reports.js';
import type { PosttradeState, SettlementRate } from './state.js';

/** Accumulated gross debits and credits per account index. */
export interface Positions {
  readonly debit: bigint[];
  readonly credit: bigint[];
  /** Account indices in first-touch order: the deterministic order of the batch. */
  readonly touched: number[];
  readonly fx: FxDeal[];
}

/** The FX bank's accounts and ChinaClear's agent accounts, as account indices. */
export interface FxAccounts {
  readonly bank_hkd: number;
  readonly bank_rmb: number;
  readonly agent_hkd: number;
  readonly agent_rmb: number;
}

/**
 * Running sums per account index. A run whose amounts cannot overflow 64 bits sums in a
 * BigInt64Array, which V8 adds in place; any other run sums in an array of bigints, where every
 * addition allocates (about four times slower, measured). Both give the same exact sums.
 */
type Sums = BigInt64Array | bigint[];

function sumsFor(size: number, fit_64_bits: boolean): Sums {
  return fit_64_bits ? new BigInt64Array(size) : new Array<bigint>(size).fill(0n);
}

/** Nets what the run still settles, and the southbound FX per trade date. */
export function netPositions(
  state: PosttradeState,
  run: NetRun,
  fx_accounts: FxAccounts | null,
): Positions {
  const size = state.accounts.ids.length;
  const fit = run.sums_fit_64_bits;
  const debit_sums = sumsFor(size, fit);
  const credit_sums = sumsFor(size, fit);
  const seen = new Uint8Array(size);
  const touched: number[] = [];
  const touch = (a: number): void => {
    if (seen[a] === 0) {
      seen[a] = 1;
      touched.push(a);
    }
  };
  const move = (from: number, to: number, amount: bigint): void => {
    debit_sums[from] = (debit_sums[from] as bigint) + amount;
    credit_sums[to] = (credit_sums[to] as bigint) + amount;
    touch(from);
    touch(to);
  };
  const agent_by_date = new Map<string, bigint>();
  const legs = scratchLegs();
  for (let k = 0; k < run.length; k += 1) {
    if (run.isExcluded(k)) continue;
    run.legsInto(k, legs);
    const i = run.at(k);
    if (legs.securities_units > 0n) move(i.sec_from, i.sec_to, legs.securities_units);
    if (legs.cash_minor > 0n) move(i.cash_from, i.cash_to, legs.cash_minor);
    if (legs.rmb_minor > 0n) move(i.rmb_from, i.rmb_to, legs.rmb_minor);
    if (run.isSouthbound(k) && legs.cash_minor > 0n) {
      const signed = i.fx === 'buy' ? -legs.cash_minor : legs.cash_minor;
      agent_by_date.set(i.trade_date, (agent_by_date.get(i.trade_date) ?? 0n) + signed);
    }
  }
  const debit = new Array<bigint>(size).fill(0n);
  const credit = new Array<bigint>(size).fill(0n);
  for (const a of touched) {
    debit[a] = debit_sums[a] as bigint;
    credit[a] = credit_sums[a] as bigint;
  }
  // The FX legs add to sums already out of the 64-bit arrays: a deal may be larger than any leg.
  const add = (from: number, to: number, amount: bigint): void => {
    debit[from] = (debit[from] as bigint) + amount;
    credit[to] = (credit[to] as bigint) + amount;
    touch(from);
    touch(to);
  };
  const fx = fxDeals(state, agent_by_date, fx_accounts, add);
  return { debit, credit, touched, fx };
}

/** ChinaClear's deal with the FX bank per trade date, moved with `add` (PvP: both legs). */
function fxDeals(
  state: PosttradeState,
  agent_by_date: ReadonlyMap<string, bigint>,
  fx_accounts: FxAccounts | null,
  add: (from: number, to: number, amount: bigint) => void,
): FxDeal[] {
  const fx: FxDeal[] = [];
  for (const [trade_date, agent_hkd_net] of agent_by_date) {
    if (agent_hkd_net === 0n) continue;
    assert(fx_accounts !== null, 'southbound items without FX accounts');
    const rate = state.settlement_rates.get(trade_date);
    assert(rate !== undefined, `no settlement rate for ${trade_date}`);
    const deal = fxDeal(trade_date, agent_hkd_net, rate);
    fx.push(deal);
    const a = fx_accounts;
    if (deal.direction === 'buy_hkd') {
      add(a.bank_hkd, a.agent_hkd, deal.hkd_minor);
      add(a.agent_rmb, a.bank_rmb, deal.rmb_minor);
    } else {
      add(a.agent_hkd, a.bank_hkd, deal.hkd_minor);
      add(a.bank_rmb, a.agent_rmb, deal.rmb_minor);
    }
  }
  return fx;
}

/**
 * ChinaClear's deal with the FX bank for one trade date. Rounding goes to ChinaClear's side
 * (it pays floor, receives ceiling), which with the investors' rounding keeps its RMB residual
 * at or above zero whenever the buy rate is not below the sell rate.
 */
function fxDeal(trade_date: string, agent_hkd_net: bigint, rate: SettlementRate): FxDeal {
  const hkd_scale = currency('HKD')?.minor_units ?? 2;
  const rmb_scale = currency('CNY')?.minor_units ?? 2;
  if (agent_hkd_net < 0n) {
    const hkd = -agent_hkd_net;
    const r = { numerator: rate.buy_numerator, denominator: rate.buy_denominator };
    const rmb = convertMinor(hkd, r, hkd_scale, rmb_scale, 'floor');
    return {
      trade_date,
      direction: 'buy_hkd',
      hkd_minor: hkd,
      rmb_minor: rmb,
      rate: rate.buy_rate,
    };
  }
  const r = { numerator: rate.sell_numerator, denominator: rate.sell_denominator };
  const rmb = convertMinor(agent_hkd_net, r, hkd_scale, rmb_scale, 'ceil');
  return {
    trade_date,
    direction: 'sell_hkd',
    hkd_minor: agent_hkd_net,
    rmb_minor: rmb,
    rate: rate.sell_rate,
  };
}

/** The batch of a netting run: one transfer per account with a non-zero net. */
export interface NetBatch {
  readonly transfers: TransferInput[];
  /** The account index each transfer settles. */
  readonly accounts: number[];
}

/** One transfer per non-zero position, against the asset's transit account. */
export function netBatch(
  state: PosttradeState,
  positions: Positions,
  transit: ReadonlyMap<string, string>,
  id_prefix: string,
): NetBatch {
  const table = state.accounts;
  const transfers: TransferInput[] = [];
  const accounts: number[] = [];
  for (const a of positions.touched) {
    const net = (positions.credit[a] as bigint) - (positions.debit[a] as bigint);
    if (net === 0n) continue;
    const account_id = table.ids[a] as string;
    const transit_id = transit.get(table.assets[a] as string);
    assert(transit_id !== undefined, `no transit account for ${table.assets[a]}`);
    const receives = net > 0n;
    const id = `${id_prefix}${transfers.length}`;
    const [from, to] = receives ? [transit_id, account_id] : [account_id, transit_id];
    transfers.push(movementInput(id, from, to, receives ? net : -net, 'net_settlement'));
    accounts.push(a);
  }
  return { transfers, accounts };
}

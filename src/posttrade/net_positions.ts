/**
 * Multilateral netting: every due leg of every instruction still in the run is added to the
 * debit and credit of its two accounts; each account's net is then one transfer to or from the
 * operator's transit account for its asset. The southbound currency exchange is netted per trade
 * date and added as two more legs (PvP) so ChinaClear's HKD position nets to zero.
 * @module
 */

import { assert } from '../kernel/assert.js';
import { convertMinor } from '../kernel/money.js';
import type { TransferInput } from '../ledger/index.js';
import { currency } from '../reference/index.js';
import type { DueLegs } from './legs.js';
import type { FxDeal } from './reports.js';
import type { PosttradeState, SettlementRate } from './state.js';
import type { FailReason, Instruction } from './types.js';

/** One instruction in a netting run. */
export interface NetItem {
  readonly instruction: Instruction;
  /** What was due at the start of the run. */
  readonly full: DueLegs;
  /** What this run settles: `full`, or less after a partial reduction. */
  legs: DueLegs;
  excluded: boolean;
  /** Why it was excluded or reduced. */
  reason: FailReason | '';
  party: string;
}

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

/** Nets the items still in the run, and the southbound FX per trade date. */
export function netPositions(
  state: PosttradeState,
  items: readonly NetItem[],
  fx_accounts: FxAccounts | null,
): Positions {
  const size = state.accounts.ids.length;
  const debit = new Array<bigint>(size).fill(0n);
  const credit = new Array<bigint>(size).fill(0n);
  const seen = new Uint8Array(size);
  const touched: number[] = [];
  const move = (from: number, to: number, amount: bigint): void => {
    debit[from] = (debit[from] as bigint) + amount;
    credit[to] = (credit[to] as bigint) + amount;
    if (seen[from] === 0) {
      seen[from] = 1;
      touched.push(from);
    }
    if (seen[to] === 0) {
      seen[to] = 1;
      touched.push(to);
    }
  };
  const agent_by_date = new Map<string, bigint>();
  for (const item of items) {
    if (item.excluded) continue;
    const i = item.instruction;
    const legs = item.legs;
    if (legs.securities_units > 0n) move(i.sec_from, i.sec_to, legs.securities_units);
    if (legs.cash_minor > 0n) move(i.cash_from, i.cash_to, legs.cash_minor);
    if (legs.rmb_minor > 0n) move(i.rmb_from, i.rmb_to, legs.rmb_minor);
    if (i.fx !== 'none' && legs.cash_minor > 0n) {
      const signed = i.fx === 'buy' ? -legs.cash_minor : legs.cash_minor;
      agent_by_date.set(i.trade_date, (agent_by_date.get(i.trade_date) ?? 0n) + signed);
    }
  }
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
      move(a.bank_hkd, a.agent_hkd, deal.hkd_minor);
      move(a.agent_rmb, a.bank_rmb, deal.rmb_minor);
    } else {
      move(a.agent_hkd, a.bank_hkd, deal.hkd_minor);
      move(a.bank_rmb, a.agent_rmb, deal.rmb_minor);
    }
  }
  return { debit, credit, touched, fx };
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
    transfers.push({
      id: `${id_prefix}${transfers.length}`,
      debit_account_id: receives ? transit_id : account_id,
      credit_account_id: receives ? account_id : transit_id,
      amount_minor: receives ? net : -net,
      code: 'net_settlement',
    });
    accounts.push(a);
  }
  return { transfers, accounts };
}

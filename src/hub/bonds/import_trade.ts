/**
 * Imported bond trades (docs/bonds.md §8.14): `bonds.import_trade` (operator) brings in a trade
 * concluded off the hub's RFQ book (on CFETS through Tradeweb, Bloomberg or MarketAxess, or by
 * phone) with the accrued interest the platform computed. The hub checks it as it checks an RFQ
 * (the investor's access, the counterparty a market maker of the direction, the quantity, the
 * settlement date), recomputes the accrued interest to the settlement date and refuses any
 * difference (`BOND_ACCRUED_MISMATCH`: the two sides would settle different amounts), counts a
 * Southbound trade against the quota, and captures it for settlement like an RFQ trade.
 * @module
 */

import { assert, dayNumber, type Rejection, reject } from '../../kernel/index.js';
import type { ImportBondTrade } from '../../protocol/bonds.js';
import { applySouthboundBondTrade } from '../../rules/index.js';
import { type CommandContext, operatorOnly } from '../context.js';
import type { HubState } from '../state.js';
import { captureBondTrade, settlementTradeId } from './capture.js';
import { fixingForDay } from './fixings.js';
import {
  checkDealersDirection,
  checkEligible,
  checkQuantity,
  checkSettlementDate,
} from './rfq_checks.js';
import { type BondRecord, directionOf } from './state.js';
import {
  type BondTrade,
  checkQuota,
  quotaTrade,
  type TradeMoney,
  tradeInBondCurrency,
  tradeMoney,
} from './trade.js';

export function importBondTrade(
  state: HubState,
  c: ImportBondTrade,
  context: CommandContext,
): Rejection | undefined {
  const refused_actor = operatorOnly(context, 'import trades concluded elsewhere');
  if (refused_actor !== undefined) return refused_actor;
  const bond = state.bonds.bonds.get(c.security_id);
  if (bond === undefined) {
    return reject('BOND_UNKNOWN', 'No bond is registered with this ISIN', { isin: c.security_id });
  }
  if (state.bonds.imported.has(c.trade_id)) {
    return reject('BOND_TRADE_EXISTS', 'A trade with this id has been imported', {
      trade_id: c.trade_id,
    });
  }
  const direction = directionOf(bond.terms);
  const trade_date = state.bonds.quota.date; // today's market date: rolled before the command
  const invalid =
    checkEligible(state, c.investor, direction) ??
    checkDealersDirection(state, [c.dealer], direction) ??
    checkQuantity(bond, BigInt(c.order_qty_minor)) ??
    checkSettlementDate(bond, direction, trade_date, c);
  if (invalid !== undefined) return invalid;
  const money = checkedMoney(state, bond, c);
  if ('code' in money) return money;
  const trade = importedTrade(state, bond, c, money, context);
  const settlement_trade_id = trade.settlement_trade_id;
  let quota_rmb_minor = 0n;
  if (direction === 'southbound') {
    const channel = state.bonds.access.get(c.investor)?.southbound_channel;
    assert(channel !== undefined && channel !== null, 'eligible Southbound investor, no channel');
    const counted = quotaTrade(
      settlement_trade_id,
      c.side === 'buy',
      channel,
      bond.terms.currency,
      trade_date,
      money.settlement_amount_minor,
    );
    const fits = checkQuota(state.bonds, counted);
    if (!fits.ok) return fits;
    const applied = applySouthboundBondTrade(state.bonds.quota, counted);
    assert(applied.ok, 'the quota refused a trade it had accepted');
    quota_rmb_minor = applied.value;
  }
  state.bonds.imported.add(c.trade_id);
  const recorded: BondTrade = {
    ...trade,
    southbound_channel: state.bonds.access.get(c.investor)?.southbound_channel ?? null,
    quota_rmb_minor,
  };
  context.emit({ type: 'bond_trade', trade: recorded });
  captureBondTrade(state, recorded, settlement_trade_id, bond.terms.face_value_minor, context);
  return undefined;
}

/** The trade's money, with the platform's accrued interest checked against the hub's. */
function checkedMoney(
  state: HubState,
  bond: BondRecord,
  c: ImportBondTrade,
): TradeMoney | Rejection {
  const day = dayNumber(c.settlement_date);
  const fixing = fixingForDay(state.bonds.fixings, bond.schedule, day);
  const qty = BigInt(c.order_qty_minor);
  const money = tradeMoney(bond, qty, BigInt(c.px_e8), c.settlement_date, fixing);
  if (!money.ok) return money;
  const stated = BigInt(c.accrued_minor);
  if (stated !== money.value.accrued_minor) {
    return reject(
      'BOND_ACCRUED_MISMATCH',
      "The accrued interest differs from the bond's own to the settlement date",
      {
        trade_id: c.trade_id,
        stated_minor: stated,
        computed_minor: money.value.accrued_minor,
        settlement_date: c.settlement_date,
      },
    );
  }
  return money.value;
}

function importedTrade(
  state: HubState,
  bond: BondRecord,
  c: ImportBondTrade,
  money: TradeMoney,
  context: CommandContext,
): BondTrade {
  const investor_buys = c.side === 'buy';
  const trade = {
    trade_id: c.trade_id,
    quote_req_id: c.trade_id,
    security_id: c.security_id,
    buyer: investor_buys ? c.investor : c.dealer,
    seller: investor_buys ? c.dealer : c.investor,
    dealer: c.dealer,
    requester: c.investor,
    quantity_minor: BigInt(c.order_qty_minor),
    price_type: 'percent_of_par' as const,
    px_e8: BigInt(c.px_e8),
    transact_time_us: context.timestamp_us,
  };
  const terms = {
    direction: directionOf(bond.terms),
    currency: bond.terms.currency,
    trade_date: state.bonds.quota.date,
    settlement_date: c.settlement_date,
    southbound_channel: null,
    quota_rmb_minor: 0n,
    settlement_trade_id: settlementTradeId(context.seq),
  };
  return tradeInBondCurrency(trade, terms, money);
}

/**
 * A bond's primary allocation (docs/bonds.md §8.13): `bonds.allocate_primary` (operator, for
 * the issuer's lead managers and CMU) allocates a new CMU issue to investors at the issue price
 * on the pricing date T and captures one DvP instruction per allocation in posttrade, delivering
 * from the CSD's issuance account against the investor's cash, to settle on the bond's issue
 * date, which must be T+1 on the Hong Kong calendar: the HKSAR tokenised green bonds settle
 * T+1 (info.gov.hk, 11 Nov 2025), not at once. The cash leg settles in the asset the command
 * names (e-HKD for a tokenised tranche) or the bond's currency. All allocations are checked
 * before any is captured, so a refusal captures none.
 * @module
 */

import { divRound, type Rejection, reject } from '../../kernel/index.js';
import { createAccounts } from '../../ledger/index.js';
import { captureTrade, type TradeForSettlement } from '../../posttrade/index.js';
import type { AllocatePrimary } from '../../protocol/bonds.js';
import {
  type CurrencyCode,
  calendarFor,
  nextTradingDay,
  type Security,
} from '../../reference/index.js';
import { cashAccountId, issuanceAccountInput, securitiesAccountId } from '../accounts.js';
import { type CommandContext, operatorOnly } from '../context.js';
import { accountDirectoryOf } from '../directory.js';
import { posttradeEnv } from '../settlement.js';
import type { HubState } from '../state.js';
import { checkQuantity } from './rfq_checks.js';
import type { BondRecord } from './state.js';

/** Face × price per 100 in 10^-8. */
const PRICE_DIVISOR = 10_000_000_000n;

interface Allocation {
  readonly investor: string;
  readonly face_minor: bigint;
  readonly cash_minor: bigint;
  readonly settlement_trade_id: string;
}

export function allocatePrimary(
  state: HubState,
  command: AllocatePrimary,
  context: CommandContext,
): Rejection | undefined {
  const refused_actor = operatorOnly(context, 'allocate a primary issue');
  if (refused_actor !== undefined) return refused_actor;
  const checked = checkIssue(state, command);
  if (checked !== undefined) return checked;
  const bond = state.bonds.bonds.get(command.isin) as BondRecord;
  const security = state.reference.securities.get(command.isin) as Security;
  const cash_asset = command.cash_asset ?? bond.terms.currency;
  const allocations: Allocation[] = [];
  for (const [i, a] of command.allocations.entries()) {
    const face_minor = BigInt(a.face_minor);
    const refused =
      checkQuantity(bond, face_minor) ?? checkAccounts(state, security, a.investor, cash_asset);
    if (refused !== undefined) return refused;
    const cash_minor = divRound(face_minor * BigInt(command.price_e8), PRICE_DIVISOR, 'half_up');
    allocations.push({
      investor: a.investor,
      face_minor,
      cash_minor,
      settlement_trade_id: `PRIMARY:${context.seq}:${i}`,
    });
  }
  openIssuanceAccount(state, security, context);
  for (const allocation of allocations) {
    const trade = primaryTrade(state, command, bond, allocation, context);
    const captured = captureTrade(
      state.posttrade,
      posttradeEnv(state, context, context.timestamp_us),
      trade,
    );
    // Everything captureTrade checks was checked above; a refusal here is a bug, not input.
    if (!captured.ok) throw new Error(`primary allocation refused: ${captured.code}`);
  }
  context.emit({
    type: 'bond_primary_allocated',
    isin: command.isin,
    trade_date: state.bonds.quota.date,
    settlement_date: bond.terms.issue_date,
    price_e8: BigInt(command.price_e8),
    cash_asset,
    allocations,
  });
  state.bonds.allocated.add(command.isin);
  return undefined;
}

/** CMU lodges the issue: its issuance account in the bond, opened at the first allocation. */
function openIssuanceAccount(state: HubState, security: Security, context: CommandContext): void {
  const input = issuanceAccountInput(security);
  if (state.ledger.accounts.has(input.id)) return;
  const directory = accountDirectoryOf(state);
  const opened = createAccounts(state.ledger, [input], directory, context.timestamp_us, context);
  // The id is new and its fields fixed: nothing an input can make the ledger refuse.
  if (!opened.ok) throw new Error(`issuance account refused: ${opened.code}`);
}

function checkIssue(state: HubState, command: AllocatePrimary): Rejection | undefined {
  const bond = state.bonds.bonds.get(command.isin);
  if (bond === undefined) {
    return reject('BOND_UNKNOWN', 'No bond is registered with this ISIN', { isin: command.isin });
  }
  if (state.reference.securities.get(command.isin)?.market !== 'CMU') {
    return reject('BOND_PRIMARY_NOT_CMU', 'Primary allocations are for bonds issued in CMU', {
      isin: command.isin,
    });
  }
  if (state.bonds.allocated.has(command.isin)) {
    return reject('BOND_PRIMARY_ALREADY_ALLOCATED', 'This issue has been allocated', {
      isin: command.isin,
    });
  }
  const today = state.bonds.quota.date;
  const calendar = calendarFor('CMU');
  const next = calendar === undefined ? undefined : nextTradingDay(calendar, today);
  if (next !== undefined && !next.ok) return next;
  if (next?.value !== bond.terms.issue_date) {
    return reject(
      'BOND_PRIMARY_NOT_T1',
      'A primary allocation settles T+1: allocate on the business day before the issue date',
      { isin: command.isin, today, issue_date: bond.terms.issue_date, t_plus_1: next?.value },
    );
  }
  const investors = new Set<string>();
  for (const a of command.allocations) {
    if (investors.has(a.investor)) {
      return reject('BOND_PRIMARY_DUPLICATE_INVESTOR', 'Allocate to each investor once', {
        investor: a.investor,
      });
    }
    investors.add(a.investor);
  }
  const issuer_cash = cashAccountId(
    issuerOf(state, command.isin),
    command.cash_asset ?? bond.terms.currency,
  );
  if (!state.ledger.accounts.has(issuer_cash)) {
    return reject(
      'BOND_PRIMARY_ISSUER_CASH_MISSING',
      'The issuer has no account in the cash asset',
      {
        account_id: issuer_cash,
      },
    );
  }
  return undefined;
}

function issuerOf(state: HubState, isin: string): string {
  return state.reference.securities.get(isin)?.issuer ?? 'HKMA';
}

function checkAccounts(
  state: HubState,
  security: Security,
  investor: string,
  cash_asset: string,
): Rejection | undefined {
  if (!state.reference.investors.has(investor) && !state.reference.parties.has(investor)) {
    return reject('BOND_INVESTOR_UNKNOWN', 'No investor or party has this id', { investor });
  }
  const holding = securitiesAccountId(state.reference, investor, security);
  if (holding === undefined || !state.ledger.accounts.has(holding)) {
    return reject('BOND_HOLDING_ACCOUNT_MISSING', 'The investor has no account in the bond', {
      investor,
      account_id: holding ?? null,
    });
  }
  const cash = cashAccountId(investor, cash_asset);
  if (!state.ledger.accounts.has(cash)) {
    return reject('BOND_CASH_ACCOUNT_MISSING', 'The investor has no account in the cash asset', {
      investor,
      account_id: cash,
    });
  }
  return undefined;
}

function primaryTrade(
  state: HubState,
  command: AllocatePrimary,
  bond: BondRecord,
  allocation: Allocation,
  context: CommandContext,
): TradeForSettlement {
  const issuer = issuerOf(state, command.isin);
  const face_value_minor = bond.terms.face_value_minor;
  return {
    trade_id: allocation.settlement_trade_id,
    instrument: command.isin,
    market: 'CMU',
    price_units: Number(command.price_e8),
    quantity_units: Number(allocation.face_minor / face_value_minor),
    buyer: allocation.investor,
    seller: issuer,
    buyer_participant:
      state.reference.investors.get(allocation.investor)?.broker ?? allocation.investor,
    seller_participant: issuer,
    buy_route: 'rfq',
    sell_route: 'rfq',
    buy_venue: 'PRIMARY',
    sell_venue: 'PRIMARY',
    timestamp_us: context.timestamp_us,
    trade_date: state.bonds.quota.date,
    currency: bond.terms.currency as CurrencyCode,
    price_scale: 8,
    face_value_minor,
    cash_asset: command.cash_asset,
    primary: true,
    cash_minor: allocation.cash_minor,
    settlement_date: bond.terms.issue_date,
  };
}

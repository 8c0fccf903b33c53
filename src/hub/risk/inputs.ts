/**
 * The risk core's inputs from the hub's state (docs/risk.md "Inputs from the hub"): a pure
 * function of `HubState`, so a risk figure is a function of the state it was computed on.
 *
 * - Accounts: one risk account per holder and CCP, `<holder>@<ccp>`, gathering the holder's own
 *   securities accounts on the ledger (nominee tiers are omnibus and left out, as are the CSDs',
 *   the CCPs' and issuance accounts). Its participant (clearing member) is an investor's broker,
 *   or the party itself; its investor type the investor's, `institutional` for a party; its
 *   affiliate group its participant's registered `group`, else the participant alone.
 * - CCP: ChinaClear for SSE and SZSE securities (Mainland holders and Northbound holdings alike),
 *   HKSCC for SEHK securities (Hong Kong holders and Southbound). The core knows only those two:
 *   interbank (CIBM) bonds are counted at ChinaClear and CMU bonds at HKSCC, for the Mainland
 *   and the Hong Kong side (*assumption*: neither is cleared by that CCP). Tokens on the
 *   platform are settled against the shared book's reserve fund, not a CCP: left out.
 * - Positions: each account's posted balance in units (shares; bonds in ledger units of face);
 *   with `unsettled`, plus the open positions of CCP instructions not yet final (unsettled.ts) and
 *   their cash legs as `cash:<currency>` instruments.
 * - Collateral: none. The financing register holds bilateral repo collateral and bonds posted
 *   at OTC Clear; none of it is posted to ChinaClear or HKSCC.
 * - FX: the payments limit rates when the operator has set them (HKD per CNY, also for CNH;
 *   HKD per USD as HKD per CNY ÷ USD per CNY), else the stated table `STATED_FX_RATES`.
 * @module
 */

import { divRound } from '../../kernel/index.js';
import { postedBalance } from '../../ledger/index.js';
import type {
  AccountRow,
  CcpId,
  FxRateRow,
  InstrumentRow,
  LiquidResourceRow,
  ObligationRow,
  PortfolioInput,
  PositionRow,
} from '../../oversight/risk/index.js';
import {
  CURRENCY_CODES,
  type CurrencyCode,
  type ReferenceState,
  type Security,
} from '../../reference/index.js';
import { cashAccountId } from '../accounts.js';
import type { HubState } from '../state.js';
import { type InstrumentPrice, priceOf } from './prices.js';
import { CCP_GROUPS, unsettledBook } from './unsettled.js';

export type FxSource = 'payment_limit_rates' | 'stated_table';

export interface HubRiskInputs {
  readonly portfolio: PortfolioInput;
  /** One per `portfolio.instruments`, in the same order. */
  readonly prices: readonly InstrumentPrice[];
  /** Securities held on the ledger that have no price (left out of the portfolio). */
  readonly unpriced: readonly string[];
  readonly fx_source: FxSource;
  /** Members' pay-ins to the CCPs (with `unsettled`; else none), for the liquidity stress. */
  readonly obligations: readonly ObligationRow[];
  /** The CCPs' cash on the ledger (with `unsettled`; else none). */
  readonly resources: readonly LiquidResourceRow[];
  /** CCP instructions not final that were read (0 without `unsettled`). */
  readonly unsettled_instructions: number;
}

/**
 * HKD per unit × 10^8 when the operator has set no limit rates (*assumption*: round figures
 * near early-2026 levels; HKD is pegged at 7.75–7.85 per USD, HKMA Linked Exchange Rate System).
 */
export const STATED_FX_RATES: readonly FxRateRow[] = [
  { currency: 'CNY', hkd_per_unit_e8: 108_500_000n },
  { currency: 'CNH', hkd_per_unit_e8: 108_500_000n },
  { currency: 'USD', hkd_per_unit_e8: 780_000_000n },
  { currency: 'EUR', hkd_per_unit_e8: 850_000_000n },
];

const NON_HOLDER_ROLES = new Set(['csd', 'ccp', 'central_bank', 'exchange', 'operator']);

export interface RiskInputOptions {
  /**
   * Add the CCPs' open positions not yet settled (unsettled.ts) to the settled holdings, and give
   * the members' pay-ins and the CCPs' cash for the liquidity stress. Default false: settled only.
   */
  readonly unsettled?: boolean;
}

export function riskInputs(state: HubState, options: RiskInputOptions = {}): HubRiskInputs {
  const book = new AccountBook(state.reference);
  const open = options.unsettled === true ? unsettledBook(state) : null;
  addSettled(state, book);
  for (const leg of open?.legs ?? []) {
    book.add(leg.owner, leg.ccp, leg.isin, leg.quantity);
    book.add(leg.owner, leg.ccp, cashInstrumentId(leg.currency), leg.cash_minor);
  }
  const priced = pricedInstruments(state, book.held);
  const positions: PositionRow[] = [];
  for (const [key, quantity] of book.quantities) {
    const [a, id] = key.split('\u0000') as [string, string];
    const instrument = priced.index.get(id);
    if (instrument !== undefined && quantity !== 0n)
      positions.push({ account: Number(a), instrument, quantity });
  }
  const obligations: ObligationRow[] = [];
  for (const { owner, ccp, currency, day, amount_minor } of open?.pay_ins ?? []) {
    const account = book.indexOf(owner, ccp);
    if (account !== undefined) obligations.push({ account, currency, day, amount_minor });
  }
  const fx = fxRates(state);
  return {
    portfolio: {
      accounts: book.accounts,
      instruments: priced.instruments,
      positions,
      collateral: [],
      fx_rates: fx.rates,
    },
    prices: priced.prices,
    unpriced: priced.unpriced,
    fx_source: fx.source,
    obligations,
    resources: open === null ? [] : ccpCash(state),
    unsettled_instructions: open?.instructions ?? 0,
  };
}

/** Every holder's own securities accounts on the ledger (not nominee tiers, not infrastructure). */
function addSettled(state: HubState, book: AccountBook): void {
  for (const ledger_account of state.ledger.account_list) {
    if (ledger_account.omnibus || ledger_account.purpose !== 'available') continue;
    const security = state.reference.securities.get(ledger_account.asset);
    const ccp = security === undefined ? undefined : ccpOf(security);
    if (security === undefined || ccp === undefined) continue;
    book.add(ledger_account.owner, ccp, security.id, postedBalance(ledger_account));
  }
}

/** The held securities that have a price, then the cash instruments, in a stable order. */
function pricedInstruments(state: HubState, held: ReadonlySet<string>) {
  const instruments: InstrumentRow[] = [];
  const prices: InstrumentPrice[] = [];
  const unpriced: string[] = [];
  const index = new Map<string, number>();
  for (const security of state.reference.securities.values()) {
    if (!held.has(security.id)) continue;
    const price = priceOf(state, security);
    if (price === undefined) {
      unpriced.push(security.id);
      continue;
    }
    index.set(security.id, instruments.length);
    instruments.push(instrumentRow(security, price));
    prices.push(price);
  }
  for (const currency of CURRENCY_CODES) {
    const id = cashInstrumentId(currency);
    if (!held.has(id)) continue;
    index.set(id, instruments.length);
    instruments.push(cashInstrument(currency));
    prices.push({ instrument: id, source: 'cash', price_minor: 1n, previous_price_minor: 1n });
  }
  return { instruments, prices, unpriced, index };
}

/** The risk accounts (`<holder>@<ccp>`) and their quantities, gathered from the ledger and posttrade. */
class AccountBook {
  readonly accounts: AccountRow[] = [];
  readonly quantities = new Map<string, bigint>(); // `<account index>\0<instrument id>` → units
  readonly held = new Set<string>();
  private readonly index = new Map<string, number>();

  constructor(private readonly reference: ReferenceState) {}

  indexOf(owner: string, ccp: CcpId): number | undefined {
    const id = `${owner}@${ccp}`;
    const known = this.index.get(id);
    if (known !== undefined) return known;
    const row = accountRow(this.reference, owner, ccp);
    if (row === undefined) return undefined;
    this.index.set(id, this.accounts.length);
    this.accounts.push(row);
    return this.accounts.length - 1;
  }

  add(owner: string, ccp: CcpId, instrument: string, units: bigint): void {
    if (units === 0n) return;
    const a = this.indexOf(owner, ccp);
    if (a === undefined) return;
    const key = `${a}\u0000${instrument}`;
    this.quantities.set(key, (this.quantities.get(key) ?? 0n) + units);
    this.held.add(instrument);
  }
}

/** A cash leg's instrument: one per currency, valued at one minor unit per unit. */
export function cashInstrumentId(currency: CurrencyCode): string {
  return `cash:${currency}`;
}

function cashInstrument(currency: CurrencyCode): InstrumentRow {
  // A market is only a selector for price moves, and no move reaches cash: the renminbi's is the
  // Mainland's, every other currency's Hong Kong's.
  const market = currency === 'CNY' || currency === 'CNH' ? 'XSHG' : 'XHKG';
  return { id: cashInstrumentId(currency), market, currency, kind: 'cash', price_minor: 1n };
}

/** Each CCP's cash on the ledger, in every currency it holds (tokenized money is not counted). */
function ccpCash(state: HubState): LiquidResourceRow[] {
  const rows: LiquidResourceRow[] = [];
  for (const [owner, ccp] of Object.entries(CCP_GROUPS)) {
    for (const currency of CURRENCY_CODES) {
      const account = state.ledger.accounts.get(cashAccountId(owner, currency));
      const amount_minor = account === undefined ? 0n : postedBalance(account);
      if (amount_minor > 0n) rows.push({ ccp, kind: 'cash', currency, amount_minor });
    }
  }
  return rows;
}

export function ccpOf(security: Security): CcpId | undefined {
  switch (security.market) {
    case 'XSHG':
    case 'XSHE':
    case 'CIBM':
      return 'chinaclear';
    case 'XHKG':
    case 'CMU':
      return 'hkscc';
    default:
      return undefined;
  }
}

function accountRow(reference: ReferenceState, owner: string, ccp: CcpId): AccountRow | undefined {
  const investor = reference.investors.get(owner);
  if (investor !== undefined) {
    return {
      id: `${owner}@${ccp}`,
      participant: investor.broker,
      investor_type: investor.type,
      ccp,
      affiliate_group: reference.parties.get(investor.broker)?.group ?? investor.broker,
    };
  }
  const party = reference.parties.get(owner);
  if (party === undefined || party.roles.some((role) => NON_HOLDER_ROLES.has(role))) {
    return undefined;
  }
  return {
    id: `${owner}@${ccp}`,
    participant: owner,
    investor_type: 'institutional',
    ccp,
    affiliate_group: party.group ?? owner,
  };
}

function instrumentRow(security: Security, price: InstrumentPrice): InstrumentRow {
  const common = {
    id: security.id,
    market: security.market,
    currency: security.currency,
    price_minor: price.price_minor,
  };
  if (security.kind !== 'bond') return { ...common, kind: 'equity' };
  return {
    ...common,
    kind: 'bond',
    modified_duration_e4: price.modified_duration_e4 ?? 0,
    convexity_e4: price.convexity_e4 ?? 0,
  };
}

const E8 = 100_000_000n;

function fxRates(state: HubState): { rates: FxRateRow[]; source: FxSource } {
  const limit = state.payments.settings.rates;
  if (limit === null || limit.hkd_per_cny_e8 <= 0n || limit.usd_per_cny_e8 <= 0n) {
    return { rates: [...STATED_FX_RATES], source: 'stated_table' };
  }
  const rate = (currency: CurrencyCode, hkd_per_unit_e8: bigint): FxRateRow => ({
    currency,
    hkd_per_unit_e8,
  });
  const eur = STATED_FX_RATES.find((r) => r.currency === 'EUR') as FxRateRow;
  return {
    rates: [
      rate('CNY', limit.hkd_per_cny_e8),
      rate('CNH', limit.hkd_per_cny_e8),
      rate('USD', divRound(limit.hkd_per_cny_e8 * E8, limit.usd_per_cny_e8, 'half_up')),
      eur,
    ],
    source: 'payment_limit_rates',
  };
}

/**
 * The risk core's inputs from the hub's state (docs/risk.md "Inputs from the hub"): a pure
 * function of `HubState`, so a risk figure is a function of the state it was computed on.
 *
 * - Accounts: one risk account per holder and CCP, `<holder>@<ccp>`, gathering the holder's own
 *   securities accounts on the ledger (nominee tiers are omnibus and left out, as are the CSDs',
 *   the CCPs' and issuance accounts). Its participant (clearing member) is an investor's broker,
 *   or the party itself; its investor type the investor's, `institutional` for a party; its
 *   affiliate group its participant's id (the hub records no affiliations: *assumption*).
 * - CCP: ChinaClear for SSE and SZSE securities (Mainland holders and Northbound holdings alike),
 *   HKSCC for SEHK securities (Hong Kong holders and Southbound). The core knows only those two:
 *   interbank (CIBM) bonds are counted at ChinaClear and CMU bonds at HKSCC, for the Mainland
 *   and the Hong Kong side (*assumption*: neither is cleared by that CCP). Tokens on the
 *   platform are settled against the shared book's reserve fund, not a CCP: left out.
 * - Positions: each account's posted balance in units (shares; bonds in ledger units of face).
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
  PortfolioInput,
  PositionRow,
} from '../../oversight/risk/index.js';
import type { CurrencyCode, ReferenceState, Security } from '../../reference/index.js';
import type { HubState } from '../state.js';
import { type InstrumentPrice, priceOf } from './prices.js';

export type FxSource = 'payment_limit_rates' | 'stated_table';

export interface HubRiskInputs {
  readonly portfolio: PortfolioInput;
  /** One per `portfolio.instruments`, in the same order. */
  readonly prices: readonly InstrumentPrice[];
  /** Securities held on the ledger that have no price (left out of the portfolio). */
  readonly unpriced: readonly string[];
  readonly fx_source: FxSource;
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

export function riskInputs(state: HubState): HubRiskInputs {
  const reference = state.reference;
  const accounts: AccountRow[] = [];
  const account_index = new Map<string, number>();
  const quantities = new Map<string, bigint>(); // `<account index>\0<isin>` → units
  const held = new Set<string>();
  for (const ledger_account of state.ledger.account_list) {
    if (ledger_account.omnibus || ledger_account.purpose !== 'available') continue;
    const security = reference.securities.get(ledger_account.asset);
    const ccp = security === undefined ? undefined : ccpOf(security);
    if (security === undefined || ccp === undefined) continue;
    const row = accountRow(reference, ledger_account.owner, ccp);
    if (row === undefined) continue;
    const units = postedBalance(ledger_account);
    if (units === 0n) continue;
    let a = account_index.get(row.id);
    if (a === undefined) {
      a = accounts.length;
      accounts.push(row);
      account_index.set(row.id, a);
    }
    const key = `${a}\u0000${security.id}`;
    quantities.set(key, (quantities.get(key) ?? 0n) + units);
    held.add(security.id);
  }
  const instruments: InstrumentRow[] = [];
  const prices: InstrumentPrice[] = [];
  const unpriced: string[] = [];
  const instrument_index = new Map<string, number>();
  for (const security of reference.securities.values()) {
    if (!held.has(security.id)) continue;
    const price = priceOf(state, security);
    if (price === undefined) {
      unpriced.push(security.id);
      continue;
    }
    instrument_index.set(security.id, instruments.length);
    instruments.push(instrumentRow(security, price));
    prices.push(price);
  }
  const positions: PositionRow[] = [];
  for (const [key, quantity] of quantities) {
    const [a, isin] = key.split('\u0000') as [string, string];
    const instrument = instrument_index.get(isin);
    if (instrument !== undefined) positions.push({ account: Number(a), instrument, quantity });
  }
  const fx = fxRates(state);
  return {
    portfolio: { accounts, instruments, positions, collateral: [], fx_rates: fx.rates },
    prices,
    unpriced,
    fx_source: fx.source,
  };
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
      affiliate_group: investor.broker,
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
    affiliate_group: owner,
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

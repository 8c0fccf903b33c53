/**
 * The hub's account layout: the one place that says which ledger account holds what for whom.
 * The ledger, the Connect rules (holdings), settlement (the resolver) and genesis all use it.
 *
 * - cash: `<owner>/<asset>` (available), `<issuer>/<asset>/issuance`;
 * - A shares: Mainland holders directly at ChinaClear `<ISIN>/CSDC/<holder>`; Northbound holders
 *   in the nominee chain `<ISIN>/CSDC/HKSCC` → `<ISIN>/HKSCC/<broker>` → `<ISIN>/<broker>/<holder>`;
 * - HK shares: CCASS participants `<ISIN>/HKSCC/<broker>` → `<ISIN>/<broker>/<holder>`; Southbound
 *   holders `<ISIN>/HKSCC/CSDC.SH` → `<ISIN>/CSDC.SH/<broker>` → `<ISIN>/<broker>.SH/<holder>`
 *   (or `.SZ` for the Shenzhen channel);
 * - tokens on the VATP: `<ISIN>/<platform>/<holder>`; bonds in CMU: `<ISIN>/CMU/<holder>`;
 * - each security's issuance account at its CSD: `<csd>/<ISIN>/issuance`;
 * - the shared book's pre-funding holds land in `HDX/<asset>/prefund` (cash and tokens).
 * @module
 */

import type { AccountInput } from '../ledger/index.js';
import type { Investor, Party, ReferenceState, Security } from '../reference/index.js';

export function cashAccountId(owner: string, asset: string): string {
  return `${owner}/${asset}`;
}

export function issuanceAccountId(issuer: string, asset: string): string {
  return `${issuer}/${asset}/issuance`;
}

/** The platform's account that receives the pending side of pre-funding holds on the shared book. */
export function prefundAccountId(asset: string): string {
  return `HDX/${asset}/prefund`;
}

/**
 * The pre-funding accounts the shared book needs: one per token it trades and one per cash asset
 * those tokens settle in (`cash_asset_by_currency`, settlement's own mapping). Opened by the
 * operator (genesis does); an order whose account is missing is refused `PREFUND_ACCOUNT_MISSING`.
 */
export function prefundAccountInputs(
  reference: ReferenceState,
  cash_asset_by_currency: Readonly<Record<string, string>>,
): AccountInput[] {
  const assets = new Set<string>();
  for (const security of reference.securities.values()) {
    if (security.market !== 'VATP') continue;
    assets.add(security.id);
    const cash = cash_asset_by_currency[security.currency];
    if (cash !== undefined) assets.add(cash);
  }
  return [...assets].map((asset) => ({
    id: prefundAccountId(asset),
    owner: 'HDX',
    asset,
    purpose: 'held',
    debits_must_not_exceed_credits: false,
    credits_must_not_exceed_debits: false,
  }));
}

export function holdingAccountId(asset: string, custodian: string, holder: string): string {
  return `${asset}/${custodian}/${holder}`;
}

/** The CSD where a security is issued and held at the top tier. */
export function csdOf(security: Security): string {
  switch (security.market) {
    case 'XSHG':
    case 'XSHE':
      return 'CSDC';
    case 'XHKG':
      return 'HKSCC';
    case 'CMU':
      return 'HKMA';
    default:
      return security.issuer ?? 'HDX';
  }
}

type Channel = 'SH' | 'SZ';

/** A Mainland investor's Southbound channel: registered, else the broker's first Mainland exchange. */
export function southboundChannel(
  reference: ReferenceState,
  broker: string,
  registered?: string,
): Channel {
  if (registered === 'XSHE') return 'SZ';
  if (registered === 'XSHG') return 'SH';
  const markets = reference.parties.get(broker)?.exchange_participant_of ?? [];
  return markets.includes('XSHG') || !markets.includes('XSHE') ? 'SH' : 'SZ';
}

/**
 * The account in which `owner` holds `security`, or undefined when the layout has none
 * (a Hong Kong broker without China Connect has no Northbound account).
 */
export function securitiesAccountId(
  reference: ReferenceState,
  owner: string,
  security: Security,
  registered_channel?: string,
): string | undefined {
  const investor = reference.investors.get(owner);
  const party = reference.parties.get(owner);
  if (investor === undefined && party === undefined) return undefined;
  const broker = investor?.broker ?? owner;
  const mainland = isMainland(reference, investor, party);
  switch (security.market) {
    case 'XSHG':
    case 'XSHE':
      return mainland
        ? holdingAccountId(security.id, 'CSDC', owner)
        : holdingAccountId(security.id, broker, owner);
    case 'XHKG': {
      if (!mainland) return holdingAccountId(security.id, broker, owner);
      const channel = southboundChannel(reference, broker, registered_channel);
      return holdingAccountId(security.id, `${broker}.${channel}`, owner);
    }
    case 'CMU':
      return holdingAccountId(security.id, 'CMU', owner);
    default:
      return holdingAccountId(security.id, investor === undefined ? owner : 'HDX', owner);
  }
}

/** Mainland holders hold A shares at ChinaClear and trade Hong Kong shares Southbound. */
function isMainland(
  reference: ReferenceState,
  investor: Investor | undefined,
  party: Party | undefined,
): boolean {
  if (investor !== undefined) return reference.parties.get(investor.broker)?.jurisdiction === 'CN';
  return party?.jurisdiction === 'CN';
}

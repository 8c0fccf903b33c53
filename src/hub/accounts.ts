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
 * - tokens on the VATP: `<ISIN>/<platform>/<holder>`;
 * - bonds (the nominee chains of Bond Connect, `bondHoldingChain`): CMU bonds held by Hong Kong
 *   and overseas holders directly in CMU, `<ISIN>/CMU/<holder>`; by Mainland holders
 *   (Southbound) through their custodian's nominee account in CMU, `<ISIN>/CMU/SHCH` →
 *   `<ISIN>/SHCH/<holder>`. Interbank (CIBM) bonds held by Mainland holders directly at the CSD,
 *   `<ISIN>/<CCDC|SHCH>/<holder>`; by overseas holders (Northbound) through CMU's nominee
 *   account at the CSD and their custodian in CMU, `<ISIN>/<CSD>/CMU` → `<ISIN>/CMU/<custodian>`
 *   → `<ISIN>/<custodian>/<holder>`;
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

/** The CSD's issuance account in a security: credits may never exceed debits (units issued). */
export function issuanceAccountInput(security: Security): AccountInput {
  return {
    id: issuanceAccountId(csdOf(security), security.id),
    owner: csdOf(security),
    asset: security.id,
    purpose: 'issuance',
    debits_must_not_exceed_credits: false,
    credits_must_not_exceed_debits: true,
  };
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
    case 'CIBM':
      return security.csd ?? 'CCDC';
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
    case 'CIBM':
      return bondHoldingChain(reference, owner, security)?.at(-1)?.id;
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

/** CMU's own tier at an onshore CSD, and the custodian tier's name in CMU. */
const CMU = 'CMU';
/** The owner of CMU's accounts: the HKMA operates CMU. */
const CMU_OPERATOR = 'HKMA';
/**
 * The Mainland custodian whose nominee account in CMU holds Southbound investors' bonds.
 * Assumption: one Mainland infrastructure stands for all (SHCH; CCDC also holds for Southbound).
 */
export const SOUTHBOUND_BOND_NOMINEE = 'SHCH';

/**
 * The accounts from the top tier down to `owner`'s own account in `security` (a CMU or CIBM
 * bond): the omnibus tiers first (each the parent of the next), the owner's account last. An
 * overseas owner holds an interbank bond through its global custodian (a CMU member: the owner
 * itself when it is a bank or custodian, else the first registered custodian); undefined when
 * the owner is unknown or has no custodian.
 */
export function bondHoldingChain(
  reference: ReferenceState,
  owner: string,
  security: Security,
): AccountInput[] | undefined {
  const investor = reference.investors.get(owner);
  const party = reference.parties.get(owner);
  if (investor === undefined && party === undefined) return undefined;
  const isin = security.id;
  const mainland = isMainland(reference, investor, party);
  if (security.market === 'CMU') {
    if (!mainland) return [holdingAccountInput(holdingAccountId(isin, CMU, owner), owner, isin)];
    return tiers(isin, owner, [[CMU, SOUTHBOUND_BOND_NOMINEE]]);
  }
  const csd = csdOf(security);
  if (mainland) return [holdingAccountInput(holdingAccountId(isin, csd, owner), owner, isin)];
  const custodian = bondCustodianOf(reference, party);
  if (custodian === undefined) return undefined;
  return tiers(isin, owner, [
    [csd, CMU],
    [CMU, custodian],
  ]);
}

/** Omnibus tiers [custodian, holder] from the top, then the owner's account under the last. */
function tiers(
  isin: string,
  owner: string,
  omnibus: readonly (readonly [string, string])[],
): AccountInput[] {
  const accounts: AccountInput[] = [];
  let parent: string | undefined;
  for (const [custodian, holder] of omnibus) {
    const id = holdingAccountId(isin, custodian, holder);
    const holder_owner = holder === CMU ? CMU_OPERATOR : holder;
    accounts.push(holdingAccountInput(id, holder_owner, isin, parent, true));
    parent = id;
  }
  const last = omnibus.at(-1)?.[1] ?? CMU;
  accounts.push(holdingAccountInput(holdingAccountId(isin, last, owner), owner, isin, parent));
  return accounts;
}

/** An overseas holder's custodian in CMU: itself if a bank or custodian, else the first one. */
function bondCustodianOf(reference: ReferenceState, party: Party | undefined): string | undefined {
  if (party !== undefined && (party.roles.includes('bank') || party.roles.includes('custodian'))) {
    return party.id;
  }
  for (const candidate of reference.parties.values()) {
    if (candidate.roles.includes('custodian') && candidate.jurisdiction !== 'CN') {
      return candidate.id;
    }
  }
  return undefined;
}

/** A holding account (or, with `omnibus`, a tier of them) in a security: never overdrawn. */
export function holdingAccountInput(
  id: string,
  owner: string,
  asset: string,
  parent_id?: string,
  omnibus = false,
): AccountInput {
  return {
    id,
    owner,
    asset,
    purpose: omnibus ? 'omnibus' : 'available',
    debits_must_not_exceed_credits: true,
    credits_must_not_exceed_debits: false,
    ...(parent_id === undefined ? {} : { parent_id }),
    ...(omnibus ? { omnibus: true } : {}),
  };
}

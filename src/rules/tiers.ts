/**
 * Tiered holding of Connect securities as ledger accounts (src/ledger omnibus chains). Northbound:
 * ChinaClear holds HKSCC's omnibus account; HKSCC holds each China Connect broker's omnibus
 * account; each broker holds its clients' accounts. Southbound mirrors it: HKSCC holds ChinaClear's
 * omnibus account, one per channel (ChinaClear Shanghai and ChinaClear Shenzhen are separate CCASS
 * participants), then the Mainland brokers of that channel, then their clients.
 *
 * Account ids: `<ISIN>/<custodian>/<holder>`, "the holder's account in this security kept by the
 * custodian"; Southbound custodians under ChinaClear carry the channel, `.SH` or `.SZ`:
 *
 *   CNE0000018R8/CSDC/HKSCC                 HKSCC at ChinaClear (omnibus, top tier)
 *   CNE0000018R8/HKSCC/HARBOUR              HARBOUR at HKSCC (omnibus)
 *   CNE0000018R8/HARBOUR/hk-retail-chan     the client at HARBOUR
 *   KYG875721634/HKSCC/CSDC.SH              ChinaClear (Shanghai channel) at HKSCC (omnibus)
 *   KYG875721634/CSDC.SH/BUND               BUND at ChinaClear, Shanghai channel (omnibus)
 *   KYG875721634/BUND.SH/cn-retail-zhang    the client at BUND, Shanghai channel
 *
 * A broker's own (house) account sits beside its clients': `<ISIN>/HARBOUR/HARBOUR`.
 * @module
 */

import { accept, type Outcome } from '../kernel/index.js';
import type { AccountInput } from '../ledger/index.js';
import type { Party, ReferenceState, Security } from '../reference/index.js';
import { refuse } from './codes.js';
import { type Link, linkInfo, type MainlandMarket } from './links.js';

/** The central securities depositories' party ids. */
export interface TierParties {
  readonly hkscc: string;
  readonly chinaclear: string;
}

/** The demo's ids for HKSCC and ChinaClear. */
export const DEFAULT_TIER_PARTIES: TierParties = Object.freeze({
  hkscc: 'HKSCC',
  chinaclear: 'CSDC',
});

const CHANNEL_TAG: Readonly<Record<MainlandMarket, string>> = { XSHG: 'SH', XSHE: 'SZ' };

/** `<asset>/<custodian>/<holder>`. */
export function holdingAccountId(asset: string, custodian: string, holder: string): string {
  return `${asset}/${custodian}/${holder}`;
}

/** The account of an owner (client or house) of `broker` holding `instrument` through `link`. */
export function connectAccountId(
  link: Link,
  broker: string,
  owner: string,
  instrument: string,
): string {
  const info = linkInfo(link);
  const custodian =
    info.direction === 'northbound' ? broker : `${broker}.${CHANNEL_TAG[info.mainland_market]}`;
  return holdingAccountId(instrument, custodian, owner);
}

/** Options: which securities (default: every Connect-market stock and ETF), which CSD parties. */
export interface LayoutOptions {
  readonly securities?: readonly string[];
  readonly parties?: TierParties;
}

/**
 * Every account of the tiered holding, parents before children, in reference-data order.
 * Refuses if a CSD party is missing or an id would be longer than the ledger allows.
 */
export function connectAccountLayout(
  reference: ReferenceState,
  options: LayoutOptions = {},
): Outcome<AccountInput[]> {
  const parties = options.parties ?? DEFAULT_TIER_PARTIES;
  for (const id of [parties.hkscc, parties.chinaclear]) {
    if (!reference.parties.has(id)) return refuse('UNKNOWN_PARTY', `No party ${id}`, { party: id });
  }
  const wanted = options.securities === undefined ? null : new Set(options.securities);
  const accounts: AccountInput[] = [];
  for (const security of reference.securities.values()) {
    if (wanted !== null && !wanted.has(security.id)) continue;
    if (security.kind !== 'stock' && security.kind !== 'etf') continue;
    if (security.market === 'XSHG' || security.market === 'XSHE') {
      accounts.push(...northboundTiers(reference, security, parties));
    } else if (security.market === 'XHKG') {
      accounts.push(...southboundTiers(reference, security, parties, 'XSHG'));
      accounts.push(...southboundTiers(reference, security, parties, 'XSHE'));
    }
  }
  const long = accounts.find((account) => account.id.length > 64);
  if (long !== undefined) {
    return refuse('ACCOUNT_ID_TOO_LONG', 'An account id would be longer than 64 characters', {
      account_id: long.id,
      length: long.id.length,
    });
  }
  return accept(accounts);
}

function northboundTiers(reference: ReferenceState, security: Security, p: TierParties) {
  const top = omnibus(holdingAccountId(security.id, p.chinaclear, p.hkscc), p.hkscc, security.id);
  const accounts: AccountInput[] = [top];
  for (const broker of reference.parties.values()) {
    if (broker.china_connect === 'none') continue;
    const middle = omnibus(
      holdingAccountId(security.id, p.hkscc, broker.id),
      broker.id,
      security.id,
      top.id,
    );
    accounts.push(
      middle,
      ...clientAccounts(reference, security.id, broker, broker.id, middle.id, false),
    );
  }
  return accounts;
}

function southboundTiers(
  reference: ReferenceState,
  security: Security,
  p: TierParties,
  channel: MainlandMarket,
) {
  const tag = CHANNEL_TAG[channel];
  const chinaclear = `${p.chinaclear}.${tag}`;
  const top = omnibus(
    holdingAccountId(security.id, p.hkscc, chinaclear),
    p.chinaclear,
    security.id,
  );
  const accounts: AccountInput[] = [top];
  for (const broker of reference.parties.values()) {
    if (!broker.roles.includes('broker') || !broker.exchange_participant_of.includes(channel))
      continue;
    const middle = omnibus(
      holdingAccountId(security.id, chinaclear, broker.id),
      broker.id,
      security.id,
      top.id,
    );
    const custodian = `${broker.id}.${tag}`;
    accounts.push(
      middle,
      ...clientAccounts(reference, security.id, broker, custodian, middle.id, true),
    );
  }
  return accounts;
}

function clientAccounts(
  reference: ReferenceState,
  asset: string,
  broker: Party,
  custodian: string,
  parent_id: string,
  mainland_only: boolean,
): AccountInput[] {
  const accounts = [
    holder(holdingAccountId(asset, custodian, broker.id), broker.id, asset, parent_id),
  ];
  for (const investor of reference.investors.values()) {
    if (investor.broker !== broker.id) continue;
    if (mainland_only && investor.jurisdiction !== 'CN') continue;
    accounts.push(
      holder(holdingAccountId(asset, custodian, investor.id), investor.id, asset, parent_id),
    );
  }
  return accounts;
}

function omnibus(id: string, owner: string, asset: string, parent_id?: string): AccountInput {
  return {
    id,
    owner,
    asset,
    purpose: 'omnibus',
    debits_must_not_exceed_credits: true,
    credits_must_not_exceed_debits: false,
    ...(parent_id === undefined ? {} : { parent_id }),
    omnibus: true,
  };
}

function holder(id: string, owner: string, asset: string, parent_id: string): AccountInput {
  return {
    id,
    owner,
    asset,
    purpose: 'available',
    debits_must_not_exceed_credits: true,
    credits_must_not_exceed_debits: false,
    parent_id,
  };
}

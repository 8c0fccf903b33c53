/**
 * Genesis, securities side: the accounts every holder of every demo security needs (top tier,
 * nominee chains for Northbound and Southbound, direct holdings at ChinaClear and in CCASS,
 * tokens at the platform, bonds in their nominee chains, issuance at the CSD), and opening
 * positions distributed from each issuance account, so that sellers have shares on day one.
 * @module
 */

import {
  bondHoldingChain,
  cashAccountId,
  holdingAccountId,
  holdingAccountInput,
  issuanceAccountInput,
  securitiesAccountId,
} from '../hub/accounts.js';
import type { AccountInput } from '../ledger/index.js';
import type { ReferenceState, Security } from '../reference/index.js';
import { connectAccountLayout } from '../rules/index.js';

export interface Position {
  readonly owner: string;
  readonly account_id: string;
  readonly units: bigint;
}

export function securitiesAccounts(reference: ReferenceState): AccountInput[] {
  const layout = connectAccountLayout(reference);
  if (!layout.ok) throw new Error(`connect layout: ${layout.code} ${layout.message}`);
  const accounts: AccountInput[] = [...layout.value];
  for (const security of reference.securities.values()) {
    accounts.push(issuanceAccountInput(security));
    accounts.push(...directHoldings(reference, security));
  }
  return accounts;
}

/** Accounts outside the Connect chains: ChinaClear direct, CCASS, the platform and CMU. */
function directHoldings(reference: ReferenceState, security: Security): AccountInput[] {
  const accounts: AccountInput[] = [];
  if (security.market === 'XSHG' || security.market === 'XSHE') {
    for (const owner of mainlandHolders(reference))
      accounts.push(
        holdingAccountInput(holdingAccountId(security.id, 'CSDC', owner), owner, security.id),
      );
  } else if (security.market === 'XHKG') {
    for (const broker of reference.parties.values()) {
      if (!broker.exchange_participant_of.includes('XHKG')) continue;
      const ccass = holdingAccountId(security.id, 'HKSCC', broker.id);
      accounts.push(holdingAccountInput(ccass, broker.id, security.id, undefined, true));
      accounts.push(
        holdingAccountInput(
          holdingAccountId(security.id, broker.id, broker.id),
          broker.id,
          security.id,
          ccass,
        ),
      );
      for (const investor of reference.investors.values()) {
        if (investor.broker === broker.id)
          accounts.push(
            holdingAccountInput(
              holdingAccountId(security.id, broker.id, investor.id),
              investor.id,
              security.id,
              ccass,
            ),
          );
      }
    }
  } else if (security.market === 'VATP') {
    for (const platform of ['HDX', 'HDXG'])
      accounts.push(
        holdingAccountInput(
          holdingAccountId(security.id, platform, platform),
          platform,
          security.id,
        ),
      );
  } else {
    accounts.push(...bondChains(reference, security));
  }
  return accounts;
}

/** Each bond holder's nominee chain (src/hub/accounts.ts), each shared tier opened once. */
function bondChains(reference: ReferenceState, security: Security): AccountInput[] {
  const accounts: AccountInput[] = [];
  const seen = new Set<string>();
  for (const owner of bondHolders(reference, security)) {
    for (const tier of bondHoldingChain(reference, owner, security) ?? []) {
      if (!seen.has(tier.id)) accounts.push(tier);
      seen.add(tier.id);
    }
  }
  return accounts;
}

function mainlandHolders(reference: ReferenceState): string[] {
  const holders: string[] = [];
  for (const party of reference.parties.values()) {
    if (
      party.jurisdiction === 'CN' &&
      (party.roles.includes('broker') || party.roles.includes('market_maker'))
    )
      holders.push(party.id);
  }
  for (const investor of reference.investors.values()) {
    if (reference.parties.get(investor.broker)?.jurisdiction === 'CN') holders.push(investor.id);
  }
  return holders;
}

/**
 * Hong Kong banks and institutions; for an interbank bond also the Mainland market makers. (A
 * Mainland bank, ICBC, is in the demo for Payment Connect; it keeps no Hong Kong bonds and so
 * needs no cash account in their currencies for their coupons.)
 */
function bondHolders(reference: ReferenceState, security: Security): string[] {
  const banks = [...reference.parties.values()]
    .filter((p) => p.roles.includes('bank') && p.jurisdiction === 'HK')
    .map((p) => p.id);
  const institutions = [...reference.investors.values()]
    .filter((i) => i.institutional && i.jurisdiction === 'HK')
    .map((i) => i.id);
  if (security.market !== 'CIBM') return [...banks, ...institutions];
  const makers = [...reference.parties.values()]
    .filter((p) => p.jurisdiction === 'CN' && p.roles.includes('market_maker'))
    .map((p) => p.id);
  return [...makers, ...banks, ...institutions];
}

/** Opening positions: market makers and institutions hold more than professionals and retail. */
export function openingPositions(reference: ReferenceState): Position[] {
  const positions: Position[] = [];
  for (const security of reference.securities.values()) {
    const lot = BigInt(security.lot_size === 1 ? 100 : security.lot_size);
    for (const owner of holdersOf(reference, security)) {
      const account_id = securitiesAccountId(reference, owner, security);
      if (account_id === undefined) continue;
      positions.push({ owner, account_id, units: lotsFor(reference, owner) * lot });
    }
  }
  return positions;
}

function holdersOf(reference: ReferenceState, security: Security): string[] {
  if (security.market === 'CMU' || security.market === 'CIBM') {
    return bondHolders(reference, security);
  }
  if (security.market === 'VATP') return ['HDX', 'HDXG'];
  const makers = security.market === 'XHKG' ? ['LIONROCK'] : ['LUJIAZUI'];
  const investors = [...reference.investors.values()]
    .filter((i) => security.market !== 'XHKG' || i.type !== 'qfii')
    .filter(
      (i) =>
        security.market === 'XHKG' ||
        reference.parties.get(i.broker)?.china_connect !== 'none' ||
        reference.parties.get(i.broker)?.jurisdiction === 'CN',
    )
    .map((i) => i.id);
  return [...makers, ...investors];
}

function lotsFor(reference: ReferenceState, owner: string): bigint {
  const investor = reference.investors.get(owner);
  if (investor === undefined) return 5_000n;
  if (investor.institutional) return 1_000n;
  return investor.professional ? 200n : 20n;
}

export { cashAccountId };

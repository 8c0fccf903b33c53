/**
 * Which ledger accounts posttrade settles on. The hub owns the account layout; posttrade asks an
 * injected resolver for the account of an owner, an asset and a role, and checks the answer
 * against the ledger at capture. `DEFAULT_RESOLVER` follows the genesis naming
 * (`<owner>/<asset>` for holdings, `<owner>/<asset>/issuance` for issuance), and
 * `posttradeAccountInputs` opens the accounts posttrade itself needs with the right flags.
 * @module
 */

import type { AccountInput, AccountPurpose } from '../ledger/index.js';
import type { PosttradeConfig } from './config.js';

/**
 * - `holding`: an owner's account for a security or cash asset (an investor's sub-account in its
 *   broker's omnibus, a party's own account). Deliveries and payments debit and credit it.
 * - `issuance`: an issuer's issuance account, for primary allocations.
 * - `ccp`: a central counterparty's settlement account (never below zero).
 * - `agent`: a settlement agent's account (ChinaClear's HKD and RMB accounts for southbound).
 * - `transit`: the operator's netting account per asset; back to zero after every batch.
 * - `penalty`: where settlement-fail penalties are collected, per cash asset.
 * - `reserve_fund`: the shared book's reserve fund.
 */
export const ACCOUNT_ROLES = [
  'holding',
  'issuance',
  'ccp',
  'agent',
  'transit',
  'penalty',
  'reserve_fund',
] as const;
/** One of `ACCOUNT_ROLES`. */
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/** Maps (owner, asset, role) to a ledger account id, or undefined when there is none. */
export interface AccountResolver {
  accountFor(owner: string, asset: string, role: AccountRole): string | undefined;
}

/** `<owner>/<asset>` for holdings, `<owner>/<asset>/<role>` otherwise (genesis naming). */
export function defaultAccountId(owner: string, asset: string, role: AccountRole): string {
  return role === 'holding' ? `${owner}/${asset}` : `${owner}/${asset}/${role}`;
}

/** The resolver that uses `defaultAccountId` for every role. */
export const DEFAULT_RESOLVER: AccountResolver = Object.freeze({ accountFor: defaultAccountId });

/** An account posttrade needs opened. */
export interface AccountNeed {
  readonly owner: string;
  readonly asset: string;
  readonly role: AccountRole;
  /** The omnibus account above it, for holdings in a nominee chain. */
  readonly parent_id?: string | undefined;
}

const PURPOSE: { readonly [role in AccountRole]: AccountPurpose } = {
  holding: 'available',
  issuance: 'issuance',
  ccp: 'settlement',
  agent: 'settlement',
  transit: 'settlement',
  penalty: 'settlement',
  reserve_fund: 'reserve_fund',
};

/** The ledger account for a need: holders may not go below zero; transit has no limit. */
export function accountInputFor(
  need: AccountNeed,
  resolver: AccountResolver = DEFAULT_RESOLVER,
): AccountInput {
  const id = resolver.accountFor(need.owner, need.asset, need.role);
  if (id === undefined) throw new RangeError(`resolver has no ${need.role} account`);
  return {
    id,
    owner: need.owner,
    asset: need.asset,
    purpose: PURPOSE[need.role],
    debits_must_not_exceed_credits: need.role !== 'transit' && need.role !== 'issuance',
    credits_must_not_exceed_debits: need.role === 'issuance',
    parent_id: need.parent_id,
  };
}

/** What the settlement infrastructure trades and settles in, to open its accounts. */
export interface InfrastructurePlan {
  /** Securities each CCP clears, by CCP owner (`CSDC`, `HKSCC`). */
  readonly ccp_securities: Readonly<Record<string, readonly string[]>>;
  /** Cash assets each CCP settles in. */
  readonly ccp_cash: Readonly<Record<string, readonly string[]>>;
  /** Every asset netted in cycles (one transit account each). */
  readonly netted_assets: readonly string[];
  /** Cash assets penalties are collected in, by collecting owner. */
  readonly penalty_cash: Readonly<Record<string, readonly string[]>>;
}

/**
 * The accounts posttrade itself needs: CCP settlement accounts, transit accounts, penalty
 * accounts, ChinaClear's southbound agent accounts and the reserve fund. Holdings (investors,
 * brokers, the FX bank) are the hub's and are not included.
 */
export function posttradeAccountInputs(
  config: PosttradeConfig,
  plan: InfrastructurePlan,
  resolver: AccountResolver = DEFAULT_RESOLVER,
): AccountInput[] {
  const needs: AccountNeed[] = [];
  for (const [ccp, assets] of Object.entries(plan.ccp_securities)) {
    for (const asset of assets) needs.push({ owner: ccp, asset, role: 'ccp' });
  }
  for (const [ccp, assets] of Object.entries(plan.ccp_cash)) {
    for (const asset of assets) needs.push({ owner: ccp, asset, role: 'ccp' });
  }
  for (const asset of plan.netted_assets) {
    needs.push({ owner: config.operator, asset, role: 'transit' });
  }
  for (const [owner, assets] of Object.entries(plan.penalty_cash)) {
    for (const asset of assets) needs.push({ owner, asset, role: 'penalty' });
  }
  const sb = config.southbound;
  needs.push({ owner: sb.agent, asset: sb.hkd_asset, role: 'agent' });
  needs.push({ owner: sb.agent, asset: sb.rmb_asset, role: 'agent' });
  const fund = config.reserve_fund;
  needs.push({ owner: fund.owner, asset: fund.asset, role: 'reserve_fund' });
  return needs.map((need) => accountInputFor(need, resolver));
}

/**
 * Cash down the nominee tiers (docs/bonds.md §8.4): a coupon or a redemption is paid by the
 * issuer to the bond's paying agent (its CSD: CCDC or SHCH for an interbank bond, the HKMA for
 * CMU), which pays each top-tier account's owner; each omnibus tier's owner (CMU's operator, a
 * custodian) passes on what its sub-accounts are owed, down to the beneficial owners at the
 * leaves. Every beneficial owner is paid once; an intermediary receives exactly what it pays on,
 * so its cash balance is unchanged by the run and the batch conserves money. Legs run top down
 * (an intermediary is paid before it pays) in one all-or-nothing transfer batch.
 * @module
 */

import { type Outcome, reject } from '../../kernel/index.js';
import type { Account } from '../../ledger/index.js';
import { cashAccountId } from '../accounts.js';
import type { HubState } from '../state.js';
import { cashAccountOf } from './holders.js';

/** The cash legs of a run, in order: debit handle, credit handle, amount. */
export interface CashLegs {
  readonly debits: number[];
  readonly credits: number[];
  readonly amounts: bigint[];
  /** What the payer pays: the sum of the leaves' amounts. */
  readonly total_minor: bigint;
}

/** Per omnibus tier: what its sub-accounts are owed, and its depth (0 = top). */
interface Tier {
  readonly account: Account;
  readonly depth: number;
  owed_minor: bigint;
}

/**
 * The legs paying `amounts[i]` to `leaf_cash[i]`, the cash account of `holdings[i]`'s owner,
 * through the tiers above it (a zero amount: nothing). A leg whose two sides
 * are one account (a custodian's own holding) moves nothing and is left out.
 */
export function tierCashLegs(
  state: HubState,
  currency: string,
  payer: Account,
  agent: Account,
  holdings: readonly Account[],
  leaf_cash: readonly Account[],
  amounts: readonly bigint[],
  missing_code: string,
): Outcome<CashLegs> {
  const tiers = new Map<Account, Tier>();
  let total = 0n;
  for (let i = 0; i < holdings.length; i += 1) {
    const amount = amounts[i] as bigint;
    if (amount === 0n) continue;
    total += amount;
    const path = (holdings[i] as Account).path;
    for (let k = 1; k < path.length; k += 1) {
      const account = path[k] as Account;
      const tier = tiers.get(account);
      if (tier === undefined) {
        tiers.set(account, { account, depth: path.length - 1 - k, owed_minor: amount });
      } else {
        tier.owed_minor += amount;
      }
    }
  }
  const legs: CashLegs = { debits: [], credits: [], amounts: [], total_minor: total };
  pushLeg(legs, payer, agent, total);
  const ordered = [...tiers.values()].sort((a, b) => a.depth - b.depth);
  for (const tier of ordered) {
    const from = fromOf(state, currency, tier.account, agent, missing_code);
    if (!from.ok) return from;
    const to = ownerCash(state, currency, tier.account, missing_code);
    if (!to.ok) return to;
    pushLeg(legs, from.value, to.value, tier.owed_minor);
  }
  for (let i = 0; i < holdings.length; i += 1) {
    const amount = amounts[i] as bigint;
    if (amount === 0n) continue;
    const from = fromOf(state, currency, holdings[i] as Account, agent, missing_code);
    if (!from.ok) return from;
    pushLeg(legs, from.value, leaf_cash[i] as Account, amount);
  }
  return { ok: true, value: legs };
}

function pushLeg(legs: CashLegs, from: Account, to: Account, amount: bigint): void {
  if (from === to || amount === 0n) return;
  legs.debits.push(from.handle);
  legs.credits.push(to.handle);
  legs.amounts.push(amount);
}

/** Who pays an account's owner: the owner of the tier above, or the paying agent at the top. */
function fromOf(
  state: HubState,
  currency: string,
  account: Account,
  agent: Account,
  missing_code: string,
): Outcome<Account> {
  if (account.parent === null) return { ok: true, value: agent };
  return ownerCash(state, currency, account.parent, missing_code);
}

function ownerCash(
  state: HubState,
  currency: string,
  account: Account,
  missing_code: string,
): Outcome<Account> {
  const cash = cashAccountOf(state, account.owner, currency);
  if (cash !== undefined) return { ok: true, value: cash };
  return reject(missing_code, 'A holder or a tier has no cash account in the currency', {
    holder: account.owner,
    account_id: cashAccountId(account.owner, currency),
    tier: account.omnibus,
  });
}

/** The paying agent's cash account in the currency: the bond's CSD's. */
export function payingAgentCash(state: HubState, csd: string, currency: string): Outcome<Account> {
  const cash = cashAccountOf(state, csd, currency);
  if (cash !== undefined) return { ok: true, value: cash };
  return reject('BOND_PAYING_AGENT_CASH_MISSING', 'The paying agent has no cash account', {
    paying_agent: csd,
    account_id: cashAccountId(csd, currency),
  });
}

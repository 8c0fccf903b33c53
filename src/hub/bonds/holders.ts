/**
 * The holders of a bond on the hub's ledger, for coupon runs and redemption: every non-omnibus
 * account of the bond with a positive posted balance (omnibus accounts mirror their sub-accounts,
 * so each unit is counted once, at its beneficial owner), each with its owner's cash account in
 * the bond's currency; and the units in issue (what the issuance accounts owe, their negative
 * balances), which the holdings must equal.
 * @module
 */

import { type Outcome, reject } from '../../kernel/index.js';
import { type Account, accountsOfAsset, accountsOfOwner } from '../../ledger/index.js';
import { cashAccountId } from '../accounts.js';
import type { HubState } from '../state.js';

export interface Holders {
  readonly holdings: Account[];
  /** Each holding's posted units, read once (a run at a million holders reads them again). */
  readonly units: bigint[];
  readonly cash: Account[];
  readonly units_in_issue: bigint;
}

/** The holders with their cash accounts, or `missing_code` naming a holder without one. */
export function holdersOf(
  state: HubState,
  isin: string,
  currency: string,
  missing_code: string,
): Outcome<Holders> {
  const holdings: Account[] = [];
  const units_held: bigint[] = [];
  const cash: Account[] = [];
  let units_in_issue = 0n;
  for (const account of accountsOfAsset(state.ledger, isin)) {
    if (account.omnibus) continue;
    const units = account.credits_posted - account.debits_posted;
    if (units < 0n) units_in_issue -= units;
    if (units <= 0n) continue;
    const cash_account = cashAccountOf(state, account.owner, currency);
    if (cash_account === undefined) {
      return reject(missing_code, 'A holder has no cash account in the currency to be paid in', {
        holder: account.owner,
        account_id: cashAccountId(account.owner, currency),
      });
    }
    holdings.push(account);
    units_held.push(units);
    cash.push(cash_account);
  }
  return { ok: true, value: { holdings, units: units_held, cash, units_in_issue } };
}

/**
 * The owner's cash account in the currency (`<owner>/<currency>`), found among the owner's own
 * few accounts; the id is compared in place, since building it per holder costs more than the rest.
 */
export function cashAccountOf(
  state: HubState,
  owner: string,
  currency: string,
): Account | undefined {
  const length = owner.length + 1 + currency.length;
  for (const account of accountsOfOwner(state.ledger, owner)) {
    const id = account.id;
    if (account.asset !== currency || id.length !== length) continue;
    if (id.startsWith(owner) && id.charCodeAt(owner.length) === SLASH && id.endsWith(currency)) {
      return account;
    }
  }
  return undefined;
}

const SLASH = 0x2f;

/** Units held in an account (posted). */
export function unitsOf(account: Account): bigint {
  return account.credits_posted - account.debits_posted;
}

/**
 * A memo of resolved accounts, so capturing a trade does not build and hash an account id string
 * per leg (`<ISIN>/<broker>/<holder>`, ten a novated trade) to look it up in the ledger again.
 * An entry is a `DraftAccount` as `resolveAccount` first built it; the same object comes back for
 * the same owner, asset, role and participant, and carries the slot recording interned it at.
 *
 * Not state: it holds nothing the resolver and the ledger would not answer again. Its owner (the
 * hub) forgets it whenever an answer could change (any command that is not an order, a rejected
 * command, time passing with effects); a forgotten memo costs one lookup by string per leg.
 * @module
 */

import type { AccountRole } from './accounts.js';

/** A resolved account: its id, and who its position is reported to. */
export interface DraftAccount {
  readonly id: string;
  readonly asset: string;
  readonly owner: string;
  readonly participant: string;
  /**
   * Where recording last found it in `state.accounts` (a hint, checked against the table before
   * use; -1 unknown): a memoized account (resolved.ts) is interned without a lookup by id.
   */
  slot: number;
}

interface Entry {
  readonly role: AccountRole;
  readonly account: DraftAccount;
}

/** Most accounts an owner's assets may memoize (a bound, not a limit anyone meets). */
const ENTRIES_MAX = 1_000_000;

export class ResolvedAccounts {
  private readonly by_owner = new Map<string, Map<string, Entry[]>>();
  private size = 0;

  /** The memoized account of `owner` in `asset` for `role`, reported to `participant`. */
  find(
    owner: string,
    asset: string,
    role: AccountRole,
    participant: string,
  ): DraftAccount | undefined {
    const entries = this.by_owner.get(owner)?.get(asset);
    if (entries === undefined) return undefined;
    for (let i = 0; i < entries.length; i += 1) {
      const entry = entries[i] as Entry;
      if (entry.role === role && entry.account.participant === participant) return entry.account;
    }
    return undefined;
  }

  remember(role: AccountRole, account: DraftAccount): void {
    if (this.size >= ENTRIES_MAX) this.forget();
    let assets = this.by_owner.get(account.owner);
    if (assets === undefined) {
      assets = new Map();
      this.by_owner.set(account.owner, assets);
    }
    let entries = assets.get(account.asset);
    if (entries === undefined) {
      entries = [];
      assets.set(account.asset, entries);
    }
    entries.push({ role, account });
    this.size += 1;
  }

  forget(): void {
    if (this.size === 0) return;
    this.by_owner.clear();
    this.size = 0;
  }
}

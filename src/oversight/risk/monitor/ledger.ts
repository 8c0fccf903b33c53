/**
 * Settled holdings from the ledger's events. `account_created` says whose an account is and what
 * it holds; every ledger event that moves money or securities carries the balances it left, so a
 * holding is set (never added up) from the holder account's posted balance. Counted: a holder's
 * own account in a registered security (never overdrawn, not an omnibus tier, not issuance, not
 * a CCP's or CSD's settlement plumbing).
 * @module
 */

import type { AccountBalance, AccountView } from '../../../ledger/index.js';
import type { PositionBook } from './positions.js';
import type { MonitorReference } from './reference.js';

const NOT_A_HOLDING = -1;
const PLUMBING = new Set(['issuance', 'omnibus', 'settlement', 'reserve_fund']);

export class LedgerAccounts {
  /**
   * Account id → holder cell, or NOT_A_HOLDING (cash, issuance, omnibus, …). The hub's ledger
   * events carry the account's own id string (`viewOf`, `balanceOf`), so a lookup meets a string
   * whose hash V8 has already computed (measured no slower than the kernel's IdIndex here).
   */
  private readonly accounts = new Map<string, number>();

  constructor(
    private readonly ref: MonitorReference,
    private readonly positions: PositionBook,
  ) {}

  onCreated(account: AccountView): void {
    if (!this.accounts.has(account.id)) this.accounts.set(account.id, this.cellOf(account));
  }

  private cellOf(account: AccountView): number {
    if (account.omnibus || PLUMBING.has(account.purpose)) return NOT_A_HOLDING;
    if (!account.debits_must_not_exceed_credits || account.credits_must_not_exceed_debits) {
      return NOT_A_HOLDING;
    }
    const instrument = this.ref.instruments.find(account.asset);
    if (instrument < 0 || (this.ref.market[instrument] as number) < 0) return NOT_A_HOLDING;
    const holder = this.ref.name(account.owner);
    if (this.ref.name_excluded[holder] === 1) return NOT_A_HOLDING;
    return this.positions.cell(holder, instrument);
  }

  onBalances(balances: readonly AccountBalance[], event_seq: number): void {
    for (let i = 0; i < balances.length; i += 1) {
      const b = balances[i] as AccountBalance;
      const cell = this.accounts.get(b.account_id);
      if (cell === undefined || cell === NOT_A_HOLDING) continue;
      this.positions.setSettledCell(cell, postedUnits(b), event_seq);
    }
  }
}

/** credits − debits posted, as a number (units are safe integers); without a bigint when both are. */
function postedUnits(b: AccountBalance): number {
  const credits = Number(b.credits_posted);
  const debits = Number(b.debits_posted);
  if (Number.isSafeInteger(credits) && Number.isSafeInteger(debits)) return credits - debits;
  return Number(b.credits_posted - b.debits_posted);
}

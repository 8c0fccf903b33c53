/**
 * The repo life cycle's state (issue 15, docs/financing.md §9): margin calls not yet paid, the
 * unsecured claims a close-out leaves, and proposals to end a term repo early. Types only, so
 * that state.ts and the handlers share them without a cycle.
 * @module
 */

/** Which side of a repo: the seller borrows the cash and delivers the bonds. */
export type RepoSide = 'seller' | 'buyer';

/**
 * *Assumption*: a margin call not paid within 120 minutes of being made is missed. The GMRA 2011
 * (para 4, Margin Maintenance) leaves the margin transfer deadline to the parties (Annex I); the
 * parties may state their own at opening (`margin_deadline_minutes`).
 */
export const MARGIN_DEADLINE_MINUTES_DEFAULT = 120;

/** A margin call the payer could not pay when it was made (GMRA 2011 para 4). */
export interface OutstandingCall {
  readonly repo_id: string;
  readonly call_id: string;
  readonly from: RepoSide;
  readonly payer: string;
  readonly payee: string;
  readonly currency: string;
  readonly amount_minor: bigint;
  readonly called_at_us: number;
  readonly deadline_us: number;
}

/** What a defaulter still owes after a close-out, when its cash did not cover the net sum. */
export interface UnsecuredClaim {
  readonly claim_id: string;
  readonly creditor: string;
  readonly debtor: string;
  readonly currency: string;
  readonly amount_minor: bigint;
  /** The repos whose close-out left it. */
  readonly repo_ids: readonly string[];
  readonly created_at_us: number;
}

/** One side's proposal to end a term repo before its repurchase date. */
export interface TerminationProposal {
  readonly repo_id: string;
  readonly proposer: RepoSide;
  readonly participant: string;
  readonly termination_date: string;
}

/** One repo's figures at a close-out (GMRA 2011 para 10), in its cash currency. */
export interface CloseOutFigures {
  readonly repo_id: string;
  readonly seller: string;
  readonly buyer: string;
  readonly defaulter: string;
  readonly currency: string;
  readonly days: number;
  readonly repurchase_price_minor: bigint;
  /** The bonds at the given clean price plus accrued: the buyer keeps them. */
  readonly default_market_value_minor: bigint;
  /** Cash margin the buyer held (negative: the seller held the buyer's). */
  readonly cash_margin_minor: bigint;
  /** What the defaulter owes the other party on this repo (negative: is owed). */
  readonly owed_by_defaulter_minor: bigint;
}

/** The pair's net sum in one currency and how it was settled. */
export interface CloseOutSettlement {
  readonly currency: string;
  /** Owed by the defaulter to the non-defaulting party (negative: the other way). */
  readonly net_minor: bigint;
  /** Paid on the ledger now. */
  readonly paid_minor: bigint;
  /** Left as an unsecured claim on the defaulter (0 when none). */
  readonly claim_minor: bigint;
  readonly claim_id: string | null;
}

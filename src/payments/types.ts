/**
 * The payments domain's shared types (docs/payments.md): Payment Connect between Hong Kong's
 * FPS and the Mainland's IBPS. Scales, all exact integers:
 * - money `*_minor`, bigint minor units (HKD and CNY: cents and fen, 2 decimals);
 * - FX rates `*_e8`, units of the quote currency per unit of the base currency × 10^8
 *   (CNY 0.92 per HKD = 92_000_000n), rounded by an explicit rule at each use;
 * - time `*_us`, microseconds since the epoch (UTC), always passed in.
 * @module
 */

/** FX rates are parts per 10^8 (as prices, `px_e8`). */
export const RATE_E8 = 100_000_000n;

/** Both sides: Hong Kong (FPS, operated by HKICL) and the Mainland (IBPS, operated by CNCC). */
export type Side = 'HK' | 'MAINLAND';
export type PaymentSystem = 'FPS' | 'IBPS';

/** Northbound: HK → Mainland; Southbound: Mainland → HK. */
export type Direction = 'northbound' | 'southbound';

/** ISO 4217 codes: RMB is CNY on both rails. */
export type PaymentCurrency = 'HKD' | 'CNY';

/** The proxies each side's directory knows (connect-rules.md §3, "Payee proxies"). */
export type ProxyType = 'mobile' | 'email' | 'fps_id' | 'account';

/** Where a proxy points: a person's account at a participating bank. */
export interface ProxyTarget {
  readonly bank: string;
  readonly account: string;
  /** The account holder's name as the bank has it; shown to payers only masked. */
  readonly name: string;
}

export interface ProxyEntry extends ProxyTarget {
  readonly side: Side;
  readonly type: ProxyType;
  /** Normalised: E.164 for mobiles, lower case for e-mail, digits for FPS ids. */
  readonly value: string;
  readonly registered_us: number;
}

/** The directory of both sides, keyed by `side|type|value` (normalised). */
export interface ProxyDirectory {
  readonly entries: Map<string, ProxyEntry>;
}

/** What a lookup shows the payer before confirming: where, and the masked name. */
export interface ProxyLookup {
  readonly side: Side;
  readonly type: ProxyType;
  readonly value: string;
  readonly bank: string;
  readonly account: string;
  readonly masked_name: string;
}

/** The identity documents the eligibility rules ask for. */
export type PayerIdType = 'hk_identity_card' | 'mainland_identity_card' | 'passport' | 'other';

/** The unit a Northbound cap counts per, since sources disagree (docs/payments.md §2). */
export type CapUnit = 'person_per_institution' | 'person' | 'account';

/** Seed 000's use cases, carried as the ISO 20022 purpose. */
export type PaymentPurpose = 'p2p' | 'tuition' | 'salary' | 'merchant';

/** A payment as the payer's bank sends it (from pacs.008 or JSON). */
export interface PaymentInstruction {
  /** The end-to-end id: idempotency key for the whole life of the payment. */
  readonly end_to_end_id: string;
  readonly direction: Direction;
  readonly payer: {
    readonly id: string;
    readonly id_type: PayerIdType;
    readonly name: string;
    readonly bank: string;
    readonly account: string;
  };
  readonly payee_proxy: { readonly type: ProxyType; readonly value: string };
  readonly send_currency: PaymentCurrency;
  readonly receive_currency: PaymentCurrency;
  /** Amount debited from the payer, in the send currency. */
  readonly amount_minor: bigint;
  readonly purpose: PaymentPurpose;
  /** The converting bank's FX quote the payment uses, when the currencies differ. */
  readonly quote_id?: string;
  /** The quote's rate as the payer's bank states it (pacs.008 XchgRate): must be the quote's. */
  readonly agreed_rate_e8?: bigint;
}

/** The Payment Connect rules as settings: the numbers of docs/payments.md §2. */
export interface PaymentConnectSettings {
  readonly launch_us: number;
  readonly northbound: {
    readonly daily_limit_hkd_minor: bigint;
    readonly annual_limit_hkd_minor: bigint;
    readonly cap_unit: CapUnit;
  };
  readonly southbound: {
    readonly annual_quota_usd_minor: bigint;
    /** A payment's single cap by payer bank; `default` for banks not listed. */
    readonly single_cap_cny_minor: Readonly<Record<string, bigint>> & { readonly default: bigint };
    /**
     * A payer bank's own cap on one payer's Southbound payments in a HK day, by payer bank; a bank
     * not listed has none of its own (no figure is published: docs/payments.md §2).
     */
    readonly bank_daily_cap_cny_minor: Readonly<Record<string, bigint>>;
    readonly open_second: number;
    readonly close_second: number;
  };
  /** Every state is timed: a payment not final by then is rolled back. */
  readonly timeout_us: number;
  readonly quote_validity_us: number;
}

/** One counter: the amount used on a HK date and in a calendar year. */
export interface LimitCounter {
  readonly date: string;
  readonly day_used_minor: bigint;
  readonly year: number;
  readonly year_used_minor: bigint;
}

/** Counters by key (payer, and the cap's unit); one book per direction. */
export interface LimitBook {
  readonly counters: Map<string, LimitCounter>;
}

/** What a payment took from a counter, so a rollback gives back exactly that. */
export interface LimitReservation {
  readonly direction: Direction;
  readonly key: string;
  readonly date: string;
  readonly amount_minor: bigint;
  /** Southbound: the CNY taken from the payer's daily counter at their bank, on the same date. */
  readonly bank_day?: { readonly key: string; readonly amount_minor: bigint };
}

/** A payer a bank has pre-approved for salary payments, until revoked. */
export interface SalaryApproval {
  readonly bank: string;
  readonly payer_id: string;
  readonly approved_us: number;
}

/** The salary pre-approvals, keyed by `bank|payer id`. */
export interface SalaryApprovals {
  readonly approvals: Map<string, SalaryApproval>;
}

/** A bank's FX quote: `amount_to = amount_from × rate_e8 / 10^8`, rounded down; until expiry. */
export interface FxQuote {
  readonly quote_id: string;
  readonly bank: string;
  readonly from: PaymentCurrency;
  readonly to: PaymentCurrency;
  readonly rate_e8: bigint;
  readonly expires_us: number;
}

/** One ledger movement; the hub applies a step's list atomically (all or none). */
export interface TransferInstruction {
  readonly debit: string;
  readonly credit: string;
  readonly asset: PaymentCurrency;
  readonly amount_minor: bigint;
}

/** The states of a payment's life (docs/payments.md §3). */
export type PaymentState =
  | 'initiated'
  | 'looked_up'
  | 'limits_reserved'
  | 'fx_quoted'
  | 'funds_reserved'
  | 'settled'
  | 'credited'
  | 'rejected'
  | 'timed_out'
  | 'recalled'
  | 'return_requested'
  | 'returned';

/** pacs.004 return reasons (ExternalReturnReason1Code) this domain uses. */
export type ReturnReason = 'AC01' | 'AC04' | 'AC06' | 'AM09' | 'CUST' | 'FOCR' | 'MD07';

/** camt.056 cancellation reasons (ExternalCancellationReason1Code) this domain uses. */
export type RecallReason = 'DUPL' | 'FRAD' | 'TECH' | 'CUST' | 'AM09' | 'UPAY' | 'AC03';

/** Why a payment ended without credit: a stable code, a message and the refusal's details. */
export interface PaymentFailure {
  readonly code: string;
  readonly message: string;
  readonly at_state: PaymentState;
  /** The figures behind the refusal (a cap, what was used), as the check gave them. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A payment and everything it has done: the ledger batches applied so far, in order. */
export interface Payment {
  readonly instruction: PaymentInstruction;
  readonly state: PaymentState;
  readonly initiated_us: number;
  readonly updated_us: number;
  readonly deadline_us: number;
  readonly payee: ProxyLookup | null;
  readonly limit: LimitReservation | null;
  readonly quote: FxQuote | null;
  /** Amount the payee receives, in the receive currency; known once quoted. */
  readonly receive_minor: bigint | null;
  readonly failure: PaymentFailure | null;
  readonly recall_reason: RecallReason | null;
  readonly return_reason: ReturnReason | null;
  /** Every batch the hub was asked to apply, by step, in order. */
  readonly batches: readonly (readonly TransferInstruction[])[];
}

/** The payments of a day (or ever), by end-to-end id. */
export interface PaymentBook {
  readonly payments: Map<string, { readonly payment: Payment }>;
}

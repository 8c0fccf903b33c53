/**
 * Payment Connect in the hub (issue 16; docs/payments.md §9): the proxy directory, the limit
 * counters, the payments by end-to-end id, the banks' open FX quotes, the banks' salary
 * pre-approvals and the settings. In the snapshot and so in the digest; a snapshot taken before
 * payments were in the hub has none, one taken before the salary approvals and the banks' daily
 * caps restores with none of either.
 * @module
 */

import {
  type FxQuote,
  type LimitCounter,
  type LimitRates,
  PAYMENT_CONNECT_SETTINGS,
  type Payment,
  type PaymentConnectSettings,
  type ProxyDirectory,
  type ProxyEntry,
  proxyKey,
  type SalaryApproval,
  type SalaryApprovals,
  salaryApprovalKey,
} from '../../payments/index.js';

/** The operator's settings in the hub: the domain's, the limit rates and the RMB link bank. */
export interface PaymentsHubSettings {
  readonly connect: PaymentConnectSettings;
  /** The stated rates the caps count at; null until the operator sets them. */
  readonly rates: LimitRates | null;
  /** Links RMB at FPS (CNH) and at IBPS (CNY) one for one (BOCHK, the RMB clearing bank). */
  readonly rmb_link_bank: string;
}

/**
 * A payment in the hub's book: the domain's entry and the RMB link bank of the day it was made,
 * so its credit, recall, return and timeout go through the bank that linked it whatever the
 * setting says by then. Absent in snapshots taken before it was kept: the setting is used.
 */
export interface BookEntry {
  readonly payment: Payment;
  readonly rmb_link_bank?: string;
}

export interface PaymentsState {
  readonly directory: ProxyDirectory;
  readonly limits: { readonly counters: Map<string, LimitCounter> };
  readonly book: { readonly payments: Map<string, BookEntry> };
  readonly quotes: Map<string, FxQuote>;
  /** The payers each bank has approved for salary payments. */
  readonly salary_approvals: SalaryApprovals;
  settings: PaymentsHubSettings;
  /**
   * Settled payments waiting for their credit, by end-to-end id, with their deadlines: the only
   * payments in flight between commands (timeouts.ts). Derived from the book: not in the
   * snapshot, rebuilt on restore.
   */
  readonly awaiting_credit: Map<string, number>;
}

export const RMB_LINK_BANK_DEFAULT = 'BOCHK';

export function createPaymentsState(): PaymentsState {
  return {
    directory: { entries: new Map() },
    limits: { counters: new Map() },
    book: { payments: new Map() },
    quotes: new Map(),
    salary_approvals: { approvals: new Map() },
    settings: {
      connect: PAYMENT_CONNECT_SETTINGS,
      rates: null,
      rmb_link_bank: RMB_LINK_BANK_DEFAULT,
    },
    awaiting_credit: new Map(),
  };
}

export interface PaymentsSnapshot {
  readonly proxies: readonly ProxyEntry[];
  readonly counters: readonly (readonly [string, LimitCounter])[];
  /** `body` is in snapshots taken before it was dropped from the book (6 Dec 2026); ignored. */
  readonly payments: readonly (BookEntry & { readonly body?: string })[];
  readonly quotes: readonly FxQuote[];
  /** Absent in snapshots taken before salary approvals were in the hub. */
  readonly salary_approvals?: readonly SalaryApproval[];
  readonly settings: PaymentsHubSettings;
}

export function snapshotPayments(state: PaymentsState): PaymentsSnapshot {
  return {
    proxies: [...state.directory.entries.values()],
    counters: [...state.limits.counters],
    payments: [...state.book.payments.values()],
    quotes: [...state.quotes.values()],
    salary_approvals: [...state.salary_approvals.approvals.values()],
    settings: state.settings,
  };
}

/**
 * The state from its snapshot, taken when the hub's time was `now_us`. Payments waiting for their
 * credit are those settled whose deadline is still ahead: the clock has already tried every
 * earlier one, and one it could not roll back (`payment_timeout_refused`) waits for
 * `payments.expire`, as in the hub that took the snapshot, not for another try by the clock.
 */
export function restorePayments(
  snapshot: PaymentsSnapshot | undefined,
  now_us: number,
): PaymentsState {
  if (snapshot === undefined) return createPaymentsState();
  const entries = new Map(snapshot.proxies.map((e) => [proxyKey(e.side, e.type, e.value), e]));
  return {
    directory: { entries },
    limits: { counters: new Map(snapshot.counters) },
    book: {
      payments: new Map(
        snapshot.payments.map(({ body: _dropped, ...entry }) => [
          entry.payment.instruction.end_to_end_id,
          entry,
        ]),
      ),
    },
    quotes: new Map(snapshot.quotes.map((q) => [q.quote_id, q])),
    salary_approvals: {
      approvals: new Map(
        (snapshot.salary_approvals ?? []).map((a) => [salaryApprovalKey(a.bank, a.payer_id), a]),
      ),
    },
    settings: withBankDailyCaps(snapshot.settings),
    awaiting_credit: new Map(
      snapshot.payments
        .filter((p) => p.payment.state === 'settled' && p.payment.deadline_us > now_us)
        .map((p) => [p.payment.instruction.end_to_end_id, p.payment.deadline_us]),
    ),
  };
}

/**
 * Settings from a snapshot taken before the banks' own daily caps: none of them, the key in the
 * place a new hub has it, so the digest is the one a replay from genesis reaches.
 */
function withBankDailyCaps(settings: PaymentsHubSettings): PaymentsHubSettings {
  const southbound = settings.connect.southbound;
  if (southbound.bank_daily_cap_cny_minor !== undefined) return settings;
  const { annual_quota_usd_minor, single_cap_cny_minor, open_second, close_second } = southbound;
  const caps = { annual_quota_usd_minor, single_cap_cny_minor, bank_daily_cap_cny_minor: {} };
  const connect = { ...settings.connect, southbound: { ...caps, open_second, close_second } };
  return { ...settings, connect };
}

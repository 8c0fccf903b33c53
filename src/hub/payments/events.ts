/**
 * The events of Payment Connect in the hub (docs/payments.md §9). Every one names the banks it
 * concerns (`banks`): the gateway shows it to them, to the two operators (HKICL and CNCC) and
 * to the hub's operators (src/gateways/http/scope.ts). Names are shown masked only.
 * @module
 */

import type {
  Direction,
  FxQuote,
  PaymentCurrency,
  PaymentState,
  ProxyLookup,
} from '../../payments/index.js';

/** FPS's operator and IBPS's: they see every payment event. */
export const PAYMENT_OPERATORS = ['HKICL', 'CNCC'] as const;

/** A payment as its events show it. */
export interface PaymentSummary {
  readonly end_to_end_id: string;
  readonly direction: Direction;
  readonly state: PaymentState;
  readonly payer_bank: string;
  readonly payee_bank: string;
  /** The bank that converts (or links RMB between the systems). */
  readonly link_bank: string;
  readonly amount_minor: bigint;
  readonly send_currency: PaymentCurrency;
  readonly receive_minor: bigint;
  readonly receive_currency: PaymentCurrency;
  /** Why it ended without credit, or was returned: a stable code or an ISO reason. */
  readonly reason: string | null;
}

interface Scoped {
  readonly banks: readonly string[];
}

export type PaymentEvent =
  | (Scoped & {
      readonly type: 'payments_settings_set';
    })
  | (Scoped & {
      readonly type: 'payment_proxy_registered' | 'payment_proxy_updated' | 'payment_proxy_removed';
      readonly side: string;
      readonly proxy_type: string;
      readonly value: string;
      readonly bank: string;
      readonly account: string;
      readonly masked_name: string;
    })
  | (Scoped & { readonly type: 'payment_payee_found'; readonly lookup: ProxyLookup })
  /** A bank approved (or stopped approving) its customer, by identity document, for salaries. */
  | (Scoped & {
      readonly type: 'payment_salary_payer_approved' | 'payment_salary_payer_revoked';
      readonly bank: string;
      readonly payer_id: string;
    })
  | (Scoped & { readonly type: 'payment_quoted'; readonly quote: FxQuote })
  | (Scoped & {
      readonly type:
        | 'payment_settled'
        | 'payment_credited'
        | 'payment_replayed'
        | 'payment_recalled'
        | 'payment_return_requested'
        | 'payment_return_refused'
        | 'payment_returned'
        | 'payment_timed_out';
      readonly payment: PaymentSummary;
    })
  /** The hub's clock could not roll back a payment past its deadline (the ledger's code). */
  | (Scoped & {
      readonly type: 'payment_timeout_refused';
      readonly end_to_end_id: string;
      readonly code: string;
      readonly message: string;
    });

export type PaymentEventType = PaymentEvent['type'];

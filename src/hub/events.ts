/**
 * Every event the hub publishes: the union of the domains' events.
 * Readers (projections, market data, surveillance, the console) consume these in sequence order.
 * @module
 */

import type { BondTerms } from '../bonds/index.js';
import type { CollateralSchedule, RepoTerms, ReuseCase } from '../financing/index.js';
import type { LedgerEvent } from '../ledger/index.js';
import type { Quote, QuoteRequest, QuoteStatusReport } from '../market/rfq/index.js';
import type { PosttradeEvent } from '../posttrade/index.js';
import type { CashAsset, Investor, Party, Security } from '../reference/index.js';
import type { DayEndReport, DayStartReport } from '../rules/index.js';
import type { BondAccess, ClosingOrder, QuotaFxText } from './bonds/state.js';
import type { BondTrade } from './bonds/trade.js';
import type { OtcAccountCategory, ReuseSource } from './financing/collateral_types.js';
import type { FacilityEvent } from './financing/facility_events.js';
import type { CloseOutFigures, CloseOutSettlement } from './financing/life_state.js';
import type { MarketEvent } from './market_events.js';
import type { PaymentEvent } from './payments/events.js';

export type ReferenceEvent =
  | { readonly type: 'party_registered'; readonly party: Party }
  | { readonly type: 'investor_registered'; readonly investor: Investor }
  | { readonly type: 'investor_updated'; readonly investor: Investor }
  | { readonly type: 'cash_asset_registered'; readonly cash_asset: CashAsset }
  | { readonly type: 'security_registered'; readonly security: Security }
  | { readonly type: 'security_updated'; readonly security: Security };

export type ConnectEvent =
  | { readonly type: 'connect_rules_changed'; readonly command: string; readonly effect: unknown }
  | { readonly type: 'connect_day_started'; readonly report: DayStartReport }
  | { readonly type: 'connect_day_ended'; readonly report: DayEndReport };

export type SettlementEvent =
  | PosttradeEvent
  | {
      readonly type: 'settlement_capture_failed';
      readonly trade_id: string;
      readonly code: string;
      readonly message: string;
    }
  | {
      readonly type: 'settlement_cycle_refused';
      readonly group: string;
      readonly date: string;
      readonly code: string;
      readonly message: string;
    }
  | {
      readonly type: 'buy_ins_due';
      readonly group: string;
      readonly date: string;
      readonly instruction_ids: readonly string[];
    }
  | { readonly type: 'settlement_changed'; readonly command: string; readonly effect: unknown };

/** Bond events (issue 14; docs/bonds.md §8). */
export type BondEvent =
  | { readonly type: 'bond_registered'; readonly bond: BondTerms }
  | { readonly type: 'bond_maker_registered'; readonly dealer: string; readonly direction: string }
  | { readonly type: 'bond_access_set'; readonly investor: string; readonly access: BondAccess }
  | { readonly type: 'bond_quota_fx_set'; readonly date: string; readonly rates: QuotaFxText }
  | {
      readonly type: 'bond_primary_allocated';
      readonly isin: string;
      readonly trade_date: string;
      readonly settlement_date: string;
      readonly price_e8: bigint;
      readonly cash_asset: string;
      readonly allocations: ReadonlyArray<{
        readonly investor: string;
        readonly face_minor: bigint;
        readonly cash_minor: bigint;
        readonly settlement_trade_id: string;
      }>;
    }
  | {
      readonly type: 'bond_lifecycle_failed';
      readonly isin: string;
      readonly action: 'coupon' | 'redemption';
      readonly date: string;
      readonly code: string;
      readonly message: string;
    }
  | { readonly type: 'bond_closing_order_concluded'; readonly order: ClosingOrder }
  | { readonly type: 'bond_payment_asset_set'; readonly isin: string; readonly asset: string }
  | { readonly type: 'financing_plps_set'; readonly parties: readonly string[] }
  | { readonly type: 'financing_repo_schedule_set'; readonly schedule: CollateralSchedule | null }
  | {
      readonly type: 'repo_opened';
      readonly repo_id: string;
      readonly terms: RepoTerms;
      readonly market_value_minor: bigint;
      readonly purchase_price_minor: bigint;
      readonly settlement_trade_id: string;
    }
  | {
      readonly type: 'margin_called';
      readonly repo_id: string;
      readonly seller: string;
      readonly buyer: string;
      readonly from: 'seller' | 'buyer';
      readonly amount_minor: bigint;
      readonly market_value_minor: bigint;
      readonly cash_margin_minor: bigint;
    }
  | {
      readonly type: 'repo_closed';
      readonly repo_id: string;
      readonly seller: string;
      readonly buyer: string;
      readonly days: number;
      readonly repurchase_price_minor: bigint;
      readonly settlement_trade_id: string;
    }
  /** The payer could not pay a margin call: it is outstanding until paid or the deadline. */
  | {
      readonly type: 'margin_call_outstanding';
      readonly repo_id: string;
      readonly seller: string;
      readonly buyer: string;
      readonly from: 'seller' | 'buyer';
      readonly amount_minor: bigint;
      readonly market_value_minor: bigint;
      readonly deadline_us: number;
    }
  | {
      readonly type: 'margin_paid';
      readonly repo_id: string;
      readonly seller: string;
      readonly buyer: string;
      readonly from: 'seller' | 'buyer';
      readonly amount_minor: bigint;
      readonly cash_margin_minor: bigint;
    }
  /** An event of default after a missed margin call: every repo of the pair is closed out. */
  | {
      readonly type: 'repo_defaulted';
      readonly repo_id: string;
      readonly defaulter: string;
      readonly non_defaulter: string;
      readonly missed_call_minor: bigint;
      readonly deadline_us: number;
      readonly repo_ids: readonly string[];
      readonly settlements: readonly CloseOutSettlement[];
    }
  | ({ readonly type: 'repo_closed_out' } & CloseOutFigures)
  | {
      readonly type: 'collateral_substituted';
      readonly repo_id: string;
      readonly seller: string;
      readonly buyer: string;
      readonly old_isin: string;
      readonly old_face_minor: bigint;
      readonly new_isin: string;
      readonly new_face_minor: bigint;
      /** Both after the repo's haircut, in the cash currency. */
      readonly old_value_minor: bigint;
      readonly new_value_minor: bigint;
    }
  | {
      readonly type: 'repo_termination_proposed';
      readonly repo_id: string;
      readonly seller: string;
      readonly buyer: string;
      readonly proposer: 'seller' | 'buyer';
      readonly termination_date: string;
    }
  /** Accepted for a later date: the repurchase date moves to it. */
  | {
      readonly type: 'repo_termination_agreed';
      readonly repo_id: string;
      readonly seller: string;
      readonly buyer: string;
      readonly termination_date: string;
    }
  /** Accepted for today: the end leg as at a close, interest to today. */
  | {
      readonly type: 'repo_terminated';
      readonly repo_id: string;
      readonly seller: string;
      readonly buyer: string;
      readonly termination_date: string;
      readonly days: number;
      readonly repurchase_price_minor: bigint;
      readonly settlement_trade_id: string;
    }
  /** Received repo collateral re-used (docs/financing.md §10): seen by the party. */
  | {
      readonly type: 'collateral_reused';
      readonly party: string;
      readonly isin: string;
      readonly face_minor: bigint;
      readonly use_case: ReuseCase;
      readonly target_id: string;
      readonly sources: readonly ReuseSource[];
    }
  | {
      readonly type: 'collateral_returned';
      readonly party: string;
      readonly isin: string;
      readonly face_minor: bigint;
      readonly use_case: ReuseCase;
      readonly target_id: string;
    }
  /** OTC Clear margin (§10): seen by the member and OTC Clear. */
  | { readonly type: 'otc_cap_set'; readonly member: string; readonly cap_minor: bigint }
  | {
      readonly type: 'otc_margin_posted';
      readonly posting_id: string;
      readonly member: string;
      readonly account_category: OtcAccountCategory;
      readonly isin: string;
      readonly face_minor: bigint;
      readonly market_value_minor: bigint;
      readonly haircut_ppm: number;
      readonly value_minor: bigint;
      readonly reuse_of: string | null;
    }
  | {
      readonly type: 'otc_margin_released';
      readonly posting_id: string;
      readonly member: string;
      readonly isin: string;
      readonly face_minor: bigint;
      readonly value_minor: bigint;
    }
  | {
      readonly type: 'bond_valuation_published';
      readonly isin: string;
      readonly date: string;
      readonly yield_e12: bigint;
    }
  | {
      readonly type: 'bond_fixing_published';
      readonly index: string;
      readonly date: string;
      readonly rate_e12: bigint;
    }
  /** A QuoteRequest (35=R) accepted: the RFQ's terms, for blotters and scoping. */
  | {
      readonly type: 'rfq_requested';
      readonly request: QuoteRequest;
      readonly direction: string;
      readonly settlement_date: string;
    }
  /** A firm Quote (35=S) accepted by the hub: seen by the requester and its dealer only. */
  | { readonly type: 'rfq_quote'; readonly requester: string; readonly quote: Quote }
  /** A QuoteStatusReport (35=AI): an RFQ or one of its quotes changed state. */
  | { readonly type: 'rfq_status'; readonly report: QuoteStatusReport }
  /** The trade an accepted quote concluded, with its money and quota effect. */
  | { readonly type: 'bond_trade'; readonly trade: BondTrade }
  /** A cancelled Southbound trade gave back its quota (`rmb_minor`: + for a buy, − for a sell). */
  | { readonly type: 'bond_quota_released'; readonly trade_id: string; readonly rmb_minor: bigint }
  /** A bond trade still failing at the end of its re-settlement window: closed, not settled. */
  | {
      readonly type: 'bond_settlement_final_fail';
      readonly trade_id: string;
      readonly instruction_id: string;
      readonly settlement_date: string;
      readonly fail_reason: string;
      readonly failing_party: string;
    }
  /** A coupon run: `holders` paid on, `payments` transfers (zero amounts, the issuer skipped). */
  | {
      readonly type: 'bond_coupon_paid';
      readonly isin: string;
      readonly coupon_date: string;
      readonly payment_date: string;
      readonly payer: string;
      readonly holders: number;
      readonly payments: number;
      readonly units: bigint;
      readonly total_minor: bigint;
    }
  /** Redemption: every holder paid its face value, the bonds retired to issuance. */
  | {
      readonly type: 'bond_redeemed';
      readonly isin: string;
      readonly maturity_date: string;
      readonly payer: string;
      readonly holders: number;
      readonly units: bigint;
      readonly total_minor: bigint;
    };

export type HubEvent =
  | LedgerEvent
  | ReferenceEvent
  | MarketEvent
  | ConnectEvent
  | SettlementEvent
  | BondEvent
  | FacilityEvent
  | PaymentEvent;

export interface EventSink {
  emit(event: HubEvent): void;
}

/**
 * What the real-time risk monitor shows: flows, exposures, concentration and alerts, as plain
 * data. Money stays `bigint` minor units here (the HTTP gateway's `toJson` writes them as
 * strings); shares are integers in basis points or parts per 10^8, never floats.
 * @module
 */

import type { CurrencyCode } from '../../../reference/index.js';

/** The cross-border channels whose flows are measured (docs/risk-monitor.md §1). */
export const MONITOR_LINKS = [
  'sh_hk_stock',
  'sz_hk_stock',
  'bond_connect',
  'repo',
  'payment_connect',
] as const;
export type MonitorLink = (typeof MONITOR_LINKS)[number];

export const FLOW_DIRECTIONS = ['northbound', 'southbound'] as const;
export type FlowDirection = (typeof FLOW_DIRECTIONS)[number];

/** Investor types of the reference data, and `house` for a party trading for itself. */
export const INVESTOR_CLASSES = [
  'retail',
  'professional',
  'institutional',
  'qfii',
  'house',
] as const;
export type InvestorClass = (typeof INVESTOR_CLASSES)[number];

/** Settlement's groups: ChinaClear, HKSCC, and bilateral (no CCP). */
export const MONITOR_SETTLEMENT_GROUPS = ['CSDC', 'HKSCC', 'BILATERAL'] as const;
export type MonitorSettlementGroup = (typeof MONITOR_SETTLEMENT_GROUPS)[number];

export const MONITOR_ALERT_KINDS = [
  'flow_reversal',
  'flow_outflow',
  'exposure_limit',
  'holding_concentration',
  'turnover_concentration',
] as const;
export type MonitorAlertKind = (typeof MONITOR_ALERT_KINDS)[number];

/** What an exposure limit is measured on (docs/risk-monitor.md §4). */
export const EXPOSURE_MEASURES = ['gross_position', 'net_payable'] as const;
export type ExposureMeasure = (typeof EXPOSURE_MEASURES)[number];

// ── Flows ──────────────────────────────────────────────────────────────────────────────────

/** Buying and selling through one link in one direction and currency over some time. */
export interface FlowFigures {
  readonly buy_minor: bigint;
  readonly sell_minor: bigint;
  /** buy − sell: positive is net buying (money moving in the direction's sense). */
  readonly net_buy_minor: bigint;
  readonly count: number;
}

export interface FlowBucketView extends FlowFigures {
  /** The bucket's start (UTC microseconds); it covers `bucket_minutes`. */
  readonly start_us: number;
}

export interface FlowSeriesView extends FlowFigures {
  readonly link: MonitorLink;
  readonly direction: FlowDirection;
  readonly currency: CurrencyCode;
  /** The last event that moved the series, 0 when none. */
  readonly last_event_seq: number;
  /** The buckets of the day from the first with activity to the last, empty ones included. */
  readonly buckets: readonly FlowBucketView[];
}

/** A Stock Connect link's daily quota, as the hub's day-start and day-end reports carry it. */
export interface QuotaView {
  /** The rules' link name (`sh_northbound`, …). */
  readonly quota_link: string;
  readonly link: MonitorLink;
  readonly direction: FlowDirection;
  /** The date of the report the figures come from. */
  readonly date: string;
  readonly daily_quota_minor: bigint;
  /** The day-end balance; null until the day's end report. */
  readonly balance_minor: bigint | null;
  /** daily quota − balance at the day end: the quota the day used net. */
  readonly used_minor: bigint | null;
  readonly as_of_event_seq: number;
}

/** Southbound Bond Connect quota used today (RMB fen), from the trades' own quota figures. */
export interface BondQuotaView {
  readonly used_rmb_minor: bigint;
  readonly as_of_event_seq: number;
}

export interface FlowsView {
  /** The HK (UTC+8) date the figures are for; '' before the first event. */
  readonly market_date: string;
  readonly bucket_minutes: number;
  readonly series: readonly FlowSeriesView[];
  readonly stock_connect_quotas: readonly QuotaView[];
  readonly bond_connect_southbound_quota: BondQuotaView;
}

export interface FlowDayTotal extends FlowFigures {
  readonly link: MonitorLink;
  readonly direction: FlowDirection;
  readonly currency: CurrencyCode;
}

/** A closed day's totals per series (the intraday buckets are not kept). */
export interface FlowDayView {
  readonly market_date: string;
  readonly series: readonly FlowDayTotal[];
}

// ── Exposures ──────────────────────────────────────────────────────────────────────────────

/** Position values in one currency: quantity × last price, summed per sign. */
export interface PositionValues {
  readonly currency: CurrencyCode;
  readonly long_minor: bigint;
  /** Short positions' value as a positive amount. */
  readonly short_minor: bigint;
  readonly net_minor: bigint;
  readonly gross_minor: bigint;
  /** Instruments with a position but no price yet (valued at 0). */
  readonly unpriced_instruments: number;
}

/** Unsettled cash obligations in one settlement group and currency. */
export interface ObligationFigures {
  readonly group: MonitorSettlementGroup;
  readonly currency: CurrencyCode;
  readonly payable_minor: bigint;
  readonly receivable_minor: bigint;
  /** payable − receivable: positive means owed to the CCP (or to counterparties). */
  readonly net_payable_minor: bigint;
  readonly open_instructions: number;
}

/** Repo financing in one currency. */
export interface FinancingFigures {
  readonly currency: CurrencyCode;
  /** Purchase prices of the open repos where the participant is the seller (cash borrower). */
  readonly borrowed_minor: bigint;
  /** The bonds it delivered on those repos, at their last market value. */
  readonly collateral_delivered_minor: bigint;
  /** Purchase prices of the open repos where it is the buyer (cash lender). */
  readonly lent_minor: bigint;
  readonly collateral_received_minor: bigint;
  /** Cash margin it holds (+) or has given (−) across its repos. */
  readonly cash_margin_held_minor: bigint;
  /** borrowed ÷ collateral delivered, in basis points (0 when nothing is delivered). */
  readonly borrowed_to_collateral_bps: number;
  readonly open_repos: number;
}

export interface ParticipantExposure {
  readonly participant: string;
  readonly positions: readonly PositionValues[];
  readonly obligations: readonly ObligationFigures[];
  readonly financing: readonly FinancingFigures[];
  /** RMB drawn from the HKMA facilities and not repaid (CNH fen). */
  readonly facility_drawn_minor: bigint;
}

export interface InvestorClassExposure {
  readonly investor_class: InvestorClass;
  readonly positions: readonly PositionValues[];
  readonly obligations: readonly ObligationFigures[];
}

/** A participant's net obligations to one CCP (its counterparty after novation). */
export interface CcpExposure {
  readonly participant: string;
  readonly ccp: 'CSDC' | 'HKSCC';
  readonly currency: CurrencyCode;
  readonly net_payable_minor: bigint;
}

/** Two parties' open repos in one currency (the repos' own parties), from the cash lender's side. */
export interface RepoPairExposure {
  readonly lender: string;
  readonly borrower: string;
  readonly currency: CurrencyCode;
  readonly cash_lent_minor: bigint;
  readonly collateral_value_minor: bigint;
  readonly cash_margin_minor: bigint;
  /** cash lent − collateral value − cash margin held: the lender's unsecured part if > 0. */
  readonly net_exposure_minor: bigint;
  readonly open_repos: number;
}

export interface ExposuresView {
  readonly as_of_event_seq: number;
  readonly participants: readonly ParticipantExposure[];
  readonly investor_classes: readonly InvestorClassExposure[];
  readonly ccp: readonly CcpExposure[];
  readonly bilateral_repo: readonly RepoPairExposure[];
}

/** One instrument line of a participant's positions. */
export interface PositionLine {
  readonly instrument: string;
  readonly currency: CurrencyCode;
  readonly quantity_units: number;
  /** Of which not yet delivered (trades captured for settlement, securities leg open). */
  readonly unsettled_units: number;
  /** The last price: price units at `price_scale`; bonds traded by RFQ: clean per 100 at 8. */
  readonly price_units: number;
  readonly price_scale: number;
  readonly value_minor: bigint;
}

// ── Concentration ──────────────────────────────────────────────────────────────────────────

export interface HolderShare {
  readonly holder: string;
  readonly quantity_units: number;
  /** Of the base, in basis points (truncated). */
  readonly share_bps: number;
}

export interface InstrumentConcentration {
  readonly instrument: string;
  /** `issued`: the security's units in issue; `holdings_seen`: the long positions the monitor sees. */
  readonly base: 'issued' | 'holdings_seen';
  readonly base_units: number;
  readonly holders: number;
  readonly top: readonly HolderShare[];
}

export interface TurnoverShare {
  readonly participant: string;
  /** Both sides counted: what it bought and sold. */
  readonly turnover_minor: bigint;
  /** Of twice the market's turnover (each trade has two sides), in basis points (truncated). */
  readonly share_bps: number;
}

export interface MarketConcentration {
  readonly market: string;
  readonly currency: CurrencyCode;
  readonly turnover_minor: bigint;
  readonly trades: number;
  /** Herfindahl–Hirschman index of the participants' shares, 0–10,000 (truncated). */
  readonly hhi: number;
  readonly top: readonly TurnoverShare[];
}

export interface ConcentrationView {
  readonly market_date: string;
  readonly markets: readonly MarketConcentration[];
  /** The instruments whose largest holder has the largest share, largest first. */
  readonly instruments: readonly InstrumentConcentration[];
}

// ── Alerts ─────────────────────────────────────────────────────────────────────────────────

/** One figure that decided an alert, beside the threshold it crossed. */
export interface RiskFigure {
  readonly name: string;
  readonly value: bigint | number;
  readonly threshold: bigint | number | null;
  readonly comparison: '>' | '<' | '';
  /** A currency code, `bps`, `e8` (parts per 10^8), `units` or `trades`. */
  readonly unit: string;
}

export interface RiskAlert {
  /** Deterministic: `<event_seq>/risk.<kind>/<n>`, the same on every replay of the journal. */
  readonly alert_id: string;
  readonly kind: MonitorAlertKind;
  /** What breached: a series (`sh_hk_stock/northbound/CNY`), a participant, a holding, a market. */
  readonly subject: string;
  readonly participant: string | null;
  readonly instrument: string | null;
  readonly market: string | null;
  readonly currency: CurrencyCode | null;
  readonly market_date: string;
  readonly raised_at_us: number;
  /** The last event of the batch that moved the figure over the threshold. */
  readonly event_seq: number;
  readonly summary: string;
  readonly figures: readonly RiskFigure[];
  /** The events that moved the figure, latest last (at most 16). */
  readonly event_seqs: readonly number[];
}

export interface MonitorStats {
  readonly events: number;
  readonly batches: number;
  readonly next_event_seq: number;
  readonly instruments: number;
  readonly participants: number;
  readonly holdings: number;
  readonly open_instructions: number;
  readonly open_repos: number;
  readonly alerts: number;
  /** Settlement instructions of trades the monitor never saw (captured before it started). */
  readonly instructions_unmatched: number;
}

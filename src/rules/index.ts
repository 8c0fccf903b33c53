/**
 * The rules domain: Stock Connect's pre-trade rules and the state they keep (daily quotas,
 * eligible securities, BCAN mappings, today's positions, foreign ownership, Southbound FX), and
 * the tiered holding layout of Connect securities. Pure and deterministic: time arrives as
 * `timestamp_us`; nothing here reads a clock, randomness, the environment or I/O.
 *
 * See docs/connect-rules.md for each rule, its source, the call sequence the hub follows, and what
 * is not modelled.
 * @module
 */

export type { BcanMapping, BcanState } from './bcan.js';
export { RULES_REJECTION_CODES, type RulesRejectionCode } from './codes.js';
export * from './commands.js';
export type { DayEndReport, DayStartReport, QuotaReport } from './day.js';
export { onDayEnd, onDayStart, quotaDisclosure, quotaDisclosures, quotaReport } from './day.js';
export type { EligibilityStatus } from './eligibility.js';
export type { FxRates, FxState } from './fx.js';
export { rmbAmount } from './fx.js';
export { onOrderAccepted, undoOrderAccepted } from './hooks.js';
export { checkRulesInvariants } from './invariants.js';
export type { Direction, Link, LinkInfo, MainlandMarket, RouteName } from './links.js';
export { CONNECT_CONSTANTS, isLink, LINKS, linkAt, linkFor, linkInfo } from './links.js';
export {
  seedForeignHoldings,
  setDailyQuota,
  setEligibility,
  setSouthboundChannel,
} from './operator.js';
export { mapReferenceBcans, setBcanMappings } from './operator_bcan.js';
export {
  setFxRates,
  southboundReferenceAmount,
  southboundSettlementAmount,
} from './operator_fx.js';
export type { HoldingsLookup, RulesContext, RulesOrder } from './order.js';
export type { ForcedSaleNotice } from './ownership_notices.js';
export { forcedSaleNotices, ownershipLimitUnits } from './ownership_notices.js';
export type { CancelDecision } from './pipeline.js';
export { checkCancel, checkOrder } from './pipeline.js';
export type { QuotaDisclosure, QuotaState } from './quota.js';
export { formulaBalance } from './quota.js';
export type { RouteOrder } from './route.js';
export { routeOf } from './route.js';
export type { RulesSnapshot } from './snapshot.js';
export { restoreRules, snapshotRules } from './snapshot.js';
export * from './southbound_bond_quota.js';
export type { Decision, OrderRecord, RulesDay, RulesLimits, RulesState } from './state.js';
export { createRulesState, RULES_LIMITS_DEFAULT } from './state.js';
export type { LayoutOptions, TierParties } from './tiers.js';
export {
  connectAccountId,
  connectAccountLayout,
  DEFAULT_TIER_PARTIES,
  holdingAccountId,
} from './tiers.js';
export type { SideVerdict, Tradability } from './tradable.js';
export { tradability } from './tradable.js';
export type { RulesCancel, RulesTrade } from './trades.js';
export { onCancelled, onRejectedByBook, onTrade } from './trades.js';
export type { ValueFactor } from './value.js';
export type {
  Acceptance,
  OrderTypeName,
  QuotaRegime,
  Window,
  WindowSchedule,
  WindowSpec,
} from './windows.js';
export {
  NORTHBOUND_WINDOWS,
  SOUTHBOUND_HALF_DAY_WINDOWS,
  SOUTHBOUND_WINDOWS,
  scheduleFor,
  windowAt,
} from './windows.js';

/**
 * The hub: the deterministic state machine that applies sequenced commands.
 * @module
 */

export { bondQuotaReport, listBonds } from './bonds/state.js';
export * from './bonds/views.js';
export type { Command, CommandType } from './commands.js';
export type { CommandContext } from './context.js';
export { actorOf, isOperator, OPERATOR_PARTICIPANT } from './directory.js';
export type { CommandResult, Envelope, RejectionView } from './envelope.js';
export type { EventSink, HubEvent, ReferenceEvent } from './events.js';
export { hkmaRepoReport } from './financing/hkma_report.js';
export * from './financing/views.js';
export * from './financing/views_collateral.js';
export * from './financing/views_facilities.js';
export { Hub } from './hub.js';
export { IDEMPOTENCY_LIMITS } from './idempotency.js';
export { checkHubInvariants, HubInvariantChecker } from './invariants.js';
export {
  customerAccountId,
  customerAccountInput,
  linkAccountId,
  linkBankAccountInputs,
  settlementAccountId,
  settlementAccountInputs,
} from './payments/accounts.js';
export { PAYMENT_OPERATORS, type PaymentEvent, type PaymentSummary } from './payments/events.js';
export * from './payments/views.js';
export * from './risk/index.js';
export type { HubSnapshot, HubState } from './state.js';
export { createHubState, digestHubState, restoreHub, snapshotHub } from './state.js';

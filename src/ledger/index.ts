/**
 * The ledger: double-entry, multi-asset, after TigerBeetle. Accounts, immutable idempotent
 * transfers, all-or-nothing batches, two-phase holds with expiry on hub time, and omnibus chains
 * that reconcile tier by tier.
 * @module
 */

export type { AccountDirectory, AccountInput, CreateResult, FreezeInput } from './accounts.js';
export { createAccounts, setFrozen } from './accounts.js';
export type { Actor } from './actor.js';
export { OPERATOR_ACTOR, participantActor } from './actor.js';
export type { AccountView, LedgerEvent, LedgerEventSink } from './events.js';
export { viewOf } from './events.js';
export { LedgerChecker } from './incremental.js';
export { checkLedgerInvariants } from './invariants.js';
export { LEDGER_LIMITS } from './limits.js';
export type { LedgerSnapshot } from './snapshot.js';
export { restoreLedger, snapshotLedger } from './snapshot.js';
export type { Hold, LedgerState } from './state.js';
export {
  accountsOfAsset,
  accountsOfOwner,
  completedTransfers,
  createLedgerState,
  findTransfer,
  retainedBatches,
  retainedCount,
} from './state.js';
export type { TransferBatchInput } from './transfer_batch.js';
export { createTransferBatch, TransferBatch } from './transfer_batch.js';
export type { TransferContext, TransferInput } from './transfers.js';
export {
  createTransfers,
  expireHolds,
  movementInput,
  nextHoldExpiryUs,
  pruneRetained,
  resolutionInput,
} from './transfers.js';
export type {
  Account,
  AccountBalance,
  AccountFlags,
  AccountPurpose,
  PendingStatus,
  Transfer,
  TransferAction,
} from './types.js';
export {
  ACCOUNT_PURPOSES,
  availableBalance,
  balanceOf,
  postedBalance,
  TRANSFER_ACTIONS,
} from './types.js';

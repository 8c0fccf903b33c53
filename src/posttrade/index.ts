/**
 * Posttrade: everything between a trade and final, irrevocable settlement. Trades become
 * instructions (novated to the CCP for exchange trades, bilateral for the shared virtual-asset
 * book and tokenized instruments); instructions settle by DvP model 1 (gross, real time, atomic)
 * or model 3 (netted per account and asset at cut-offs, one atomic batch), with southbound RMB
 * converted PvP; fails are retried, penalised and bought in; the shared book's reserve fund caps
 * unsettled trades and pays for an affiliate's failure. All movements are ledger batches.
 *
 * Pure and deterministic: time arrives as `timestamp_us` on the env; see docs/settlement.md.
 * @module
 */

export type { AccountNeed, AccountResolver, AccountRole, InfrastructurePlan } from './accounts.js';
export {
  ACCOUNT_ROLES,
  accountInputFor,
  DEFAULT_RESOLVER,
  defaultAccountId,
  posttradeAccountInputs,
} from './accounts.js';
export { penaltyMinor, proRataMinor, southboundRmbMinor, tradeCashMinor } from './amounts.js';
export type { BuyInInput } from './buy_in.js';
export { executeBuyIn } from './buy_in.js';
export type { CancelInput } from './cancel.js';
export { cancelInstruction } from './cancel.js';
export { BILATERAL, captureTrade, streamOf } from './capture.js';
export type { PosttradeRejectionCode } from './codes.js';
export { POSTTRADE_REJECTION_CODES } from './codes.js';
export type { PosttradeCommand } from './commands.js';
export {
  applyPosttradeCommand,
  CANCEL_INSTRUCTION,
  COLLECT_PENALTIES,
  COMPENSATE,
  EXECUTE_BUY_IN,
  IMPORT_SESE023,
  POSTTRADE_COMMAND,
  parsePosttradeCommand,
  RUN_CYCLE,
  SET_RESERVE_CAP,
} from './commands.js';
export type {
  CalendarChoice,
  PosttradeConfig,
  ReserveFundConfig,
  SouthboundFxConfig,
  StreamRules,
} from './config.js';
export {
  CSDR_LIQUID_SHARES_PENALTY_PPM,
  checkedPosttradeConfig,
  DEFAULT_POSTTRADE_CONFIG,
  GROSS_BATCH_INSTRUCTIONS_LIMIT,
  posttradeConfig,
} from './config.js';
export type { CycleResult, RunCycleInput } from './cycle.js';
export { buyInsDue, runCycle } from './cycle.js';
export type { SettlementDates } from './dates.js';
export { settlementDates } from './dates.js';
export type { PosttradeEvent, PosttradeEventSink } from './events.js';
export { NULL_POSTTRADE_SINK } from './events.js';
export type { SettlementRateInput } from './fx.js';
export { setSettlementRate } from './fx.js';
export type { GrossResult } from './gross.js';
export { settleGrossNow } from './gross.js';
export { checkPosttradeInvariants } from './invariants.js';
export { POSTTRADE_LIMITS } from './limits.js';
export type { CollectionResult } from './penalties.js';
export { collectPenalties } from './penalties.js';
export { pruneFinal } from './prune.js';
export type {
  CycleReport,
  FxDeal,
  ParticipantReport,
  ParticipantTally,
  PositionLine,
} from './reports.js';
export { cycleReport, participantReport } from './reports.js';
export type { CompensationInput, ReserveFundStatus } from './reserve.js';
export {
  checkSharedBookOrder,
  commitSharedOrder,
  compensateFromReserveFund,
  reserveFundStatus,
  setReserveCap,
} from './reserve.js';
export { ResolvedAccounts } from './resolved.js';
export type { InstrumentInfo, InstrumentLookup, Sese023Instruction } from './sese023.js';
export { readSese023, writeSese023 } from './sese023.js';
export { exportSese023, importSese023 } from './sese023_io.js';
export { PARTY_ID_ISSUER, SESE023_NAMESPACE } from './sese023_schema.js';
export {
  checkTradeSettles,
  isGroupSettlementDay,
  isStreamSettlementDay,
  streamsOfGroup,
} from './settlement_days.js';
export type { PosttradeSnapshot } from './snapshot.js';
export { restorePosttrade, snapshotPosttrade } from './snapshot.js';
export type { BuyInRecord, PosttradeEnv, PosttradeState, SettlementRate } from './state.js';
export { createPosttradeState, instructionIdsOfTrade, isFinal } from './state.js';
export type {
  Closure,
  FailReason,
  FxSide,
  Instruction,
  InstructionStatus,
  OrderRoute,
  SettlementModel,
  Stream,
  TradeForSettlement,
} from './types.js';
export { FAIL_REASONS, INSTRUCTION_STATUSES, ORDER_ROUTES, STREAMS } from './types.js';

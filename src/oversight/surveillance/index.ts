/**
 * Market surveillance: a reader of the hub's events that raises alerts an analyst can
 * investigate (spoofing and layering, the Mainland criminal threshold, wash trades, marking the
 * close, momentum ignition, the exchanges' abnormal-trading list, HFT classification, convergent
 * trading, market-maker obligations, focus lists), and the store and case workflow for them.
 * See docs/surveillance.md. (The labelled demo runner is its own entry, demo.ts, so that importing
 * surveillance does not pull in the simulator's abusive agents.)
 * @module
 */

export {
  type AlertMessage,
  alertMessage,
  getAlert,
  listAlerts,
  SurveillanceReader,
  transitionAlert,
} from './api.js';
export {
  CASE_STATES,
  CASE_TRANSITIONS,
  type CaseState,
  CLOSE_REASONS,
  type CloseReason,
  type TransitionRequest,
} from './cases.js';
export type {
  AbnormalParams,
  CriminalThresholdParams,
  FocusParams,
  HerdingParams,
  HftParams,
  LinkedGroup,
  MakerObligation,
  MarketMakingParams,
  MarkingCloseParams,
  MomentumParams,
  PresetName,
  SpoofingParams,
  SurveillanceConfig,
  WashParams,
} from './config.js';
export { SURVEILLANCE_PRESETS, surveillanceConfig } from './config.js';
export type { FocusEntry, FocusList } from './focus.js';
export { HFT_REPORT_TO_BE_SUPPLIED } from './hft.js';
export type { ReferenceSeed } from './reference.js';
export {
  type AlertFilter,
  type AlertRecord,
  AlertStore,
  type AlertSummary,
  type CaseEvent,
  LIST_LIMIT_MAX,
} from './store.js';
export { Surveillance, type SurveillanceOptions } from './surveillance.js';
export * from './types.js';

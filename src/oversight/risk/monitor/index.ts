/**
 * The real-time risk monitor (issue 17): a reader of the hub's events that keeps cross-border
 * flows per link, direction and currency (with the quota figures the hub reports), exposures per
 * participant and investor class (positions, unsettled obligations, repo leverage, counterparty
 * exposures through the CCPs and bilaterally), concentration (top holders, turnover shares, HHI),
 * and raises alerts on the operator's thresholds with their evidence. See docs/risk-monitor.md.
 * @module
 */

export { type RiskAlertFilter, RiskMonitor } from './monitor.js';
export { type RiskBatch, RiskMonitorReader } from './reader.js';
export {
  DEFAULT_MONITOR_SETTINGS,
  type ExposureLimit,
  type ExposureLimitInput,
  type FlowThreshold,
  type FlowThresholdInput,
  MONITOR_SETTING_LIMITS,
  type RiskMonitorSettings,
  type RiskMonitorSettingsInput,
  riskMonitorSettings,
} from './settings.js';
export * from './types.js';

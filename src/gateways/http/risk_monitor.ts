/**
 * The real-time risk monitor in the server (docs/risk-monitor.md §6): one reader fed every durable
 * result after each group commit, its alerts streamed to operators on the `risk_alerts` channel.
 * The monitor keeps no snapshot: at start it is rebuilt by replaying the journal from genesis
 * through a scratch hub (no alert is broadcast during a replay), as surveillance is.
 *
 * Settings: the defaults, or what the operator last put, kept in `<data>/risk-monitor.json` and
 * applied before the replay at start. A change of settings builds a new monitor with them and
 * replays the journal at once, so the views and alerts are always those of the whole journal
 * under the current settings, the same as after a restart. Alerts are not stored: they are
 * recomputed (their ids are deterministic, `<event_seq>/risk.<kind>/<n>`).
 * @module
 */

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Outcome } from '../../kernel/index.js';
import {
  type RiskAlert,
  RiskMonitor,
  RiskMonitorReader,
  type RiskMonitorSettings,
  type RiskMonitorSettingsInput,
  riskMonitorSettings,
} from '../../oversight/risk/index.js';
import type { HubNode } from '../../runtime/node.js';
import { journalBatches } from './journal_replay.js';
import { toJson } from './json.js';
import type { StreamHub } from './streams.js';

export const RISK_MONITOR_FILE_NAME = 'risk-monitor.json';

export interface RiskMonitorService {
  /** The live reader (replaced when the settings change). */
  readonly reader: RiskMonitorReader;
  readonly settings: RiskMonitorSettings;
  /** Checks `input`, rebuilds the monitor from the journal with it, and keeps it on disk. */
  updateSettings(input: RiskMonitorSettingsInput): Outcome<RiskMonitorSettings>;
}

export function startRiskMonitor(
  node: HubNode,
  data_dir: string,
  streams: StreamHub,
): RiskMonitorService {
  const path = join(data_dir, RISK_MONITOR_FILE_NAME);
  const broadcast = (alerts: readonly RiskAlert[]) =>
    streams.broadcastRiskAlerts(alerts.map((alert) => toJson({ channel: 'risk_alerts', alert })));
  const build = (settings: RiskMonitorSettings) =>
    new RiskMonitorReader(new RiskMonitor(settings), broadcast);
  // At start the server replays the journal into it, giving the loop back as it goes.
  let reader = build(settingsFromFile(path));
  return {
    get reader() {
      return reader;
    },
    get settings() {
      return reader.monitor.settings;
    },
    updateSettings(input) {
      const checked = riskMonitorSettings(input);
      if (!checked.ok) return checked;
      // Synchronously, so no commit falls between the replay and the swap (docs/risk-monitor.md §6).
      const rebuilt = build(checked.value);
      rebuilt.replay(journalBatches(node));
      writeSettings(path, settingsInputOf(checked.value));
      reader = rebuilt;
      return checked;
    },
  };
}

/** The settings kept in `<data_dir>/risk-monitor.json`, or the defaults (also for `hutong reader risk`). */
export function riskSettingsFromFile(data_dir: string): RiskMonitorSettings {
  return settingsFromFile(join(data_dir, RISK_MONITOR_FILE_NAME));
}

/** The settings kept on disk, or the defaults; a file that no longer checks stops the start. */
function settingsFromFile(path: string): RiskMonitorSettings {
  const input = existsSync(path)
    ? (JSON.parse(readFileSync(path, 'utf8')) as RiskMonitorSettingsInput)
    : {};
  const checked = riskMonitorSettings(input);
  if (!checked.ok) {
    throw new Error(
      `${path}: the risk monitor's settings are refused (${checked.code}: ${checked.message}); fix or remove the file`,
    );
  }
  return checked.value;
}

/** Written whole to a temporary file, then renamed over the old one: never half a file. */
function writeSettings(path: string, input: RiskMonitorSettingsInput): void {
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, `${toJson(input)}\n`);
  renameSync(temporary, path);
}

const SHARE_ONE_E8 = 100_000_000;

/** A share in parts per 10^8 as the decimal the operator writes ("0.05"). */
function shareText(e8: number | null): string | null {
  if (e8 === null) return null;
  if (e8 === SHARE_ONE_E8) return '1';
  const digits = String(e8).padStart(8, '0').replace(/0+$/, '');
  return `0.${digits}`;
}

/** Checked settings in the form `riskMonitorSettings` accepts (bigints kept; JSON writes strings). */
export function settingsInputOf(s: RiskMonitorSettings): RiskMonitorSettingsInput {
  return {
    bucket_minutes: s.bucket_minutes,
    reversal_window_minutes: s.reversal_window_minutes,
    days_kept: s.days_kept,
    alerts_kept: s.alerts_kept,
    flow_thresholds: s.flow_thresholds,
    exposure_limits: s.exposure_limits,
    holding_share: shareText(s.holding_share_e8),
    turnover_share: shareText(s.turnover_share_e8),
    turnover_trades_min: s.turnover_trades_min,
    top_n: s.top_n,
  };
}

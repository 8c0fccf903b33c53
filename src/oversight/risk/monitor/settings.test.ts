/**
 * The monitor's settings: the defaults, what is accepted, and every refusal with its stable code,
 * its message and the figures that decided it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_MONITOR_SETTINGS,
  type ExposureLimitInput,
  type FlowThresholdInput,
  type RiskMonitorSettingsInput,
  riskMonitorSettings,
} from './settings.js';

function refused(
  input: RiskMonitorSettingsInput,
  code: string,
  details: Record<string, unknown> = {},
) {
  const outcome = riskMonitorSettings(input);
  assert.equal(
    outcome.ok,
    false,
    `accepted ${JSON.stringify(input, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`,
  );
  if (outcome.ok) return;
  assert.equal(outcome.code, code, outcome.message);
  assert.match(outcome.message, /^[A-Z0-9a-z]/);
  for (const [key, value] of Object.entries(details))
    assert.deepEqual(outcome.details[key], value, key);
}

const SERIES: FlowThresholdInput = {
  link: 'sh_hk_stock',
  direction: 'northbound',
  currency: 'CNY',
};
const LIMIT: ExposureLimitInput = {
  participant: 'PEAK',
  currency: 'CNY',
  measure: 'gross_position',
  limit_minor: 1n,
};

test('the defaults: 5-minute buckets, a 30-minute reversal window, no thresholds', () => {
  const outcome = riskMonitorSettings();
  assert.ok(outcome.ok);
  assert.deepEqual(outcome.value, DEFAULT_MONITOR_SETTINGS);
  assert.equal(DEFAULT_MONITOR_SETTINGS.holding_share_e8, null);
});

test('levels as bigints or decimal strings, shares as decimals in (0, 1] to parts per 10^8', () => {
  const outcome = riskMonitorSettings({
    bucket_minutes: 1,
    reversal_window_minutes: 7,
    flow_thresholds: [
      { ...SERIES, outflow_level_minor: '100', reversal_level_minor: 0n },
      { ...SERIES, currency: 'HKD', outflow_level_minor: null },
    ],
    exposure_limits: [LIMIT, { ...LIMIT, participant: null, limit_minor: '5' }],
    holding_share: '0.05',
    turnover_share: '1',
  });
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
  const s = outcome.value;
  assert.deepEqual(s.flow_thresholds, [
    { ...SERIES, outflow_level_minor: 100n, reversal_level_minor: 0n },
    { ...SERIES, currency: 'HKD', outflow_level_minor: null, reversal_level_minor: null },
  ]);
  assert.deepEqual(s.exposure_limits[1], { ...LIMIT, participant: null, limit_minor: 5n });
  assert.equal(s.holding_share_e8, 5_000_000);
  assert.equal(s.turnover_share_e8, 100_000_000);
  assert.equal(riskMonitorSettings({ holding_share: '0.00000001' }).ok, true, 'one part in 10^8');
});

test('a negative level or a level that is not a whole amount: RISK_THRESHOLD_INVALID', () => {
  refused(
    { flow_thresholds: [{ ...SERIES, outflow_level_minor: -1n }] },
    'RISK_THRESHOLD_INVALID',
    {
      outflow_level_minor: '-1',
      link: 'sh_hk_stock',
    },
  );
  refused(
    { flow_thresholds: [{ ...SERIES, reversal_level_minor: '-5' }] },
    'RISK_THRESHOLD_INVALID',
  );
  refused(
    { flow_thresholds: [{ ...SERIES, reversal_level_minor: '1.5' }] },
    'RISK_THRESHOLD_INVALID',
  );
  refused({ exposure_limits: [{ ...LIMIT, limit_minor: -100n }] }, 'RISK_THRESHOLD_INVALID', {
    participant: 'PEAK',
    limit_minor: '-100',
  });
  refused({ exposure_limits: [{ ...LIMIT, limit_minor: 'lots' }] }, 'RISK_THRESHOLD_INVALID');
});

test('a share outside (0, 1] or not a decimal: RISK_THRESHOLD_INVALID', () => {
  for (const share of [
    '0',
    '0.0',
    '1.00000001',
    '1.5',
    '-0.1',
    '2',
    'abc',
    '0.000000001',
    '.5',
    '',
  ]) {
    refused({ holding_share: share }, 'RISK_THRESHOLD_INVALID', {
      setting: 'holding_share',
      value: share,
    });
    refused({ turnover_share: share }, 'RISK_THRESHOLD_INVALID', { setting: 'turnover_share' });
  }
});

test('buckets of 1 or 5 minutes only: RISK_BUCKET_INVALID', () => {
  for (const bucket_minutes of [0, 2, 10, 1.5]) {
    refused({ bucket_minutes }, 'RISK_BUCKET_INVALID', { bucket_minutes });
  }
});

test('a reversal window of whole buckets up to 720 minutes: RISK_WINDOW_INVALID', () => {
  refused({ reversal_window_minutes: 0 }, 'RISK_WINDOW_INVALID', { reversal_window_minutes: 0 });
  refused({ reversal_window_minutes: 725 }, 'RISK_WINDOW_INVALID');
  refused({ reversal_window_minutes: 2.5 }, 'RISK_WINDOW_INVALID');
  refused({ reversal_window_minutes: 12 }, 'RISK_WINDOW_INVALID', { bucket_minutes: 5 });
  assert.equal(riskMonitorSettings({ reversal_window_minutes: 720 }).ok, true);
});

test('counts out of range, unknown series or measures, bad participant ids: RISK_SETTING_INVALID', () => {
  refused({ days_kept: -1 }, 'RISK_SETTING_INVALID', { setting: 'days_kept', value: -1 });
  refused({ days_kept: 367 }, 'RISK_SETTING_INVALID');
  refused({ alerts_kept: 0 }, 'RISK_SETTING_INVALID', { setting: 'alerts_kept' });
  refused({ top_n: 1_001 }, 'RISK_SETTING_INVALID', { setting: 'top_n' });
  refused({ turnover_trades_min: 0 }, 'RISK_SETTING_INVALID', { setting: 'turnover_trades_min' });
  const bad_link = { ...SERIES, link: 'stock_connect' } as unknown as FlowThresholdInput;
  refused({ flow_thresholds: [bad_link] }, 'RISK_SETTING_INVALID', { index: 0 });
  const bad_currency = { ...SERIES, currency: 'JPY' } as unknown as FlowThresholdInput;
  refused({ flow_thresholds: [bad_currency] }, 'RISK_SETTING_INVALID', { currency: 'JPY' });
  const bad_measure = { ...LIMIT, measure: 'net' } as unknown as ExposureLimitInput;
  refused({ exposure_limits: [bad_measure] }, 'RISK_SETTING_INVALID', { measure: 'net' });
  refused({ exposure_limits: [{ ...LIMIT, participant: 'A|B' }] }, 'RISK_SETTING_INVALID');
  refused({ exposure_limits: [{ ...LIMIT, participant: '' }] }, 'RISK_SETTING_INVALID');
  const many = Array.from({ length: 65_537 }, (_, i) => ({ ...LIMIT, participant: `P${i}` }));
  refused({ exposure_limits: many }, 'RISK_SETTING_INVALID', { count: 65_537, maximum: 65_536 });
});

test('the same series or the same limit twice: RISK_THRESHOLD_DUPLICATE', () => {
  refused(
    { flow_thresholds: [SERIES, { ...SERIES, outflow_level_minor: 1n }] },
    'RISK_THRESHOLD_DUPLICATE',
    {
      index: 1,
    },
  );
  refused({ exposure_limits: [LIMIT, { ...LIMIT, limit_minor: 2n }] }, 'RISK_THRESHOLD_DUPLICATE');
  const defaults = { ...LIMIT, participant: null };
  refused({ exposure_limits: [defaults, defaults] }, 'RISK_THRESHOLD_DUPLICATE');
  assert.equal(
    riskMonitorSettings({
      exposure_limits: [LIMIT, { ...LIMIT, measure: 'net_payable' }, defaults],
    }).ok,
    true,
  );
});

/**
 * What the risk routes answer, for the OpenAPI document only (replies are written by toJson:
 * bigints as decimal strings). Field by field in docs/risk.md "Over the API".
 * @module
 */

import { z } from 'zod';
import { DECIMAL } from './response_docs.js';

const INT = z.number().int();
const STAMP = {
  seq: INT.describe('The hub seq the figures were computed on'),
  digest: z.string().describe('SHA-256 of that state (digestHubState)'),
  now_us: INT,
  history: z.string().describe('The return history used: the demo’s is labelled simulated'),
};
const MEMBER = { participant: z.string(), ccp: z.string(), group: z.string() };
const LOOSE = z.record(z.string(), z.unknown());

export const SCENARIOS = z.object({ scenarios: z.array(LOOSE) });

export const MARGIN = z.object({
  ...STAMP,
  settings: z.object({ confidence_ppm: INT, window_days: INT, level: z.string() }),
  k: INT.describe('The k-th largest loss is the VaR: k = ceil(window × (1 − confidence))'),
  fx_source: z.string(),
  unpriced: z.array(z.string()),
  margin: z.array(
    z.object({
      account: z.string().optional(),
      ...MEMBER,
      initial_margin_minor: DECIMAL,
      expected_shortfall_minor: DECIMAL,
    }),
  ),
  variation_margin: z.array(
    z.object({ ...MEMBER, hkd_minor: DECIMAL, by_currency: z.record(z.string(), DECIMAL) }),
  ),
  ccps: z.array(z.object({ ccp: z.string(), initial_margin_minor: DECIMAL })),
});

const COVER = z.object({
  amount_minor: DECIMAL,
  scenario: z.string().nullable(),
  groups: z.array(z.object({ group: z.string(), amount_minor: DECIMAL })),
});

export const DEFAULT_FUND = z.object({
  ...STAMP,
  scenarios: z.array(z.string()),
  funds: z.array(
    z.object({
      ccp: z.string(),
      cover1: COVER,
      cover2: COVER,
      fund_minor: DECIMAL,
      contributions: z.array(
        z.object({ ...MEMBER, basis_minor: DECIMAL, contribution_minor: DECIMAL }),
      ),
    }),
  ),
});

const RUN = z.object({
  id: z.string(),
  ...STAMP,
  scenarios: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string() })),
  summary: z.array(z.string()).describe('Sentences a supervisor reads first'),
  by_scenario: z.array(
    z.object({
      scenario: z.string(),
      ccp: z.string(),
      loss_minor: DECIMAL,
      uncovered_minor: DECIMAL,
    }),
  ),
  by_member: z.array(
    z.object({
      ...MEMBER,
      initial_margin_minor: DECIMAL,
      worst_scenario: z.string(),
      worst_loss_minor: DECIMAL,
      worst_uncovered_minor: DECIMAL.describe('The margin shortfall in the worst scenario'),
    }),
  ),
  unsettled_instructions: INT.describe('CCP instructions not yet final, in the portfolio'),
  covers: z
    .array(z.object({ ccp: z.string(), cover1: COVER, cover2: COVER }))
    .describe('Cover 1 and Cover 2 per CCP on this run’s scenarios'),
  liquidity: z.object({
    cover: INT,
    days: INT,
    rows: z.array(
      z.object({
        scenario: z.string(),
        ccp: z.string(),
        currency: z.string(),
        groups: z.array(z.string()),
        need_minor: DECIMAL,
        available_minor: DECIMAL,
        shortfall_minor: DECIMAL,
        first_short_day: INT.nullable(),
      }),
    ),
  }),
  quota_effects: z.array(
    z.object({
      scenario: z.string(),
      link: z.string(),
      direction: z.string(),
      daily_quota_hkd_minor: DECIMAL,
      stressed_daily_quota_hkd_minor: DECIMAL,
      balance_hkd_minor: DECIMAL,
      stressed_balance_hkd_minor: DECIMAL,
      holdings_value_hkd_minor: DECIMAL,
      holdings_change_hkd_minor: DECIMAL,
      change_of_quota_bp: DECIMAL,
    }),
  ),
  payment_limit_effects: z.array(
    z.object({
      scenario: z.string(),
      limit: z.string(),
      currency: z.string(),
      amount_minor: DECIMAL,
      paid_in: z.string(),
      value_minor: DECIMAL,
      stressed_value_minor: DECIMAL,
    }),
  ),
});

export const STRESS_RUN = z.object({ run: RUN });
export const STRESS_RUNS = z.object({ runs: z.array(RUN) });

export const DEFAULT_SIMULATION = z.object({
  ...STAMP,
  ccp: z.string(),
  scenario: z.string(),
  fund_minor: DECIMAL,
  tiers: z.array(z.object({ tier: z.string(), amount_minor: DECIMAL })),
  loss_minor: DECIMAL,
  defaulters: z.array(
    z.object({
      ...MEMBER,
      loss_minor: DECIMAL,
      margin_used_minor: DECIMAL,
      fund_used_minor: DECIMAL,
    }),
  ),
  non_defaulters: z.array(z.object({ ...MEMBER, used_minor: DECIMAL })),
});

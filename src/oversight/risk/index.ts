/**
 * Risk oversight: the pure calculation core of issue 17 (docs/risk.md). Portfolios in columns,
 * initial margin by historical-simulation VaR and expected shortfall, variation margin, stress
 * scenarios as data (built-in historical and hypothetical ones), the stress engine, Cover 1 and
 * Cover 2 with the default fund and its contributions, the default waterfall, and liquidity
 * stress. Every function is a pure function of its inputs; every bad input is an `Outcome`
 * rejection with a stable `RISK_*` code. The event reader (monitor), API and console build on it.
 *
 * The usual run:
 *   riskPortfolio(rows) → initialMargin(portfolio, history, settings)
 *   → compileScenarios(portfolio, selectScenarios(ids)) → runStress(portfolio, matrix, member IM)
 *   → defaultFund(portfolio, stress) → simulateDefault(...) / liquidityStress(...) / stressSummary(...)
 * @module
 */

export {
  type CcpDefaultFund,
  type Cover,
  DEFAULT_FUND_SETTINGS,
  type DefaultFundSettings,
  defaultFund,
  type MemberContribution,
} from './cover2.js';
export {
  type EffectsReport,
  limitEffects,
  type PaymentLimitEffect,
  type PaymentLimitRow,
  type QuotaEffect,
  type QuotaLinkRow,
} from './effects.js';
export { toHkdMinor } from './fx.js';
export { DEFAULT_MARGIN_SETTINGS, HISTORY_DAYS_MAX } from './history.js';
export {
  LIQUIDITY_DAYS_MAX,
  type LiquidityInput,
  type LiquidityLine,
  type LiquidityReport,
  type LiquidResourceRow,
  liquidityStress,
  type ObligationRow,
} from './liquidity.js';
export { type LiquiditySummaryRow, liquiditySummary } from './liquidity_summary.js';
export { initialMargin } from './margin.js';
export * from './monitor/index.js';
export { riskPortfolio } from './portfolio.js';
export { PORTFOLIO_LIMITS } from './portfolio_rows.js';
export { allocateProRata } from './pro_rata.js';
export { tailCount } from './quantile.js';
export {
  type MemberFigures,
  type ScenarioCcpFigures,
  type StressSummary,
  stressSummary,
} from './report.js';
export { ceilMinor, FLOAT_EXACT_LIMIT, roundMinor } from './rounding.js';
export { BUILTIN_SCENARIOS } from './scenario_library.js';
export {
  SCENARIO_LIMITS,
  SHOCK_BOUNDS,
  validateScenario,
  validateScenarios,
} from './scenario_validation.js';
export { selectScenarios } from './scenarios.js';
export { compileScenarios, MATRIX_CELLS_MAX } from './shocks.js';
export { runStress } from './stress.js';
export * from './types.js';
export { variationMargin } from './variation.js';
export {
  type DefaulterInput,
  type DefaulterUse,
  type DefaultRequest,
  simulateDefault,
  type WaterfallInput,
  type WaterfallResult,
  waterfall,
} from './waterfall.js';

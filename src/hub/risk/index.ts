/**
 * Risk inputs from the hub: the risk core's `PortfolioInput` from the hub's state (inputs.ts),
 * with each instrument's price and its source (prices.ts), the CCPs' open positions and pay-ins
 * (unsettled.ts), and the Connect quotas and payment limits a scenario is read against
 * (connect_limits.ts).
 * @module
 */

export {
  type LinkHoldingsRow,
  linkHoldings,
  type PaymentLimitSetting,
  paymentLimits,
} from './connect_limits.js';
export {
  cashInstrumentId,
  ccpOf,
  type FxSource,
  type HubRiskInputs,
  type RiskInputOptions,
  riskInputs,
  STATED_FX_RATES,
} from './inputs.js';
export type { InstrumentPrice, PriceSource } from './prices.js';
export { CCP_GROUPS, type PayIn, type UnsettledBook, unsettledBook } from './unsettled.js';

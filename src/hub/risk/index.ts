/**
 * Risk inputs from the hub: the risk core's `PortfolioInput` from the hub's state (inputs.ts),
 * with each instrument's price and its source (prices.ts).
 * @module
 */

export { ccpOf, type FxSource, type HubRiskInputs, riskInputs, STATED_FX_RATES } from './inputs.js';
export type { InstrumentPrice, PriceSource } from './prices.js';

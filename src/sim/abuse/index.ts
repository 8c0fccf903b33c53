/**
 * Labelled abuse for measuring surveillance: abusive agents (spoofers and layerers, wash traders
 * and linked accounts, closing-price markers, momentum igniters, large one-way traders, repeated
 * pushers, an HFT account with message bursts, convergent algorithms, a market maker failing its
 * obligation), busy legitimate traders as negative controls, and the scenario that runs them with
 * the normal market simulator on a real hub.
 * @module
 */

export type { AbuseAgent } from './agent.js';
export * from './cast.js';
export type { AbuseKind, Episode } from './labels.js';
export { LabelBook } from './labels.js';
export type { AbuseVariant } from './roster.js';
export { dayAgents } from './roster.js';
export {
  runScenario,
  type ScenarioBatch,
  type ScenarioOptions,
  type ScenarioResult,
} from './scenario.js';

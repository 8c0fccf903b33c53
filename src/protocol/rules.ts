/**
 * Connect rules operator commands on the wire: the rules domain's schemas, used as they are.
 * @module
 */

export {
  seedForeignHoldingsSchema as SEED_FOREIGN_HOLDINGS,
  setBcanMappingsSchema as SET_BCAN_MAPPINGS,
  setDailyQuotaSchema as SET_DAILY_QUOTA,
  setEligibilitySchema as SET_ELIGIBILITY,
  setFxReferenceRatesSchema as SET_FX_REFERENCE_RATES,
  setFxSettlementRatesSchema as SET_FX_SETTLEMENT_RATES,
  setSouthboundChannelSchema as SET_SOUTHBOUND_CHANNEL,
} from '../rules/index.js';

/**
 * The ledger's bounds. Every batch and table has a maximum; reaching it is a rejection.
 * @module
 */

export const LEDGER_LIMITS = {
  /** Events per request, as TigerBeetle's batch limit. */
  accounts_per_batch_max: 8_189,
  transfers_per_batch_max: 8_189,
  accounts_max: 10_000_000,
  /** Completed transfers kept in memory for idempotency and look-up (the journal keeps all). */
  transfers_retained_max: 20_000_000,
  pending_holds_max: 1_000_000,
  /** How long a completed transfer id stays known to the hub: retries must come within it. */
  transfer_retention_us: 24 * 3_600 * 1_000_000,
  /** One hold may last at most 30 days. */
  hold_timeout_s_max: 30 * 86_400,
  /** Omnibus chains: investor → broker → HKSCC → ChinaClear is four tiers. */
  chain_depth_max: 8,
  id_length_max: 64,
  reference_length_max: 140,
} as const;

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:\-/]{0,63}$/;

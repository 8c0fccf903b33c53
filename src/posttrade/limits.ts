/**
 * The posttrade domain's bounds. Reaching one is a rejection, never a crash.
 * @module
 */

export const POSTTRADE_LIMITS = {
  /** Instructions kept in memory (settled ones until pruned). */
  instructions_max: 4_000_000,
  /** Distinct ledger accounts posttrade settles on. */
  accounts_max: 1_000_000,
  /** Trade ids become instruction ids (`<trade>/S`), which fit sese.023's 35-character TxId. */
  trade_id_length_max: 33,
  cycle_id_length_max: 24,
  /** Netting reports kept (oldest dropped first). */
  cycle_reports_max: 64,
  /** Trade dates with a published settlement rate kept. */
  settlement_rates_max: 400,
  buy_ins_max: 100_000,
  /** A sese.023 document is small; anything larger is refused before parsing. */
  sese023_length_max: 65_536,
  /** Instructions in one command (cancel, settle now). */
  ids_per_command_max: 8_189,
  /** The largest quantity of one trade (a safe integer, far above any real order). */
  quantity_units_max: 1_000_000_000_000,
} as const;

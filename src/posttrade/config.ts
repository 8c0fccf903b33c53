/**
 * Settlement configuration: per stream, the cycle (T+n for each leg), the calendar it counts
 * in, partial settlement, the buy-in deadline and the penalty rate; per market, the CCP; the
 * southbound FX arrangement; the shared book's reserve fund. Plain data, kept in the state and
 * snapshotted, so a replay uses the configuration the day ran with.
 *
 * Sources and assumptions are in docs/settlement.md §1. Buy-in deadlines are configuration, not
 * law. The ChinaClear and HKSCC streams charge no daily penalty (no rule of theirs is cited); the
 * mechanism stays per stream in the shape of the EU CSDR regime (Delegated Regulation (EU)
 * 2017/389: 1 bp a day for liquid shares, 0.1 bp for sovereign debt) for a market that has one.
 * @module
 */

import { assert } from '../kernel/assert.js';
import { accept, type Outcome } from '../kernel/index.js';
import { LEDGER_LIMITS } from '../ledger/index.js';
import type { CurrencyCode, Market } from '../reference/index.js';
import { refuse } from './codes.js';
import type { SettlementModel, Stream } from './types.js';

/** Which calendar a stream counts business days in; `none` counts calendar days (24/7 venues). */
export type CalendarChoice = 'cn_exchange' | 'hk_exchange' | 'connect' | 'none';

/** The rules of one settlement stream. */
export interface StreamRules {
  readonly model: SettlementModel;
  readonly calendar: CalendarChoice;
  /** Business days from T to the securities leg's intended settlement date. */
  readonly securities_lag_days: number;
  /** Business days from T to the cash leg's intended settlement date. */
  readonly cash_lag_days: number;
  /** Whether a securities shortfall may settle the available part (the rest stays failed). */
  readonly partial_allowed: boolean;
  /** Business days after the securities date from which a buy-in may be executed; -1 = never. */
  readonly buy_in_deadline_days: number;
  /** Penalty per failed business day, in parts per million of the unsettled cash value. */
  readonly penalty_ppm_per_day: number;
  /**
   * Business days after the securities date during which a fail is re-settled; after that
   * day's last cycle a still failing instruction is closed (`final_fail`). Absent: no limit.
   */
  readonly resettle_days?: number;
}

/** The southbound currency arrangement: HKD at HKSCC, RMB with Mainland investors. */
export interface SouthboundFxConfig {
  /** ChinaClear: HKSCC's participant for all southbound trades and the investors' RMB agent. */
  readonly agent: string;
  /** The FX bank ChinaClear converts the net amount with (PvP). */
  readonly fx_bank: string;
  /** The trading currency's cash asset at HKSCC. */
  readonly hkd_asset: string;
  /** The RMB cash asset the Mainland investors settle in. */
  readonly rmb_asset: string;
}

/** The shared order book's reserve fund (SFC circular on shared liquidity, 3 Nov 2025). */
export interface ReserveFundConfig {
  /** The Hong Kong platform that keeps the fund. */
  readonly owner: string;
  readonly asset: string;
  /** The cap on unsettled shared-book trades, in the fund asset's minor units. */
  readonly cap_minor: bigint;
}

/** The whole configuration. */
export interface PosttradeConfig {
  /** Owner of the netting transit accounts and of the penalty accounts (the operator). */
  readonly operator: string;
  /** The central counterparty of each exchange; markets not listed settle bilaterally. */
  readonly ccp_by_market: Readonly<Partial<Record<Market, string>>>;
  readonly streams: Readonly<Record<Stream, StreamRules>>;
  /** The default cash asset of each currency (trades may name another, e.g. e-HKD). */
  readonly cash_asset_by_currency: Readonly<Record<CurrencyCode, string>>;
  readonly southbound: SouthboundFxConfig;
  readonly reserve_fund: ReserveFundConfig;
  /**
   * The largest netting batch settled as one atomic ledger batch; larger cycles use holds. The
   * batch is one step of the cycle command, so the ledger's limit on a client's batch (8,189)
   * does not bound it.
   */
  readonly net_batch_transfers_max: number;
  /** Instructions settled gross in one ledger batch (each still atomic on its own). */
  readonly gross_batch_instructions_max: number;
}

/**
 * No daily cash penalty: no rule of ChinaClear or HKSCC that charges one is cited (docs/settlement.md
 * §1, issue 12 item 25). A market that has one configures its rate per stream.
 */
const NO_PENALTY_PPM = 0;
/** 1 bp a day, CSDR's rate for liquid shares (Delegated Regulation (EU) 2017/389): for configuration. */
export const CSDR_LIQUID_SHARES_PENALTY_PPM = 100;
const SOVEREIGN_BOND_PENALTY_PPM = 10; // 0.1 bp a day: CSDR rate for sovereign debt
/** `buy_in_deadline_days` of a stream without buy-in. */
const NO_BUY_IN = -1;
/** Business days within which a failed Bond Connect trade may be re-settled. */
export const BOND_RESETTLE_DAYS = 3;

/** The engine's defaults; see docs/settlement.md §3 for where each figure comes from. */
export const DEFAULT_POSTTRADE_CONFIG: PosttradeConfig = Object.freeze({
  operator: 'HUTONG',
  ccp_by_market: Object.freeze({ XSHG: 'CSDC', XSHE: 'CSDC', XHKG: 'HKSCC' }),
  streams: Object.freeze({
    northbound: rules('net', 'connect', 0, 1, false, 1, NO_PENALTY_PPM),
    cn_domestic: rules('net', 'cn_exchange', 0, 1, false, 1, NO_PENALTY_PPM),
    // CCASS settles on Hong Kong business days: T+2 counts SEHK days, even across a Mainland holiday.
    southbound: rules('net', 'hk_exchange', 2, 2, true, 1, NO_PENALTY_PPM),
    hk_domestic: rules('net', 'hk_exchange', 2, 2, true, 1, NO_PENALTY_PPM),
    shared_book: rules('gross', 'none', 0, 0, false, 0, 0),
    tokenized: rules('gross', 'none', 0, 0, false, 4, SOVEREIGN_BOND_PENALTY_PPM),
    // Bond Connect RFQ trades: bilateral gross DvP on the agreed date (T+0..T+3), never bought
    // in; a fail is re-settled within 3 business days, then closed (docs/bonds.md §8.8).
    interbank: bondRules('cn_exchange'),
    cmu_rfq: bondRules('hk_exchange'),
  }),
  cash_asset_by_currency: Object.freeze({
    CNY: 'CNY',
    CNH: 'CNH',
    HKD: 'HKD',
    USD: 'USD',
    EUR: 'EUR',
  }),
  southbound: Object.freeze({
    agent: 'CSDC',
    fx_bank: 'BOCHK',
    hkd_asset: 'HKD',
    rmb_asset: 'CNY',
  }),
  reserve_fund: Object.freeze({ owner: 'HDX', asset: 'HKD', cap_minor: 0n }),
  net_batch_transfers_max: 1_048_576,
  gross_batch_instructions_max: 2_048,
});

function rules(
  model: SettlementModel,
  calendar: CalendarChoice,
  securities_lag_days: number,
  cash_lag_days: number,
  partial_allowed: boolean,
  buy_in_deadline_days: number,
  penalty_ppm_per_day: number,
): StreamRules {
  return Object.freeze({
    model,
    calendar,
    securities_lag_days,
    cash_lag_days,
    partial_allowed,
    buy_in_deadline_days,
    penalty_ppm_per_day,
  });
}

/**
 * A Bond Connect RFQ stream: gross bilateral DvP, no buy-in, no penalty, re-settlement of a fail
 * within 3 business days (bonds-financing-payments-scale.md §1: clearstream.com, settlement
 * process China). The agreed settlement date comes with each trade.
 */
function bondRules(calendar: CalendarChoice): StreamRules {
  return Object.freeze({
    ...rules('gross', calendar, 0, 0, false, NO_BUY_IN, NO_PENALTY_PPM),
    resettle_days: BOND_RESETTLE_DAYS,
  });
}

/**
 * The default configuration with some fields replaced (tests, the hub's own set-up). Southbound
 * must settle net: its RMB is converted once per cycle with the FX bank (PvP in the batch).
 */
export function posttradeConfig(overrides: Partial<PosttradeConfig> = {}): PosttradeConfig {
  const config = checkedPosttradeConfig(overrides);
  assert(config.ok, `posttrade configuration: ${config.ok ? '' : config.message}`);
  return config.value;
}

/**
 * The default configuration with some fields replaced, or `CONFIG_INVALID` naming the field:
 * the door for a configuration that comes from outside the code.
 */
export function checkedPosttradeConfig(
  overrides: Partial<PosttradeConfig> = {},
): Outcome<PosttradeConfig> {
  const config = Object.freeze({ ...DEFAULT_POSTTRADE_CONFIG, ...overrides });
  if (config.streams.southbound.model !== 'net') {
    return invalid('streams.southbound.model', 'Southbound settles net (PvP per cycle)', 'net');
  }
  if (!isCount(config.net_batch_transfers_max, Number.MAX_SAFE_INTEGER)) {
    return invalid('net_batch_transfers_max', 'A batch holds at least one transfer', 1);
  }
  if (!isCount(config.gross_batch_instructions_max, GROSS_BATCH_INSTRUCTIONS_LIMIT)) {
    return invalid(
      'gross_batch_instructions_max',
      `A gross batch holds 1 to ${GROSS_BATCH_INSTRUCTIONS_LIMIT} instructions (two ledger transfers each, at most ${LEDGER_LIMITS.transfers_per_batch_max} a batch)`,
      GROSS_BATCH_INSTRUCTIONS_LIMIT,
    );
  }
  return accept(config);
}

/** Each gross instruction is two transfers of one ledger transfer batch. */
export const GROSS_BATCH_INSTRUCTIONS_LIMIT = Math.floor(LEDGER_LIMITS.transfers_per_batch_max / 2);

function isCount(value: number, maximum: number): boolean {
  return Number.isSafeInteger(value) && value >= 1 && value <= maximum;
}

function invalid(field: string, message: string, limit: number | string) {
  return refuse('CONFIG_INVALID', message, { field, limit });
}

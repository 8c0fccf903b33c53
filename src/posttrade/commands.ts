/**
 * Posttrade commands: their wire schemas (zod v4) and the domain function each calls. A schema
 * checks the shape (types, vocabularies, bounded lengths, digit strings for bigint amounts); the
 * domain function checks meaning and answers with a stable rejection code. Every command either
 * applies whole or is refused with nothing changed.
 * @module
 */

import { z } from 'zod';
import { accept, type Outcome } from '../kernel/index.js';
import { MARKETS } from '../reference/index.js';
import { executeBuyIn } from './buy_in.js';
import { cancelInstruction } from './cancel.js';
import { captureTrade } from './capture.js';
import { refuse } from './codes.js';
import { runCycle } from './cycle.js';
import { setSettlementRate } from './fx.js';
import { POSTTRADE_LIMITS } from './limits.js';
import { collectPenalties } from './penalties.js';
import { compensateFromReserveFund, setReserveCap } from './reserve.js';
import type { InstrumentLookup } from './sese023.js';
import { importSese023 } from './sese023_io.js';
import type { PosttradeEnv, PosttradeState } from './state.js';
import { ORDER_ROUTES, type TradeForSettlement } from './types.js';

const ID = z.string().min(1).max(64);
const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');
const AMOUNT = z
  .union([z.string().regex(/^\d{1,39}$/, 'an amount is a string of digits'), z.int().nonnegative()])
  .transform((value) => BigInt(value));
const SAFE_INT = z.int().nonnegative();

/** The trade the hub hands over (internal: the hub builds it from a `trade` event). */
export const TRADE_FOR_SETTLEMENT = z.strictObject({
  trade_id: z.string().max(POSTTRADE_LIMITS.trade_id_length_max),
  instrument: z.string().max(12),
  market: z.enum(MARKETS),
  price_units: SAFE_INT,
  quantity_units: SAFE_INT,
  buyer: ID,
  seller: ID,
  buyer_participant: ID,
  seller_participant: ID,
  buy_route: z.enum(ORDER_ROUTES),
  sell_route: z.enum(ORDER_ROUTES),
  buy_venue: z.string().max(64),
  sell_venue: z.string().max(64),
  timestamp_us: SAFE_INT,
  trade_date: DATE,
  currency: z.enum(['CNY', 'CNH', 'HKD', 'USD', 'EUR']),
  price_scale: SAFE_INT,
  face_value_minor: AMOUNT.optional(),
  cash_asset: ID.optional(),
  primary: z.boolean().optional(),
});

/** `posttrade.capture_trade`: the hub's trade (internal). */
export const CAPTURE_TRADE = z.strictObject({
  type: z.literal('posttrade.capture_trade'),
  trade: TRADE_FOR_SETTLEMENT,
});

/** `posttrade.run_cycle`. */
export const RUN_CYCLE = z.strictObject({
  type: z.literal('posttrade.run_cycle'),
  cycle_id: z.string().max(POSTTRADE_LIMITS.cycle_id_length_max),
  settlement_date: DATE,
  cutoff_us: SAFE_INT.optional(),
  groups: z.array(ID).max(16).optional(),
  end_of_day: z.boolean().optional(),
});

/** `posttrade.cancel_instruction`. */
export const CANCEL_INSTRUCTION = z.strictObject({
  type: z.literal('posttrade.cancel_instruction'),
  instruction_id: ID,
});

/** `posttrade.set_settlement_rate`. */
export const SET_SETTLEMENT_RATE = z.strictObject({
  type: z.literal('posttrade.set_settlement_rate'),
  trade_date: DATE,
  buy_rate: z.string().max(40),
  sell_rate: z.string().max(40),
});

/** `posttrade.import_sese023`. */
export const IMPORT_SESE023 = z.strictObject({
  type: z.literal('posttrade.import_sese023'),
  xml: z.string().max(POSTTRADE_LIMITS.sese023_length_max),
});

/** `posttrade.execute_buy_in`. */
export const EXECUTE_BUY_IN = z.strictObject({
  type: z.literal('posttrade.execute_buy_in'),
  instruction_id: ID,
  agent: ID,
  price_units: SAFE_INT,
  date: DATE,
});

/** `posttrade.collect_penalties`. */
export const COLLECT_PENALTIES = z.strictObject({ type: z.literal('posttrade.collect_penalties') });

/** `posttrade.set_reserve_cap`. */
export const SET_RESERVE_CAP = z.strictObject({
  type: z.literal('posttrade.set_reserve_cap'),
  cap_minor: AMOUNT,
});

/** `posttrade.compensate`: a reserve-fund payout for an affiliate's failure. */
export const COMPENSATE = z.strictObject({
  type: z.literal('posttrade.compensate'),
  instruction_id: ID,
  amount_minor: AMOUNT,
});

/** Every posttrade command on the wire. */
export const POSTTRADE_COMMAND = z.discriminatedUnion('type', [
  CAPTURE_TRADE,
  RUN_CYCLE,
  CANCEL_INSTRUCTION,
  SET_SETTLEMENT_RATE,
  IMPORT_SESE023,
  EXECUTE_BUY_IN,
  COLLECT_PENALTIES,
  SET_RESERVE_CAP,
  COMPENSATE,
]);

/** A parsed posttrade command. */
export type PosttradeCommand = z.infer<typeof POSTTRADE_COMMAND>;

/** Parses a wire command; the first problem is refused as `COMMAND_INVALID` with its path. */
export function parsePosttradeCommand(wire: unknown): Outcome<PosttradeCommand> {
  const parsed = POSTTRADE_COMMAND.safeParse(wire);
  if (parsed.success) return accept(parsed.data);
  const issue = parsed.error.issues[0];
  const field = (issue?.path ?? []).map(String).join('.');
  return refuse('COMMAND_INVALID', `Posttrade command ${field || 'body'}: ${issue?.message}`, {
    field,
    problem: issue?.message ?? 'invalid',
  });
}

/** Applies a parsed command with the domain function it names. */
export function applyPosttradeCommand(
  state: PosttradeState,
  env: PosttradeEnv,
  command: PosttradeCommand,
  lookup: InstrumentLookup,
): Outcome<unknown> {
  switch (command.type) {
    case 'posttrade.capture_trade':
      return captureTrade(state, env, command.trade as TradeForSettlement);
    case 'posttrade.run_cycle':
      return runCycle(state, env, command);
    case 'posttrade.cancel_instruction':
      return cancelInstruction(state, env, command);
    case 'posttrade.set_settlement_rate':
      return setSettlementRate(state, command);
    case 'posttrade.import_sese023':
      return importSese023(state, env, command.xml, lookup);
    case 'posttrade.execute_buy_in':
      return executeBuyIn(state, env, command);
    case 'posttrade.collect_penalties':
      return collectPenalties(state, env);
    case 'posttrade.set_reserve_cap':
      return setReserveCap(state, env, command.cap_minor);
    case 'posttrade.compensate':
      return compensateFromReserveFund(state, env, command);
  }
}

// The wire shapes must fit the domain's inputs; this line fails to compile otherwise.
type Fits<A, B> = A extends B ? true : false;
/** Compile-time proof that the wire trade fits the domain's input. */
export const POSTTRADE_WIRE_FITS: [Fits<z.infer<typeof TRADE_FOR_SETTLEMENT>, TradeForSettlement>] =
  [true];

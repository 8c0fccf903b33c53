/**
 * What an instruction settles on a date, and what settling or failing does to its record. Shared
 * by gross settlement (model 1) and net settlement (model 3), so both move exactly the same legs.
 *
 * Legs that share a date settle together or not at all (DvP). Where the securities leg is due
 * before the cash leg (northbound: securities T+0, money T+1), the securities leg settles first
 * and the instruction is `pending` until its cash leg settles; a cash leg never settles before
 * its securities leg.
 * @module
 */

import { assert } from '../kernel/assert.js';
import type { Rate } from '../kernel/money.js';
import { currency } from '../reference/index.js';
import { proRataMinor, southboundRmbMinor } from './amounts.js';
import type { PosttradeEnv, PosttradeState, SettlementRate } from './state.js';
import type { FailReason, Instruction } from './types.js';

/** The amounts an instruction moves in one settlement. Zero means the leg does not move. */
export interface DueLegs {
  securities_units: bigint;
  cash_minor: bigint;
  rmb_minor: bigint;
  /** True when this settlement completes the cash leg (northbound T+1, or DvP). */
  readonly settles_cash: boolean;
}

/** What is due on `date` (whole remainder), or undefined when nothing is due. */
export function dueLegs(
  state: PosttradeState,
  instruction: Instruction,
  date: string,
): DueLegs | undefined {
  const legs = { securities_units: 0n, cash_minor: 0n, rmb_minor: 0n, settles_cash: false };
  return dueLegsInto(state, instruction, date, legs) ? legs : undefined;
}

/** `DueLegs` that a caller may fill in place. */
export type DueLegsScratch = { -readonly [K in keyof DueLegs]: DueLegs[K] };

/** A scratch `DueLegs` for passes that must not allocate one per instruction. */
export function scratchLegs(): DueLegsScratch {
  return { securities_units: 0n, cash_minor: 0n, rmb_minor: 0n, settles_cash: false };
}

/**
 * `dueLegs` without allocating: fills `out` and says whether anything is due. For passes over
 * millions of instructions, where one object each would outlive the young generation.
 */
export function dueLegsInto(
  state: PosttradeState,
  instruction: Instruction,
  date: string,
  out: DueLegsScratch,
): boolean {
  if (instruction.status === 'settled' || instruction.status === 'cancelled') return false;
  const securities_due = !instruction.securities_settled && instruction.securities_date <= date;
  const cash_due =
    instruction.payment === 'APMT' &&
    instruction.cash_date <= date &&
    (instruction.securities_settled || securities_due);
  if (!securities_due && !cash_due) return false;
  const cash = cash_due ? instruction.remaining_cash_minor : 0n;
  out.securities_units = securities_due ? instruction.remaining_quantity_units : 0n;
  out.cash_minor = cash;
  out.rmb_minor = cash_due ? rmbFor(state, instruction, cash) : 0n;
  out.settles_cash = cash_due;
  return true;
}

/** Narrows due legs to `units` of the securities (partial settlement), cash pro rata. */
export function partOf(
  state: PosttradeState,
  instruction: Instruction,
  legs: DueLegs,
  units: bigint,
): DueLegs {
  assert(units > 0n && units < legs.securities_units, 'a part is smaller than the whole');
  assert(legs.settles_cash || instruction.payment === 'FREE', 'partial only for same-day DvP');
  const cash =
    instruction.payment === 'FREE'
      ? 0n
      : proRataMinor(instruction.remaining_cash_minor, units, instruction.remaining_quantity_units);
  return {
    securities_units: units,
    cash_minor: cash,
    rmb_minor: rmbFor(state, instruction, cash),
    settles_cash: false,
  };
}

/** The published settlement rate for an instruction's trade date (the caller checked it). */
export function rateOf(state: PosttradeState, instruction: Instruction): SettlementRate {
  const rate = state.settlement_rates.get(instruction.trade_date);
  assert(rate !== undefined, `no settlement rate for ${instruction.trade_date}`);
  return rate;
}

function rmbFor(state: PosttradeState, instruction: Instruction, hkd_minor: bigint): bigint {
  if (instruction.fx === 'none' || hkd_minor === 0n) return 0n;
  const published = rateOf(state, instruction);
  const buy = instruction.fx === 'buy';
  const rate: Rate = buy
    ? { numerator: published.buy_numerator, denominator: published.buy_denominator }
    : { numerator: published.sell_numerator, denominator: published.sell_denominator };
  const hkd_scale = currency(instruction.currency)?.minor_units ?? 2;
  const rmb_scale = currency('CNY')?.minor_units ?? 2;
  return southboundRmbMinor(hkd_minor, rate, hkd_scale, rmb_scale, buy);
}

/** Records that `legs` settled: amounts, status, exposure, event. */
export function applySettlement(
  state: PosttradeState,
  env: PosttradeEnv,
  instruction: Instruction,
  legs: DueLegs,
): void {
  const i = instruction;
  if (legs.securities_units > 0n) {
    i.remaining_quantity_units = less(i.remaining_quantity_units, legs.securities_units);
    i.settled_quantity_units = plus(i.settled_quantity_units, legs.securities_units);
    if (i.remaining_quantity_units === 0n) i.securities_settled = true;
  }
  if (legs.cash_minor > 0n) {
    i.remaining_cash_minor = less(i.remaining_cash_minor, legs.cash_minor);
    i.settled_cash_minor = plus(i.settled_cash_minor, legs.cash_minor);
  }
  if (legs.rmb_minor > 0n) i.settled_rmb_minor = plus(i.settled_rmb_minor, legs.rmb_minor);
  i.parts += 1;
  assert(i.remaining_quantity_units >= 0n && i.remaining_cash_minor >= 0n, 'settled too much');
  const cash_done = i.payment === 'FREE' || i.remaining_cash_minor === 0n || legs.settles_cash;
  if (i.securities_settled && cash_done) {
    assert(i.remaining_cash_minor === 0n, 'cash left on a settled instruction');
    finish(state, env, i, 'settled', 'settled');
    return;
  }
  if (i.remaining_quantity_units === 0n) {
    setStatus(env, i, 'pending', '');
    return;
  }
  // A partial settlement: the rest stays failed for the reason the caller records next.
}

/** a − b, without allocating a new bigint when the whole remainder goes (the common case). */
function less(a: bigint, b: bigint): bigint {
  return a === b ? 0n : a - b;
}

/** a + b, reusing b when a is zero (the first settlement of an instruction). */
function plus(a: bigint, b: bigint): bigint {
  return a === 0n ? b : a + b;
}

/** Closes an instruction (settled or cancelled) and releases its shared-book exposure. */
export function finish(
  state: PosttradeState,
  env: PosttradeEnv,
  instruction: Instruction,
  status: 'settled' | 'cancelled',
  closure: Instruction['closure'],
): void {
  if (instruction.shared_book) {
    state.unsettled_shared_minor -= instruction.cash_minor;
    assert(state.unsettled_shared_minor >= 0n, 'shared-book exposure below zero');
  }
  instruction.closure = closure;
  instruction.final_at_us = env.timestamp_us;
  if (status === 'settled') instruction.fail_reason = '';
  setStatus(env, instruction, status, status === 'cancelled' ? closure : '');
}

/** Records a failed attempt; an event only when the status or reason changes. */
export function markFailed(
  env: PosttradeEnv,
  instruction: Instruction,
  reason: FailReason,
  failing_party: string,
): void {
  instruction.fail_count += 1;
  instruction.failing_party = failing_party;
  const changed = instruction.status !== 'failed' || instruction.fail_reason !== reason;
  instruction.fail_reason = reason;
  if (changed) setStatus(env, instruction, 'failed', reason);
}

function setStatus(
  env: PosttradeEnv,
  instruction: Instruction,
  status: Instruction['status'],
  reason: string,
): void {
  instruction.status = status;
  env.events.emit({
    type: 'instruction_status',
    instruction_id: instruction.id,
    status,
    reason,
    settled_quantity_units: instruction.settled_quantity_units,
    remaining_quantity_units: instruction.remaining_quantity_units,
  });
}

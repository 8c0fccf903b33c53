/**
 * The instructions of one netting run, stored column by column.
 *
 * A run can hold millions of instructions, and it lives through the whole cycle: one object per
 * instruction (and one per set of due legs) would be promoted out of the young generation and
 * copied, which costs more than the netting itself. So the run keeps the instructions and their
 * due amounts in parallel arrays of references to values that already exist, and keeps the few
 * exceptions (taken out, or reduced to a part) in a map.
 * @module
 */

import { assert } from '../kernel/assert.js';
import type { DueLegs, DueLegsScratch } from './legs.js';
import type { FailReason, Instruction } from './types.js';

/** An instruction the fail rule took out, or reduced to part of its due legs. */
export interface NetException {
  readonly excluded: boolean;
  /** What the run settles when reduced; null when taken out. */
  readonly legs: DueLegs | null;
  readonly reason: FailReason;
  readonly party: string;
}

/** Per-position state. */
const IN = 0;
const EXCLUDED = 1;
const REDUCED = 2;

/**
 * Sums of up to 2^22 amounts below 2^40 stay below 2^62: while a run holds only such amounts, its
 * positions may be summed in 64-bit integers without overflow (net_positions.ts).
 */
const SMALL_AMOUNT_LIMIT = 1n << 40n;
const SMALL_RUN_MAX = 1 << 22;

/** An instruction's accounts, copied into the run so netting never reads the instruction. */
const SEC_FROM = 0;
const SEC_TO = 1;
const CASH_FROM = 2;
const CASH_TO = 3;
const RMB_FROM = 4;
const RMB_TO = 5;
const ACCOUNTS_PER_POSITION = 6;

export class NetRun {
  /**
   * Columns are sized once, at the most the run can hold: pushing into millions-long arrays
   * re-allocates and copies them as they grow, which cost more than netting (measured).
   */
  private readonly instructions: Instruction[];
  private readonly securities: bigint[];
  private readonly cash: bigint[];
  private readonly rmb: bigint[];
  private readonly settles_cash: Uint8Array;
  private readonly southbound: Uint8Array;
  private readonly accounts: Int32Array;
  private readonly states: Uint8Array;
  private readonly exceptions = new Map<number, NetException>();
  private count = 0;
  private small_amounts = true;

  constructor(capacity: number) {
    this.instructions = new Array<Instruction>(capacity);
    this.securities = new Array<bigint>(capacity);
    this.cash = new Array<bigint>(capacity);
    this.rmb = new Array<bigint>(capacity);
    this.settles_cash = new Uint8Array(capacity);
    this.southbound = new Uint8Array(capacity);
    this.accounts = new Int32Array(capacity * ACCOUNTS_PER_POSITION);
    this.states = new Uint8Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** True while every amount and the number of legs allow 64-bit sums (see SMALL_AMOUNT_LIMIT). */
  get sums_fit_64_bits(): boolean {
    return this.small_amounts && this.count <= SMALL_RUN_MAX;
  }

  add(i: Instruction, due: DueLegs): void {
    const k = this.count;
    assert(k < this.instructions.length, 'a netting run over its capacity');
    this.instructions[k] = i;
    this.securities[k] = due.securities_units;
    this.cash[k] = due.cash_minor;
    this.rmb[k] = due.rmb_minor;
    this.settles_cash[k] = due.settles_cash ? 1 : 0;
    this.southbound[k] = i.fx === 'none' ? 0 : 1;
    const at = k * ACCOUNTS_PER_POSITION;
    this.accounts[at + SEC_FROM] = i.sec_from;
    this.accounts[at + SEC_TO] = i.sec_to;
    this.accounts[at + CASH_FROM] = i.cash_from;
    this.accounts[at + CASH_TO] = i.cash_to;
    this.accounts[at + RMB_FROM] = i.rmb_from;
    this.accounts[at + RMB_TO] = i.rmb_to;
    this.count = k + 1;
    if (
      due.securities_units >= SMALL_AMOUNT_LIMIT ||
      due.cash_minor >= SMALL_AMOUNT_LIMIT ||
      due.rmb_minor >= SMALL_AMOUNT_LIMIT
    ) {
      this.small_amounts = false;
    }
  }

  /** The instruction at position k. */
  at(k: number): Instruction {
    return this.instructions[k] as Instruction;
  }

  isSouthbound(k: number): boolean {
    return this.southbound[k] === 1;
  }

  /** The ledger account indices of position k's legs (see the column constants). */
  secFrom(k: number): number {
    return this.accounts[k * ACCOUNTS_PER_POSITION + SEC_FROM] as number;
  }

  secTo(k: number): number {
    return this.accounts[k * ACCOUNTS_PER_POSITION + SEC_TO] as number;
  }

  cashFrom(k: number): number {
    return this.accounts[k * ACCOUNTS_PER_POSITION + CASH_FROM] as number;
  }

  cashTo(k: number): number {
    return this.accounts[k * ACCOUNTS_PER_POSITION + CASH_TO] as number;
  }

  rmbFrom(k: number): number {
    return this.accounts[k * ACCOUNTS_PER_POSITION + RMB_FROM] as number;
  }

  rmbTo(k: number): number {
    return this.accounts[k * ACCOUNTS_PER_POSITION + RMB_TO] as number;
  }

  isExcluded(k: number): boolean {
    return this.states[k] === EXCLUDED;
  }

  isReduced(k: number): boolean {
    return this.states[k] === REDUCED;
  }

  /** Why position k was taken out or reduced, if it was. */
  exception(k: number): NetException | undefined {
    return this.states[k] === IN ? undefined : this.exceptions.get(k);
  }

  /** Fills `out` with what position k settles in this run (its part when reduced). */
  legsInto(k: number, out: DueLegsScratch): DueLegsScratch {
    if (this.states[k] === REDUCED) {
      const legs = this.exceptions.get(k)?.legs;
      assert(legs !== null && legs !== undefined, 'a reduced position without its part');
      out.securities_units = legs.securities_units;
      out.cash_minor = legs.cash_minor;
      out.rmb_minor = legs.rmb_minor;
      out.settles_cash = legs.settles_cash;
      return out;
    }
    return this.fullInto(k, out);
  }

  /** Fills `out` with what was due at position k at the start of the run. */
  fullInto(k: number, out: DueLegsScratch): DueLegsScratch {
    out.securities_units = this.securities[k] as bigint;
    out.cash_minor = this.cash[k] as bigint;
    out.rmb_minor = this.rmb[k] as bigint;
    out.settles_cash = this.settles_cash[k] === 1;
    return out;
  }

  exclude(k: number, reason: FailReason, party: string): void {
    this.states[k] = EXCLUDED;
    this.exceptions.set(k, { excluded: true, legs: null, reason, party });
  }

  /** Settles only `legs` of position k in this run; the rest fails for `reason`. */
  reduce(k: number, legs: DueLegs, reason: FailReason, party: string): void {
    assert(this.states[k] === IN, 'a position is reduced at most once, and never after exclusion');
    this.states[k] = REDUCED;
    this.exceptions.set(k, { excluded: false, legs, reason, party });
  }
}

/** A scratch `DueLegs` for passes that must not allocate one per instruction. */
export function scratchLegs(): DueLegsScratch {
  return { securities_units: 0n, cash_minor: 0n, rmb_minor: 0n, settles_cash: false };
}

/**
 * The instructions of one netting run, stored column by column.
 *
 * A run can hold millions of instructions, and it lives through the whole cycle: one object per
 * instruction (and one per set of due legs) would be promoted out of the young generation and
 * copied, which costs more than the netting itself. So the run keeps, per position, the row of
 * the instruction in its group's open list and a byte of flags saying which legs are due (a due
 * leg is the instruction's whole remainder), and keeps the few exceptions (taken out, or reduced
 * to a part) in a map.
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

/** Per-position flags: which legs are due, and what kind of instruction it is. */
const SECURITIES_DUE = 1;
const CASH_DUE = 2;
const SETTLES_CASH = 4;
const SOUTHBOUND = 8;
/** Recorded as settled: final, so compacting the open list need not read the instruction. */
const FINAL = 16;

export class NetRun {
  /**
   * Columns are typed arrays sized once, at the most the run can hold, one byte or four per
   * position: fresh memory is paid for page by page on first touch (measured: 48 MB of account
   * columns cost more than reading the accounts from the instructions), and pushing into
   * millions-long arrays re-allocates and copies them as they grow.
   *
   * Position k's instruction is `source[rows[k]]` (the group's open list, not a copy). Its due
   * amounts are not copied either: a due leg is the instruction's whole remainder, which nothing
   * changes until the run is recorded; only southbound RMB amounts, computed, are kept.
   */
  private readonly rows: Int32Array;
  private readonly flags: Uint8Array;
  private readonly states: Uint8Array;
  /** RMB due per position, allocated on the first southbound instruction. */
  private rmb: bigint[] | null = null;
  private readonly exceptions = new Map<number, NetException>();
  private count = 0;
  private small_amounts = true;

  constructor(readonly source: readonly Instruction[]) {
    const capacity = source.length;
    this.rows = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.states = new Uint8Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** True while every amount and the number of legs allow 64-bit sums (see SMALL_AMOUNT_LIMIT). */
  get sums_fit_64_bits(): boolean {
    return this.small_amounts && this.count <= SMALL_RUN_MAX;
  }

  /** Adds `source[row]` with what is due of it: each due leg is its whole remainder. */
  add(row: number, due: DueLegs): void {
    const k = this.count;
    assert(k < this.rows.length, 'a netting run over its capacity');
    const i = this.source[row] as Instruction;
    assert(
      (due.securities_units === 0n || due.securities_units === i.remaining_quantity_units) &&
        (due.cash_minor === 0n || due.cash_minor === i.remaining_cash_minor),
      'a netting run settles whole remainders',
    );
    this.rows[k] = row;
    let flags = 0;
    if (due.securities_units > 0n) flags |= SECURITIES_DUE;
    if (due.cash_minor > 0n) flags |= CASH_DUE;
    if (due.settles_cash) flags |= SETTLES_CASH;
    if (i.fx !== 'none') {
      flags |= SOUTHBOUND;
      if (this.rmb === null) this.rmb = new Array<bigint>(this.rows.length).fill(0n);
      this.rmb[k] = due.rmb_minor;
    }
    this.flags[k] = flags;
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
    return this.source[this.rows[k] as number] as Instruction;
  }

  /** The row of position k's instruction in the group's open list (rows increase with k). */
  rowAt(k: number): number {
    return this.rows[k] as number;
  }

  /** Notes that position k's instruction was recorded as settled (final). */
  markFinal(k: number): void {
    this.flags[k] = (this.flags[k] as number) | FINAL;
  }

  isFinal(k: number): boolean {
    return ((this.flags[k] as number) & FINAL) !== 0;
  }

  isSouthbound(k: number): boolean {
    return ((this.flags[k] as number) & SOUTHBOUND) !== 0;
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
    const flags = this.flags[k] as number;
    const i = this.at(k);
    out.securities_units = (flags & SECURITIES_DUE) !== 0 ? i.remaining_quantity_units : 0n;
    out.cash_minor = (flags & CASH_DUE) !== 0 ? i.remaining_cash_minor : 0n;
    out.rmb_minor = this.rmb === null ? 0n : (this.rmb[k] as bigint);
    out.settles_cash = (flags & SETTLES_CASH) !== 0;
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

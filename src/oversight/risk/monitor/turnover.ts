/**
 * Today's turnover per market and currency, and each participant's part of it (both sides of a
 * trade count: what it bought and what it sold). Shares and the HHI are computed when read; the
 * alert checks read the (participant, market) cells a batch moved.
 * @module
 */

import { CURRENCY_CODES, MARKETS } from '../../../reference/index.js';
import { DirtyList, growBigint, growFloat64, growInt32, growUint8 } from './tables.js';

export const MARKET_CELLS = MARKETS.length * CURRENCY_CODES.length;
export const TURNOVER_EVIDENCE = 16;

export function marketCell(market: number, currency: number): number {
  return market * CURRENCY_CODES.length + currency;
}

export class TurnoverBook {
  readonly market_minor: bigint[] = new Array<bigint>(MARKET_CELLS).fill(0n);
  readonly market_trades = new Float64Array(MARKET_CELLS);
  /** Per participant × market cell. */
  readonly participant_minor: bigint[] = [];
  private readonly touched: number[] = [];
  private touched_flag = new Uint8Array(0);
  /** (participant, market cell) indices the batch moved, for the alert checks. */
  readonly dirty = new DirtyList();
  private evidence = new Float64Array(0);
  private evidence_count = new Int32Array(0);
  /** Participants (handles) with turnover today, in order of first trade. */
  readonly participants_today: number[] = [];
  private participant_today_flag = new Uint8Array(0);
  private capacity = 0;

  /** A trade of `value_minor` in market cell `mc` between two participants. */
  record(mc: number, buyer: number, seller: number, value_minor: bigint, event_seq: number) {
    this.market_minor[mc] = (this.market_minor[mc] as bigint) + value_minor;
    this.market_trades[mc] = (this.market_trades[mc] as number) + 1;
    this.add(buyer, mc, value_minor, event_seq);
    // A participant on both sides counts the trade twice, as both its sides do.
    this.add(seller, mc, value_minor, event_seq);
  }

  private add(participant: number, mc: number, value_minor: bigint, event_seq: number) {
    if (participant >= this.capacity) this.grow(participant + 1);
    const at = participant * MARKET_CELLS + mc;
    this.participant_minor[at] = (this.participant_minor[at] as bigint) + value_minor;
    if (this.touched_flag[at] === 0) {
      this.touched_flag[at] = 1;
      this.touched.push(at);
    }
    this.dirty.mark(at);
    if (this.participant_today_flag[participant] === 0) {
      this.participant_today_flag[participant] = 1;
      this.participants_today.push(participant);
    }
    const n = this.evidence_count[participant] as number;
    const base = participant * TURNOVER_EVIDENCE;
    if (n === 0 || this.evidence[base + ((n - 1) % TURNOVER_EVIDENCE)] !== event_seq) {
      this.evidence[base + (n % TURNOVER_EVIDENCE)] = event_seq;
      this.evidence_count[participant] = n + 1;
    }
  }

  evidenceOf(participant: number): number[] {
    const n = this.evidence_count[participant] ?? 0;
    const out: number[] = [];
    for (let i = Math.max(0, n - TURNOVER_EVIDENCE); i < n; i += 1) {
      out.push(this.evidence[participant * TURNOVER_EVIDENCE + (i % TURNOVER_EVIDENCE)] as number);
    }
    return out;
  }

  clearDirty(): void {
    this.dirty.clear();
  }

  /** A new day: every figure back to zero. */
  reset(): void {
    this.market_minor.fill(0n);
    this.market_trades.fill(0);
    for (const at of this.touched) {
      this.participant_minor[at] = 0n;
      this.touched_flag[at] = 0;
    }
    this.touched.length = 0;
    for (const p of this.participants_today) this.participant_today_flag[p] = 0;
    this.participants_today.length = 0;
  }

  /** Every per-participant column is sized for `capacity` participants. */
  private grow(participants: number): void {
    const capacity = Math.max(participants, this.capacity * 2, 16);
    this.capacity = capacity;
    this.touched_flag = growUint8(this.touched_flag, capacity * MARKET_CELLS);
    growBigint(this.participant_minor, capacity * MARKET_CELLS);
    this.participant_today_flag = growUint8(this.participant_today_flag, capacity);
    this.evidence = growFloat64(this.evidence, capacity * TURNOVER_EVIDENCE);
    this.evidence_count = growInt32(this.evidence_count, capacity);
  }
}

/**
 * Unsettled obligations, from settlement's own events. A trade the monitor saw (an exchange trade,
 * a bond RFQ trade) is kept for the rest of its batch; each `instruction_captured` for it opens an
 * instruction: `<trade>/B` (the CCP delivers to the buyer, the buyer pays the CCP), `<trade>/S`
 * (the seller delivers to the CCP and is paid) or `<trade>` (bilateral: seller to buyer).
 * `instruction_status` moves it: delivered units leave the unsettled positions, the cash leaves
 * the obligations when the instruction settles or is cancelled (pro rata on a partial delivery,
 * by settlement's own rule). Per participant and per investor class, in each settlement group
 * (CSDC, HKSCC, BILATERAL) and currency: cash payable, cash receivable, open instructions.
 * @module
 */

import { proRataMinor } from '../../../posttrade/index.js';
import { CURRENCY_CODES } from '../../../reference/index.js';
import type { PositionBook } from './positions.js';
import type { MonitorReference } from './reference.js';
import { growBigint, growFloat64, growInt32, SlotPool } from './tables.js';
import { INVESTOR_CLASSES, MONITOR_SETTLEMENT_GROUPS } from './types.js';

const CURRENCIES = CURRENCY_CODES.length;
/** Obligation slots per participant or class: group × currency. */
export const OBLIGATION_SLOTS = MONITOR_SETTLEMENT_GROUPS.length * CURRENCIES;
const BILATERAL = MONITOR_SETTLEMENT_GROUPS.indexOf('BILATERAL');
export const INSTRUCTIONS_MAX = 1 << 24;
const NONE = -1;

export class ObligationBook {
  /** Trades of the current batch by trade id (slots reused every batch). */
  private readonly batch_trades = new Map<string, number>();
  private batch_trade_count = 0;
  private t_buyer = new Int32Array(0);
  private t_seller = new Int32Array(0);
  private t_buyer_participant = new Int32Array(0);
  private t_seller_participant = new Int32Array(0);
  private t_instrument = new Int32Array(0);
  private t_currency = new Int32Array(0);
  private t_units = new Float64Array(0);
  private readonly t_cash: bigint[] = [];

  private readonly instructions = new Map<string, number>();
  private readonly pool = new SlotPool('settlement instructions', INSTRUCTIONS_MAX);
  private i_receiver = new Int32Array(0);
  private i_deliverer = new Int32Array(0);
  private i_payer = new Int32Array(0);
  private i_payee = new Int32Array(0);
  private i_slot = new Int32Array(0);
  private i_instrument = new Int32Array(0);
  private i_units = new Float64Array(0);
  private readonly i_cash: bigint[] = [];

  /** Per participant × slot and per class × slot. */
  readonly payable: bigint[] = [];
  readonly receivable: bigint[] = [];
  open = new Float64Array(0);
  readonly class_payable: bigint[] = new Array(INVESTOR_CLASSES.length * OBLIGATION_SLOTS).fill(0n);
  readonly class_receivable: bigint[] = new Array(INVESTOR_CLASSES.length * OBLIGATION_SLOTS).fill(
    0n,
  );
  readonly class_open = new Float64Array(INVESTOR_CLASSES.length * OBLIGATION_SLOTS);
  /** Instructions of trades the monitor did not see (repo legs, primary allocations). */
  unmatched = 0;

  constructor(
    private readonly ref: MonitorReference,
    private readonly positions: PositionBook,
  ) {}

  get open_instructions(): number {
    return this.pool.size;
  }

  /**
   * A trade that settlement will capture in this batch: its owners (name handles), the
   * participants that settle for them, its instrument, currency, units and cash.
   */
  announce(
    trade_id: string,
    buyer: number,
    seller: number,
    buyer_participant: number,
    seller_participant: number,
    instrument: number,
    currency: number,
    units: number,
    cash_minor: bigint,
  ): void {
    const t = this.batch_trade_count;
    this.batch_trade_count += 1;
    if (t >= this.t_buyer.length) this.growTrades(t + 1);
    this.t_buyer[t] = buyer;
    this.t_seller[t] = seller;
    this.t_buyer_participant[t] = buyer_participant;
    this.t_seller_participant[t] = seller_participant;
    this.t_instrument[t] = instrument;
    this.t_currency[t] = currency;
    this.t_units[t] = units;
    this.t_cash[t] = cash_minor;
    this.batch_trades.set(trade_id, t);
  }

  /** Forgets the batch's trades: every capture comes in the batch of its trade. */
  endBatch(): void {
    if (this.batch_trade_count === 0) return;
    this.batch_trades.clear();
    this.batch_trade_count = 0;
  }

  onCaptured(instruction_id: string, trade_id: string, group: string, event_seq: number): void {
    const t = this.batch_trades.get(trade_id);
    const g = MONITOR_SETTLEMENT_GROUPS.indexOf(group as 'CSDC');
    if (t === undefined || g < 0) {
      this.unmatched += 1;
      return;
    }
    const bilateral = instruction_id === trade_id;
    const side = instruction_id.charCodeAt(instruction_id.length - 1);
    const buy_side = bilateral || side === 66; // 'B'
    const sell_side = bilateral || side === 83; // 'S'
    const buyer = this.t_buyer[t] as number;
    const seller = this.t_seller[t] as number;
    const i = this.pool.take();
    if (i >= this.i_receiver.length) this.growInstructions(i + 1);
    this.i_receiver[i] = buy_side ? buyer : NONE;
    this.i_deliverer[i] = sell_side ? seller : NONE;
    this.i_payer[i] = buy_side ? (this.t_buyer_participant[t] as number) : NONE;
    this.i_payee[i] = sell_side ? (this.t_seller_participant[t] as number) : NONE;
    this.i_slot[i] = (bilateral ? BILATERAL : g) * CURRENCIES + (this.t_currency[t] as number);
    this.i_instrument[i] = this.t_instrument[t] as number;
    const units = this.t_units[t] as number;
    this.i_units[i] = units;
    this.i_cash[i] = this.t_cash[t] as bigint;
    this.instructions.set(instruction_id, i);
    this.moveCash(i, this.t_cash[t] as bigint, 1, event_seq);
    this.moveUnits(i, units, event_seq);
  }

  onStatus(instruction_id: string, status: string, remaining_units: bigint, event_seq: number) {
    const i = this.instructions.get(instruction_id);
    if (i === undefined) return;
    const final = status === 'settled' || status === 'cancelled';
    const before = this.i_units[i] as number;
    const after = final ? 0 : Number(remaining_units);
    const delivered = before - after;
    const cash = this.i_cash[i] as bigint;
    if (final) {
      this.moveCash(i, -cash, -1, event_seq);
    } else if (status !== 'pending' && delivered > 0 && cash > 0n) {
      // A partial delivery pays its part of the cash (settlement's pro rata, half up).
      const part = proRataMinor(cash, BigInt(delivered), BigInt(before));
      this.i_cash[i] = cash - part;
      this.moveCash(i, -part, 0, event_seq);
    }
    if (delivered !== 0) {
      this.i_units[i] = after;
      this.moveUnits(i, -delivered, event_seq);
    }
    if (!final) return;
    this.instructions.delete(instruction_id);
    this.pool.release(i);
  }

  /** Adds `cash` (and `open` instructions) to the payer's payable and the payee's receivable. */
  private moveCash(i: number, cash: bigint, open: number, event_seq: number): void {
    const slot = this.i_slot[i] as number;
    const payer = this.i_payer[i] as number;
    const payee = this.i_payee[i] as number;
    if (payer !== NONE) {
      this.addParticipant(this.payable, payer, slot, cash, open, event_seq);
      this.addClass(this.class_payable, this.i_receiver[i] as number, slot, cash, open);
    }
    if (payee !== NONE) {
      this.addParticipant(this.receivable, payee, slot, cash, open, event_seq);
      this.addClass(this.class_receivable, this.i_deliverer[i] as number, slot, cash, open);
    }
  }

  private addParticipant(
    column: bigint[],
    participant: number,
    slot: number,
    cash: bigint,
    open: number,
    event_seq: number,
  ): void {
    const at = participant * OBLIGATION_SLOTS + slot;
    if (at >= column.length) this.growParticipants(participant + 1);
    if (cash !== 0n) column[at] = (column[at] as bigint) + cash;
    this.open[at] = (this.open[at] as number) + open;
    this.positions.touchParticipant(participant, event_seq);
  }

  private addClass(column: bigint[], name: number, slot: number, cash: bigint, open: number) {
    const at = (this.ref.name_class[name] as number) * OBLIGATION_SLOTS + slot;
    if (cash !== 0n) column[at] = (column[at] as bigint) + cash;
    this.class_open[at] = (this.class_open[at] as number) + open;
  }

  /** Units still to deliver: the receiver's unsettled position up, the deliverer's down. */
  private moveUnits(i: number, units: number, event_seq: number): void {
    if (units === 0) return;
    const instrument = this.i_instrument[i] as number;
    const receiver = this.i_receiver[i] as number;
    const deliverer = this.i_deliverer[i] as number;
    if (receiver !== NONE) this.positions.addUnsettled(receiver, instrument, units, event_seq);
    if (deliverer !== NONE) this.positions.addUnsettled(deliverer, instrument, -units, event_seq);
  }

  private growTrades(length: number): void {
    this.t_buyer = growInt32(this.t_buyer, length);
    this.t_seller = growInt32(this.t_seller, length);
    this.t_buyer_participant = growInt32(this.t_buyer_participant, length);
    this.t_seller_participant = growInt32(this.t_seller_participant, length);
    this.t_instrument = growInt32(this.t_instrument, length);
    this.t_currency = growInt32(this.t_currency, length);
    this.t_units = growFloat64(this.t_units, length);
    growBigint(this.t_cash, this.t_buyer.length);
  }

  private growInstructions(length: number): void {
    this.i_receiver = growInt32(this.i_receiver, length);
    this.i_deliverer = growInt32(this.i_deliverer, length);
    this.i_payer = growInt32(this.i_payer, length);
    this.i_payee = growInt32(this.i_payee, length);
    this.i_slot = growInt32(this.i_slot, length);
    this.i_instrument = growInt32(this.i_instrument, length);
    this.i_units = growFloat64(this.i_units, length);
    growBigint(this.i_cash, this.i_receiver.length);
  }

  growParticipants(length: number): void {
    const cells = length * OBLIGATION_SLOTS;
    if (cells <= this.payable.length) return;
    this.open = growFloat64(this.open, cells);
    growBigint(this.payable, this.open.length);
    growBigint(this.receivable, this.open.length);
  }
}

/**
 * Positions: per holder and instrument, the settled units (the holder's ledger balance, from the
 * balances every ledger event carries) plus the units traded and not yet delivered (captured
 * settlement instructions whose securities leg is open). Rolled up, as each change happens, to
 * the holder's participant and investor class, and to each participant's gross position value per
 * currency (Σ |net units| × last price, exact at 10^-12), which a price change revalues through
 * the instrument's participant cells. Views (values, top holders) are computed when read.
 * @module
 */

import { CURRENCY_CODES } from '../../../reference/index.js';
import type { MonitorReference } from './reference.js';
import { DirtyList, growBigint, growFloat64, growInt32, growUint8, PairIndex } from './tables.js';
import { INVESTOR_CLASSES } from './types.js';

const CURRENCIES = CURRENCY_CODES.length;
const CLASSES = INVESTOR_CLASSES.length;
export const CELLS_MAX = 1 << 26;
/** Event sequence numbers kept per participant as an exposure alert's evidence. */
export const PARTICIPANT_EVIDENCE = 16;

export class PositionBook {
  private readonly holder_index = new PairIndex('holdings', CELLS_MAX);
  cell_holder = new Int32Array(0);
  cell_instrument = new Int32Array(0);
  /** The participant cell the holding rolls up to. */
  private cell_pcell = new Int32Array(0);
  settled = new Float64Array(0);
  unsettled = new Float64Array(0);
  cell_event_seq = new Float64Array(0);

  private readonly participant_index = new PairIndex('participant positions', CELLS_MAX);
  pcell_participant = new Int32Array(0);
  pcell_instrument = new Int32Array(0);
  pcell_units = new Float64Array(0);
  pcell_unsettled = new Float64Array(0);
  /** Per participant, its participant cells; per instrument, its participant and holder cells. */
  readonly participant_pcells: number[][] = [];
  readonly instrument_pcells: number[][] = [];
  readonly instrument_cells: number[][] = [];
  /** Per instrument: Σ of the positive holdings, and the value of one unit at the last price. */
  long_units = new Float64Array(0);
  readonly unit_value_e12: bigint[] = [];
  priced = new Uint8Array(0);
  price_units = new Float64Array(0);
  price_scale = new Int32Array(0);
  /** Per investor class, units per instrument. */
  readonly class_units: Float64Array<ArrayBuffer>[] = Array.from(
    { length: CLASSES },
    () => new Float64Array(0),
  );
  /** Per participant × currency: Σ |units| × unit value over its participant cells. */
  readonly gross_e12: bigint[] = [];

  /** Holder cells and participants the batch moved, for the alert checks. */
  readonly dirty_cells = new DirtyList();
  readonly dirty_participants = new DirtyList();
  private evidence = new Float64Array(0);
  private evidence_count = new Int32Array(0);

  /**
   * `track_gross`: keep each participant's gross position value up to date as positions and
   * prices move. Only a `gross_position` limit reads it (the views value positions when read),
   * so a monitor without one skips the revaluation a price change would cost.
   */
  constructor(
    private readonly ref: MonitorReference,
    private readonly track_gross = true,
  ) {}

  get holdings(): number {
    return this.holder_index.size;
  }

  /** A holder's ledger balance in an instrument, as a ledger event left it. */
  setSettled(holder: number, instrument: number, units: number, event_seq: number): void {
    const cell = this.cell(holder, instrument);
    const delta = units - (this.settled[cell] as number);
    if (delta === 0) return;
    this.settled[cell] = units;
    this.move(cell, delta, event_seq);
  }

  /** The same for a holder cell already known (a ledger account's). */
  setSettledCell(cell: number, units: number, event_seq: number): void {
    const delta = units - (this.settled[cell] as number);
    if (delta === 0) return;
    this.settled[cell] = units;
    this.move(cell, delta, event_seq);
  }

  /** Traded units not yet delivered: + to the receiver, − to the deliverer. */
  addUnsettled(holder: number, instrument: number, delta: number, event_seq: number): void {
    if (delta === 0) return;
    const cell = this.cell(holder, instrument);
    this.unsettled[cell] = (this.unsettled[cell] as number) + delta;
    const pcell = this.cell_pcell[cell] as number;
    this.pcell_unsettled[pcell] = (this.pcell_unsettled[pcell] as number) + delta;
    this.move(cell, delta, event_seq);
  }

  /** The instrument's last price: a new unit value revalues every participant holding it. */
  setPrice(
    instrument: number,
    unit_value_e12: bigint,
    price_units: number,
    scale: number,
    seq: number,
  ) {
    this.growInstruments(instrument + 1);
    this.price_units[instrument] = price_units;
    this.price_scale[instrument] = scale;
    this.priced[instrument] = 1;
    const before = this.unit_value_e12[instrument] as bigint;
    if (before === unit_value_e12) return;
    this.unit_value_e12[instrument] = unit_value_e12;
    const currency = this.ref.currency[instrument] as number;
    if (currency < 0 || !this.track_gross) return;
    const change = unit_value_e12 - before;
    for (const pcell of this.instrument_pcells[instrument] ?? []) {
      const units = this.pcell_units[pcell] as number;
      if (units === 0) continue;
      const participant = this.pcell_participant[pcell] as number;
      const g = participant * CURRENCIES + currency;
      this.gross_e12[g] = (this.gross_e12[g] as bigint) + BigInt(Math.abs(units)) * change;
      this.touchParticipant(participant, seq);
    }
  }

  /** Units (settled + unsettled) of a holder cell. */
  units(cell: number): number {
    return (this.settled[cell] as number) + (this.unsettled[cell] as number);
  }

  clearDirty(): void {
    this.dirty_cells.clear();
    this.dirty_participants.clear();
  }

  /** Marks a participant's exposure as moved by `event_seq` (obligations call this too). */
  touchParticipant(participant: number, event_seq: number): void {
    if (participant >= this.participant_pcells.length) this.growParticipants(participant + 1);
    const n = this.evidence_count[participant] as number;
    const base = participant * PARTICIPANT_EVIDENCE;
    // One entry per event: an event moving several of its positions is evidence once.
    if (n === 0 || this.evidence[base + ((n - 1) % PARTICIPANT_EVIDENCE)] !== event_seq) {
      this.evidence[base + (n % PARTICIPANT_EVIDENCE)] = event_seq;
      this.evidence_count[participant] = n + 1;
    }
    this.dirty_participants.mark(participant);
  }

  /** The events that last moved a participant's exposure, oldest first. */
  evidenceOf(participant: number): number[] {
    const n = this.evidence_count[participant] ?? 0;
    const out: number[] = [];
    for (let i = Math.max(0, n - PARTICIPANT_EVIDENCE); i < n; i += 1) {
      out.push(
        this.evidence[participant * PARTICIPANT_EVIDENCE + (i % PARTICIPANT_EVIDENCE)] as number,
      );
    }
    return out;
  }

  private move(cell: number, delta: number, event_seq: number): void {
    const instrument = this.cell_instrument[cell] as number;
    const after = this.units(cell);
    const before = after - delta;
    this.long_units[instrument] =
      (this.long_units[instrument] as number) + Math.max(after, 0) - Math.max(before, 0);
    const holder = this.cell_holder[cell] as number;
    const k = this.ref.name_class[holder] as number;
    const class_units = this.class_units[k] as Float64Array;
    class_units[instrument] = (class_units[instrument] as number) + delta;
    this.cell_event_seq[cell] = event_seq;
    this.dirty_cells.mark(cell);
    this.moveParticipant(this.cell_pcell[cell] as number, delta, event_seq);
  }

  private moveParticipant(pcell: number, delta: number, event_seq: number): void {
    const before = this.pcell_units[pcell] as number;
    const after = before + delta;
    this.pcell_units[pcell] = after;
    const participant = this.pcell_participant[pcell] as number;
    this.touchParticipant(participant, event_seq);
    const instrument = this.pcell_instrument[pcell] as number;
    const currency = this.ref.currency[instrument] as number;
    const unit_value = this.unit_value_e12[instrument] as bigint;
    if (currency < 0 || unit_value === 0n || !this.track_gross) return;
    const abs_change = Math.abs(after) - Math.abs(before);
    if (abs_change === 0) return;
    const g = participant * CURRENCIES + currency;
    this.gross_e12[g] = (this.gross_e12[g] as bigint) + BigInt(abs_change) * unit_value;
  }

  /** The holder cell of (holder, instrument), made with its participant cell on first sight. */
  cell(holder: number, instrument: number): number {
    const cell = this.holder_index.cell(holder, instrument);
    if (cell < this.cell_holder.length && this.cell_pcell[cell] !== -1) return cell;
    this.growCells(cell + 1);
    this.growInstruments(instrument + 1);
    this.cell_holder[cell] = holder;
    this.cell_instrument[cell] = instrument;
    const participant = this.ref.participantOf(holder);
    this.cell_pcell[cell] = this.participantCell(participant, instrument);
    (this.instrument_cells[instrument] as number[]).push(cell);
    return cell;
  }

  private participantCell(participant: number, instrument: number): number {
    const pcell = this.participant_index.cell(participant, instrument);
    if (pcell < this.pcell_participant.length && this.pcell_participant[pcell] !== -1) return pcell;
    this.pcell_participant = growInt32(this.pcell_participant, pcell + 1, -1);
    this.pcell_instrument = growInt32(this.pcell_instrument, pcell + 1);
    this.pcell_units = growFloat64(this.pcell_units, pcell + 1);
    this.pcell_unsettled = growFloat64(this.pcell_unsettled, pcell + 1);
    this.pcell_participant[pcell] = participant;
    this.pcell_instrument[pcell] = instrument;
    this.growParticipants(participant + 1);
    (this.participant_pcells[participant] as number[]).push(pcell);
    (this.instrument_pcells[instrument] as number[]).push(pcell);
    return pcell;
  }

  private growCells(length: number): void {
    this.cell_holder = growInt32(this.cell_holder, length);
    this.cell_instrument = growInt32(this.cell_instrument, length);
    this.cell_pcell = growInt32(this.cell_pcell, length, -1);
    this.settled = growFloat64(this.settled, length);
    this.unsettled = growFloat64(this.unsettled, length);
    this.cell_event_seq = growFloat64(this.cell_event_seq, length);
  }

  growInstruments(length: number): void {
    if (length <= this.instrument_cells.length) return;
    this.long_units = growFloat64(this.long_units, length);
    this.priced = growUint8(this.priced, length);
    this.price_units = growFloat64(this.price_units, length);
    this.price_scale = growInt32(this.price_scale, length);
    for (let k = 0; k < CLASSES; k += 1) {
      this.class_units[k] = growFloat64(this.class_units[k] as Float64Array<ArrayBuffer>, length);
    }
    growBigint(this.unit_value_e12, length);
    while (this.instrument_cells.length < length) {
      this.instrument_cells.push([]);
      this.instrument_pcells.push([]);
    }
  }

  growParticipants(length: number): void {
    if (length <= this.participant_pcells.length) return;
    this.evidence = growFloat64(this.evidence, length * PARTICIPANT_EVIDENCE);
    this.evidence_count = growInt32(this.evidence_count, length);
    growBigint(this.gross_e12, length * CURRENCIES);
    while (this.participant_pcells.length < length) this.participant_pcells.push([]);
  }
}

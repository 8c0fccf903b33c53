/**
 * The exposure views, computed when read from the books the events keep: position values per
 * participant and investor class, obligations, financing, the CCP and bilateral counterparty
 * views. Everything is sorted by id so a view is the same on every replay.
 * @module
 */

import { CURRENCY_CODES, type CurrencyCode } from '../../../reference/index.js';
import type { FinancingBook } from './financing.js';
import { OBLIGATION_SLOTS, type ObligationBook } from './obligations.js';
import { compareIds } from './order.js';
import type { PositionBook } from './positions.js';
import type { MonitorReference } from './reference.js';
import {
  type CcpExposure,
  type FinancingFigures,
  INVESTOR_CLASSES,
  type InvestorClass,
  type InvestorClassExposure,
  MONITOR_SETTLEMENT_GROUPS,
  type ObligationFigures,
  type ParticipantExposure,
  type PositionLine,
  type PositionValues,
  type RepoPairExposure,
} from './types.js';
import { e12ToMinor } from './value.js';

const CURRENCIES = CURRENCY_CODES.length;

/** The books the views read. */
export interface ExposureBooks {
  readonly ref: MonitorReference;
  readonly positions: PositionBook;
  readonly obligations: ObligationBook;
  readonly financing: FinancingBook;
}

/** Long and short values per currency, exact until shown. */
class ValueSums {
  readonly long_e12: bigint[] = new Array<bigint>(CURRENCIES).fill(0n);
  readonly short_e12: bigint[] = new Array<bigint>(CURRENCIES).fill(0n);
  readonly unpriced = new Int32Array(CURRENCIES);
  readonly seen = new Uint8Array(CURRENCIES);

  add(currency: number, units: number, unit_value_e12: bigint): void {
    if (currency < 0 || units === 0) return;
    this.seen[currency] = 1;
    if (unit_value_e12 === 0n) this.unpriced[currency] = (this.unpriced[currency] as number) + 1;
    const value = BigInt(units) * unit_value_e12;
    if (value > 0n) this.long_e12[currency] = (this.long_e12[currency] as bigint) + value;
    else this.short_e12[currency] = (this.short_e12[currency] as bigint) - value;
  }

  views(): PositionValues[] {
    const out: PositionValues[] = [];
    for (let c = 0; c < CURRENCIES; c += 1) {
      if (this.seen[c] === 0) continue;
      const long_minor = e12ToMinor(this.long_e12[c] as bigint);
      const short_minor = e12ToMinor(this.short_e12[c] as bigint);
      out.push({
        currency: CURRENCY_CODES[c] as CurrencyCode,
        long_minor,
        short_minor,
        net_minor: long_minor - short_minor,
        gross_minor: long_minor + short_minor,
        unpriced_instruments: this.unpriced[c] as number,
      });
    }
    return out;
  }
}

/** A participant's position values, from its participant cells. */
function participantValues(b: ExposureBooks, p: number): PositionValues[] {
  const sums = new ValueSums();
  const pos = b.positions;
  for (const pcell of b.positions.participant_pcells[p] ?? []) {
    const instrument = pos.pcell_instrument[pcell] as number;
    const units = pos.pcell_units[pcell] as number;
    sums.add(b.ref.currency[instrument] as number, units, pos.unit_value_e12[instrument] as bigint);
  }
  return sums.views();
}

function classValues(b: ExposureBooks, k: number): PositionValues[] {
  const sums = new ValueSums();
  const units = b.positions.class_units[k] as Float64Array;
  for (let i = 0; i < b.positions.instrument_cells.length; i += 1) {
    sums.add(
      b.ref.currency[i] as number,
      units[i] as number,
      b.positions.unit_value_e12[i] as bigint,
    );
  }
  return sums.views();
}

function obligationFigures(
  payable: readonly bigint[],
  receivable: readonly bigint[],
  open: Float64Array,
  base: number,
): ObligationFigures[] {
  const out: ObligationFigures[] = [];
  for (let slot = 0; slot < OBLIGATION_SLOTS; slot += 1) {
    const at = base + slot;
    const pay = payable[at] ?? 0n;
    const receive = receivable[at] ?? 0n;
    const count = open[at] ?? 0;
    if (pay === 0n && receive === 0n && count === 0) continue;
    const c = slot % CURRENCIES;
    out.push({
      group: MONITOR_SETTLEMENT_GROUPS[(slot - c) / CURRENCIES] as ObligationFigures['group'],
      currency: CURRENCY_CODES[c] as CurrencyCode,
      payable_minor: pay,
      receivable_minor: receive,
      net_payable_minor: pay - receive,
      open_instructions: count,
    });
  }
  return out;
}

interface FinancingSums {
  borrowed: bigint;
  delivered: bigint;
  lent: bigint;
  received: bigint;
  margin_held: bigint;
  repos: number;
}

/**
 * Per participant × currency, the open repos' figures (one pass over the repo slots): a party's
 * own repos, and an investor's under its broker.
 */
function financingSums(ref: MonitorReference, f: FinancingBook): Map<number, FinancingSums> {
  const sums = new Map<number, FinancingSums>();
  const at = (p: number, c: number): FinancingSums => {
    const key = p * CURRENCIES + c;
    let s = sums.get(key);
    if (s === undefined) {
      s = { borrowed: 0n, delivered: 0n, lent: 0n, received: 0n, margin_held: 0n, repos: 0 };
      sums.set(key, s);
    }
    return s;
  };
  for (let r = 0; r < f.slots; r += 1) {
    const c = f.r_currency[r] as number;
    if (c < 0) continue;
    const cash = f.r_purchase_minor[r] as bigint;
    const value = f.r_market_value_minor[r] as bigint;
    const margin = f.r_cash_margin_minor[r] as bigint;
    const seller = at(ref.participantOf(f.r_seller[r] as number), c);
    seller.borrowed += cash;
    seller.delivered += value;
    seller.margin_held -= margin;
    seller.repos += 1;
    const buyer = at(ref.participantOf(f.r_buyer[r] as number), c);
    buyer.lent += cash;
    buyer.received += value;
    buyer.margin_held += margin;
    buyer.repos += 1;
  }
  return sums;
}

function financingFigures(sums: Map<number, FinancingSums>, p: number): FinancingFigures[] {
  const out: FinancingFigures[] = [];
  for (let c = 0; c < CURRENCIES; c += 1) {
    const s = sums.get(p * CURRENCIES + c);
    if (s === undefined) continue;
    out.push({
      currency: CURRENCY_CODES[c] as CurrencyCode,
      borrowed_minor: s.borrowed,
      collateral_delivered_minor: s.delivered,
      lent_minor: s.lent,
      collateral_received_minor: s.received,
      cash_margin_held_minor: s.margin_held,
      borrowed_to_collateral_bps:
        s.delivered > 0n ? Number((s.borrowed * 10_000n) / s.delivered) : 0,
      open_repos: s.repos,
    });
  }
  return out;
}

/** Every participant with a position, an obligation, a repo or a drawing, by id. */
export function participantExposures(b: ExposureBooks): ParticipantExposure[] {
  const repos = financingSums(b.ref, b.financing);
  const drawn = new Map<number, bigint>();
  for (const [bank, amount] of b.financing.drawings.values()) {
    drawn.set(bank, (drawn.get(bank) ?? 0n) + amount);
  }
  const out: ParticipantExposure[] = [];
  for (const p of participantsById(b.ref)) {
    const exposure: ParticipantExposure = {
      participant: b.ref.participants.name(p),
      positions: participantValues(b, p),
      obligations: obligationFigures(
        b.obligations.payable,
        b.obligations.receivable,
        b.obligations.open,
        p * OBLIGATION_SLOTS,
      ),
      financing: financingFigures(repos, p),
      facility_drawn_minor: drawn.get(p) ?? 0n,
    };
    const empty =
      exposure.positions.length === 0 &&
      exposure.obligations.length === 0 &&
      exposure.financing.length === 0 &&
      exposure.facility_drawn_minor === 0n;
    if (!empty) out.push(exposure);
  }
  return out;
}

export function classExposures(b: ExposureBooks): InvestorClassExposure[] {
  return INVESTOR_CLASSES.map((investor_class, k) => ({
    investor_class: investor_class as InvestorClass,
    positions: classValues(b, k),
    obligations: obligationFigures(
      b.obligations.class_payable,
      b.obligations.class_receivable,
      b.obligations.class_open,
      k * OBLIGATION_SLOTS,
    ),
  }));
}

/** Each participant's net cash payable to ChinaClear and HKSCC per currency (non-zero only). */
export function ccpExposures(participants: readonly ParticipantExposure[]): CcpExposure[] {
  const out: CcpExposure[] = [];
  for (const e of participants) {
    for (const o of e.obligations) {
      if (o.group === 'BILATERAL' || o.net_payable_minor === 0n) continue;
      out.push({
        participant: e.participant,
        ccp: o.group,
        currency: o.currency,
        net_payable_minor: o.net_payable_minor,
      });
    }
  }
  return out;
}

/** Open repos per (lender, borrower, currency) between the repos' own parties, by lender then borrower. */
export function repoPairs(b: ExposureBooks): RepoPairExposure[] {
  const f = b.financing;
  const pairs = new Map<string, RepoPairExposure>();
  for (let r = 0; r < f.slots; r += 1) {
    const c = f.r_currency[r] as number;
    if (c < 0) continue;
    const lender = b.ref.names.name(f.r_buyer[r] as number);
    const borrower = b.ref.names.name(f.r_seller[r] as number);
    const currency = CURRENCY_CODES[c] as CurrencyCode;
    const key = `${lender}\u0000${borrower}\u0000${currency}`;
    const was = pairs.get(key);
    const cash = (was?.cash_lent_minor ?? 0n) + (f.r_purchase_minor[r] as bigint);
    const value = (was?.collateral_value_minor ?? 0n) + (f.r_market_value_minor[r] as bigint);
    const margin = (was?.cash_margin_minor ?? 0n) + (f.r_cash_margin_minor[r] as bigint);
    pairs.set(key, {
      ...{ lender, borrower, currency },
      cash_lent_minor: cash,
      collateral_value_minor: value,
      cash_margin_minor: margin,
      net_exposure_minor: cash - value - margin,
      open_repos: (was?.open_repos ?? 0) + 1,
    });
  }
  return [...pairs.entries()].sort((x, y) => compareIds(x[0], y[0])).map(([, v]) => v);
}

/** A participant's instrument lines, by instrument id. */
export function positionLines(b: ExposureBooks, participant: string): PositionLine[] {
  const p = b.ref.participants.find(participant);
  if (p < 0) return [];
  const pos = b.positions;
  const lines: PositionLine[] = [];
  for (const pcell of pos.participant_pcells[p] ?? []) {
    const units = pos.pcell_units[pcell] as number;
    const unsettled = pos.pcell_unsettled[pcell] as number;
    if (units === 0 && unsettled === 0) continue;
    const i = pos.pcell_instrument[pcell] as number;
    const c = b.ref.currency[i] as number;
    if (c < 0) continue;
    lines.push({
      instrument: b.ref.instruments.name(i),
      currency: CURRENCY_CODES[c] as CurrencyCode,
      quantity_units: units,
      unsettled_units: unsettled,
      price_units: pos.price_units[i] as number,
      price_scale: pos.price_scale[i] as number,
      value_minor: e12ToMinor(BigInt(units) * (pos.unit_value_e12[i] as bigint)),
    });
  }
  return lines.sort((x, y) => compareIds(x.instrument, y.instrument));
}

/** Participant handles ordered by id. */
export function participantsById(ref: MonitorReference): number[] {
  const handles = ref.participants.names.map((_, i) => i);
  return handles.sort((x, y) => compareIds(ref.participants.name(x), ref.participants.name(y)));
}

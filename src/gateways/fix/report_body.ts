/**
 * The body of an ExecutionReport (35=8) encoded once, as FIX text, instead of by jspurefix's
 * dictionary-driven encoder in every session it goes to (10 % of the acceptor's thread under
 * load, docs/fix.md "Performance"). The fields go out in the dictionary's order with
 * jspurefix's formats, so the bytes are the ones its encoder writes (report_body.test.ts
 * compares the two); the session layer (header, sequence number, BodyLength, CheckSum) stays
 * jspurefix's (transmitter.ts). A report this encoder does not know how to write exactly (a
 * field missing from the layout, a value of another type) is returned as it was, for jspurefix.
 * @module
 */

import type { FixMessage } from './reports.js';

/** The key under which a pre-encoded body travels to the session's transmitter. */
export const ENCODED_BODY: unique symbol = Symbol('hutong.fix.encoded_body');

export type EncodedBody = {
  /** `tag=value<SOH>…` of the body fields, ASCII, ending with SOH. */
  readonly [ENCODED_BODY]: string;
};

const SOH = '\x01';

/** A field (its name and `tag=`) or a component (its name and its own fields). */
interface Slot {
  readonly name: string;
  readonly prefix: string;
  readonly inner: readonly Slot[] | null;
}

const field = (name: string, tag: number): Slot => ({ name, prefix: `${tag}=`, inner: null });
const component = (name: string, inner: readonly Slot[]): Slot => ({ name, prefix: '', inner });

/**
 * The ExecutionReport fields the gateway writes (reports.ts), in the order of the message in
 * the dictionary the acceptor loads (FIX44.xml, then tags.ts's custom fields at the end).
 */
const EXECUTION_REPORT: readonly Slot[] = [
  field('OrderID', 37),
  field('ClOrdID', 11),
  field('OrigClOrdID', 41),
  field('ExecID', 17),
  field('ExecType', 150),
  field('OrdStatus', 39),
  field('OrdRejReason', 103),
  field('Account', 1),
  component('Instrument', [
    field('Symbol', 55),
    field('SecurityID', 48),
    field('SecurityIDSource', 22),
  ]),
  field('Side', 54),
  component('OrderQtyData', [field('OrderQty', 38)]),
  field('Price', 44),
  field('LastQty', 32),
  field('LastPx', 31),
  field('LeavesQty', 151),
  field('CumQty', 14),
  field('AvgPx', 6),
  field('TransactTime', 60),
  field('Text', 58),
  field('HutongBCAN', 5001),
  field('HutongConnectRoute', 5002),
  field('HutongParticipant', 5004),
  field('HutongRejectCode', 5005),
];

/** An ExecutionReport's body as text when every field can be written exactly; else `report`. */
export function encodedExecutionReport(report: FixMessage): EncodedBody | FixMessage {
  const text = setText(report, EXECUTION_REPORT);
  return text === null ? report : { [ENCODED_BODY]: text };
}

/**
 * The set's fields as text, or null when one is not in the layout or its value is not one this
 * encoder writes exactly as jspurefix does.
 */
function setText(values: Record<string, unknown>, layout: readonly Slot[]): string | null {
  let text = '';
  let found = 0;
  for (let i = 0; i < layout.length; i += 1) {
    const slot = layout[i] as Slot;
    const value = values[slot.name];
    if (value === undefined) continue;
    found += 1;
    if (slot.inner !== null) {
      const inner =
        typeof value === 'object' && value !== null
          ? setText(value as Record<string, unknown>, slot.inner)
          : null;
      if (inner === null) return null;
      text += inner;
      continue;
    }
    const value_text = fieldText(value);
    if (value_text === null) return null;
    // jspurefix leaves out empty values (and null ones, which come here as a refusal).
    if (value_text !== '') text += `${slot.prefix}${value_text}${SOH}`;
  }
  return found === keyCount(values) ? text : null;
}

/** A value as jspurefix writes it (strings as they are), or null when not handled here. */
function fieldText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number')
    return Number.isSafeInteger(value) && value >= 0 ? `${value}` : null;
  if (value instanceof Date) return utcTimestamp(value);
  return null;
}

/** Keys with a value other than undefined (jspurefix skips undefined ones too). */
function keyCount(values: Record<string, unknown>): number {
  let count = 0;
  for (const key in values) if (values[key] !== undefined) count += 1;
  return count;
}

let last_time_ms = Number.NaN;
let last_time_text = '';

/**
 * UTCTimestamp as jspurefix's TimeFormatter writes it, `YYYYMMDD-HH:MM:SS.sss`; the reports of
 * one command share their time, so the last one is kept. Null outside years 1000–9999.
 */
function utcTimestamp(time: Date): string | null {
  const ms = time.getTime();
  if (ms === last_time_ms) return last_time_text;
  const year = time.getUTCFullYear();
  if (!(year >= 1000 && year <= 9999)) return null;
  const iso = time.toISOString(); // 2026-12-06T22:46:23.592Z
  last_time_ms = ms;
  last_time_text = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 23)}`;
  return last_time_text;
}

/**
 * The Northbound Investor ID Model (connect-rules.md §1.12): each Northbound client has a BCAN
 * from its broker, and the broker submits the BCAN → client mapping by the T-1 cut-off; the client
 * may trade from T. Every Northbound order carries the BCAN, which must match the mapping in force
 * that day for the submitting broker and the order's beneficial owner.
 *
 * A mapping takes effect on the first Connect trading day after the day it is submitted; removing
 * one takes effect the same way. A BCAN names one client and a client has one BCAN per broker, so
 * neither is ever re-pointed: a client who leaves is removed, a new client gets a new BCAN.
 * @module
 */

/** One mapping, with the days (numbers from `dayNumber`) it is in force. */
export interface BcanMapping {
  readonly broker: string;
  readonly bcan: string;
  readonly investor: string;
  readonly effective_date: string;
  readonly effective_day: number;
  /** The first day it is no longer in force: '' and −1 while it has not been removed. */
  retired_date: string;
  retired_day: number;
}

/** All mappings: by broker and BCAN, and by broker and investor. */
export interface BcanState {
  readonly by_broker: Map<string, Map<string, BcanMapping>>;
  readonly by_investor: Map<string, Map<string, BcanMapping>>;
  count: number;
}

/** An empty state. */
export function createBcanState(): BcanState {
  return { by_broker: new Map(), by_investor: new Map(), count: 0 };
}

/** The mapping of a broker's BCAN, in force or not. */
export function findMapping(
  state: BcanState,
  broker: string,
  bcan: string,
): BcanMapping | undefined {
  return state.by_broker.get(broker)?.get(bcan);
}

/** Whether a mapping is in force on a day. */
export function inForce(mapping: BcanMapping, day: number): boolean {
  return mapping.effective_day <= day && (mapping.retired_day < 0 || day < mapping.retired_day);
}

/** Adds a mapping (the caller has checked it is new on both keys). */
export function addMapping(state: BcanState, mapping: BcanMapping): void {
  let bcans = state.by_broker.get(mapping.broker);
  if (bcans === undefined) {
    bcans = new Map();
    state.by_broker.set(mapping.broker, bcans);
  }
  let investors = state.by_investor.get(mapping.broker);
  if (investors === undefined) {
    investors = new Map();
    state.by_investor.set(mapping.broker, investors);
  }
  bcans.set(mapping.bcan, mapping);
  investors.set(mapping.investor, mapping);
  state.count += 1;
}

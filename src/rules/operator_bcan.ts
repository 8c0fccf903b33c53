/**
 * Brokers' BCAN mappings (bcan.ts): submitted any time, in force from the first Connect trading
 * day after the day of submission (the T-1 cut-off is taken as the end of the submission day).
 * @module
 */

import { accept, dayNumber, marketDate, type Outcome, type Rejection } from '../kernel/index.js';
import {
  CONNECT_CALENDAR,
  nextTradingDay,
  type Party,
  type ReferenceState,
  validateBcan,
} from '../reference/index.js';
import { addMapping, type BcanMapping, findMapping } from './bcan.js';
import { refuse } from './codes.js';
import type { SetBcanMappings } from './commands.js';
import type { RulesState } from './state.js';

/** Adds and removes a broker's mappings, in force from the next Connect trading day. */
export function setBcanMappings(
  state: RulesState,
  reference: ReferenceState,
  input: SetBcanMappings,
  timestamp_us: number,
): Outcome<{ readonly effective_date: string }> {
  const broker = reference.parties.get(input.broker);
  const refused = checkBroker(input.broker, broker);
  if (refused !== null) return refused;
  const next = nextTradingDay(CONNECT_CALENDAR, marketDate(timestamp_us));
  if (!next.ok) return next;
  const problem = checkMappings(state, reference, input) ?? checkRemovals(state, input);
  if (problem !== null) return problem;
  const day = dayNumber(next.value);
  for (const { bcan, investor } of input.mappings) {
    if (findMapping(state.bcan, input.broker, bcan) !== undefined) continue; // same again
    addMapping(state.bcan, mapping(input.broker, bcan, investor, next.value, day));
  }
  for (const bcan of input.removals) {
    const existing = findMapping(state.bcan, input.broker, bcan) as BcanMapping;
    existing.retired_date = next.value;
    existing.retired_day = day;
  }
  return accept({ effective_date: next.value });
}

/**
 * Puts every BCAN in the reference data's investor records into force from `effective_date`:
 * for genesis and tests, where the brokers' submissions predate the engine.
 */
export function mapReferenceBcans(
  state: RulesState,
  reference: ReferenceState,
  effective_date: string,
): number {
  let added = 0;
  const day = dayNumber(effective_date);
  for (const investor of reference.investors.values()) {
    if (investor.bcan === undefined) continue;
    if (findMapping(state.bcan, investor.broker, investor.bcan) !== undefined) continue;
    addMapping(
      state.bcan,
      mapping(investor.broker, investor.bcan, investor.id, effective_date, day),
    );
    added += 1;
  }
  return added;
}

function mapping(
  broker: string,
  bcan: string,
  investor: string,
  effective_date: string,
  effective_day: number,
): BcanMapping {
  return {
    broker,
    bcan,
    investor,
    effective_date,
    effective_day,
    retired_date: '',
    retired_day: -1,
  };
}

function checkBroker(id: string, broker: Party | undefined): Rejection | null {
  if (broker === undefined) return refuse('UNKNOWN_PARTY', `No party ${id}`, { party: id });
  if (broker.china_connect !== 'none') return null;
  return refuse('BROKER_NOT_CONNECT_PARTICIPANT', `${id} is not a China Connect participant`, {
    broker: id,
    china_connect: broker.china_connect,
  });
}

function checkMappings(
  state: RulesState,
  reference: ReferenceState,
  input: SetBcanMappings,
): Rejection | null {
  const bcans = new Set<string>();
  const investors = new Set<string>();
  let fresh = 0;
  for (const { bcan, investor } of input.mappings) {
    const refused = checkOne(state, reference, input.broker, bcan, investor);
    if (refused !== null) return refused;
    if (bcans.has(bcan) || investors.has(investor)) {
      return refuse('BCAN_ALREADY_MAPPED', 'A BCAN and a client appear once per submission', {
        bcan,
        investor,
      });
    }
    bcans.add(bcan);
    investors.add(investor);
    if (findMapping(state.bcan, input.broker, bcan) === undefined) fresh += 1;
  }
  if (state.bcan.count + fresh > state.limits.bcan_mappings_max) {
    return refuse('BCAN_MAPPINGS_FULL', 'The BCAN register is full', {
      maximum: state.limits.bcan_mappings_max,
    });
  }
  return null;
}

function checkOne(
  state: RulesState,
  reference: ReferenceState,
  broker: string,
  bcan: string,
  investor: string,
): Rejection | null {
  const valid = validateBcan(bcan);
  if (!valid.ok) return refuse('INVALID_BCAN', valid.message, { ...valid.details, bcan });
  const client = reference.investors.get(investor);
  if (investor !== broker && client?.broker !== broker) {
    return refuse('INVESTOR_NOT_CLIENT', `${investor} is not a client of ${broker}`, {
      broker,
      investor,
    });
  }
  const existing = findMapping(state.bcan, broker, bcan);
  if (existing !== undefined) {
    if (existing.investor === investor && existing.retired_day < 0) return null;
    return refuse('BCAN_ALREADY_MAPPED', `BCAN ${bcan} already names ${existing.investor}`, {
      broker,
      bcan,
      investor: existing.investor,
    });
  }
  const current = state.bcan.by_investor.get(broker)?.get(investor);
  if (current !== undefined && current.retired_day < 0) {
    return refuse('INVESTOR_ALREADY_MAPPED', `${investor} already has BCAN ${current.bcan}`, {
      broker,
      investor,
      bcan: current.bcan,
    });
  }
  return null;
}

function checkRemovals(state: RulesState, input: SetBcanMappings): Rejection | null {
  for (const bcan of input.removals) {
    const existing = findMapping(state.bcan, input.broker, bcan);
    if (existing === undefined || existing.retired_day >= 0) {
      return refuse('BCAN_NOT_MAPPED', `BCAN ${bcan} has no mapping to remove`, {
        broker: input.broker,
        bcan,
      });
    }
  }
  return null;
}

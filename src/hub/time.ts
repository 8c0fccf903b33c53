/**
 * The passage of time, applied before every command: hold expiries and retention first, then
 * every timed change across the venues' sessions, held Connect orders and the rules' day, walked
 * in time order so that a long gap between commands replays exactly as a busy day would.
 * @module
 */

import { assert } from '../kernel/assert.js';
import { expireHolds, pruneRetained } from '../ledger/index.js';
import { advanceConnectDay, startConnectClock } from './connect.js';
import type { EventSink } from './events.js';
import { pruneIdempotency } from './idempotency.js';
import { nextHeldUs } from './market/held.js';
import { releaseHeld } from './market/release.js';
import { advanceSessions } from './market/sessions.js';
import { runDailyCycles, startSettlementClock } from './settlement.js';
import type { HubState } from './state.js';

/** Timed changes in one step: two years of boundaries; more means a bug. */
const STEPS_MAX = 200_000;

export function letTimePass(state: HubState, now_us: number, sink: EventSink): void {
  expireHolds(state.ledger, now_us, sink);
  pruneRetained(state.ledger, now_us);
  pruneIdempotency(state.idempotency, now_us);
  startConnectClock(state, now_us);
  startSettlementClock(state, now_us);
  const venues = state.markets.markets.venues;
  for (let step = 0; ; step += 1) {
    assert(step < STEPS_MAX, 'time walk does not end');
    const at_us = nextTimedChange(state);
    if (at_us > now_us) break;
    for (const [code, venue] of venues) advanceSessions(code, venue, at_us);
    releaseHeld(state, at_us, sink);
    if (state.connect_clock.next_us <= at_us) advanceConnectDay(state, at_us, sink);
    if (state.settlement_clock.next_us <= at_us) runDailyCycles(state, at_us, sink);
  }
  for (const [code, venue] of venues) advanceSessions(code, venue, now_us);
}

function nextTimedChange(state: HubState): number {
  let next = Math.min(
    state.connect_clock.next_us,
    state.settlement_clock.next_us,
    nextHeldUs(state.markets.markets.held),
  );
  for (const venue of state.markets.markets.venues.values())
    next = Math.min(next, venue.session.next_boundary_us);
  return next;
}

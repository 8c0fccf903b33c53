/**
 * The passage of time, applied before every command: retention first, then every timed change
 * (ledger hold expiries, the venues' sessions, held Connect orders, the rules' day, the
 * settlement cycles, bond RFQ deadlines, the bonds' coupon and redemption runs, the HKMA
 * facilities' 23:30 roll of intraday funds to overnight, and payments timed out waiting for their
 * credit) walked in
 * time order, so that a long gap between
 * commands replays exactly as a busy day would. At one instant, holds due expire before the
 * other changes, as they would for a command arriving at that instant. The bonds' market day
 * (the Southbound bond quota) rolls after the walk.
 * @module
 */

import { assert } from '../kernel/assert.js';
import { expireHolds, nextHoldExpiryUs, pruneRetained } from '../ledger/index.js';
import { nextLifecycleUs, runLifecycleDay, startLifecycleClock } from './bonds/lifecycle.js';
import { expireBondRfqs, nextBondChangeUs, rollBondDay } from './bonds/time.js';
import { advanceConnectDay, startConnectClock } from './connect.js';
import type { EventSink } from './events.js';
import {
  nextCutoffUs,
  rollIntradayToOvernight,
  startCutoffClock,
} from './financing/facility_cutoff.js';
import { pruneIdempotency } from './idempotency.js';
import { nextHeldUs } from './market/held.js';
import { releaseHeld } from './market/release.js';
import { advanceSessions } from './market/sessions.js';
import type { Venue } from './market/state.js';
import { expireOverduePayments, nextPaymentTimeoutUs } from './payments/timeouts.js';
import { runDailyCycles, startSettlementClock } from './settlement.js';
import type { HubState } from './state.js';

/** Timed changes in one step: two years of boundaries; more means a bug. */
const STEPS_MAX = 200_000;

export function letTimePass(state: HubState, now_us: number, sink: EventSink): void {
  pruneRetained(state.ledger, now_us);
  pruneIdempotency(state.idempotency, now_us);
  startConnectClock(state, now_us);
  startSettlementClock(state, now_us);
  startLifecycleClock(state.bonds, now_us);
  startCutoffClock(state.financing.facilities, now_us);
  const venues = state.markets.markets.venues;
  // Each expiry step pops at least one entry of the expiry queue, so those steps are bounded too.
  const steps_max = STEPS_MAX + state.ledger.expiry.size;
  for (let step = 0; ; step += 1) {
    assert(step < steps_max, 'time walk does not end');
    const at_us = nextTimedChange(state);
    if (at_us > now_us) break;
    expireHolds(state.ledger, at_us, sink);
    advanceVenues(venues, at_us);
    releaseHeld(state, at_us, sink);
    if (state.connect_clock.next_us <= at_us) advanceConnectDay(state, at_us, sink);
    if (state.settlement_clock.next_us <= at_us) runDailyCycles(state, at_us, sink);
    if (nextBondChangeUs(state.bonds) <= at_us) expireBondRfqs(state.bonds, at_us, sink);
    if (nextLifecycleUs(state.bonds) <= at_us) runLifecycleDay(state, at_us, sink);
    if (nextCutoffUs(state.financing.facilities) <= at_us) {
      rollIntradayToOvernight(state, at_us, sink);
    }
    if (nextPaymentTimeoutUs(state.payments) <= at_us) expireOverduePayments(state, at_us, sink);
  }
  advanceVenues(venues, now_us);
  rollBondDay(state.bonds, now_us);
}

/** Every venue's sessions up to `at_us`, in the map's order (no entry arrays: runs every command). */
function advanceVenues(venues: ReadonlyMap<string, Venue>, at_us: number): void {
  for (const code of venues.keys()) advanceSessions(code, venues.get(code) as Venue, at_us);
}

function nextTimedChange(state: HubState): number {
  let next = Math.min(
    nextHoldExpiryUs(state.ledger),
    state.connect_clock.next_us,
    state.settlement_clock.next_us,
    nextHeldUs(state.markets.markets.held),
    nextBondChangeUs(state.bonds),
    nextLifecycleUs(state.bonds),
    nextCutoffUs(state.financing.facilities),
    nextPaymentTimeoutUs(state.payments),
  );
  for (const venue of state.markets.markets.venues.values())
    next = Math.min(next, venue.session.next_boundary_us);
  return next;
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clockSeconds } from '../kernel/index.js';
import { SESSION_PHASES, sessionSchedule } from '../reference/index.js';
import {
  acceptsCancels,
  acceptsReplaces,
  auctionKindForSession,
  bookPhaseForSession,
} from './phases.js';
import { Phase } from './types.js';

test('every session phase of the reference timetable maps to a book phase on purpose', () => {
  const expected: Record<string, Phase> = {
    closed: Phase.CLOSED,
    opening_call: Phase.AUCTION_INPUT,
    opening_call_no_cancel: Phase.AUCTION_NO_CANCEL,
    opening_uncross: Phase.AUCTION_FROZEN,
    opening_pause: Phase.AUCTION_FROZEN,
    blocking: Phase.AUCTION_FROZEN,
    continuous: Phase.CONTINUOUS,
    lunch_break: Phase.CLOSED,
    lunch_cancel_only: Phase.HALTED,
    closing_reference: Phase.AUCTION_FROZEN,
    closing_call: Phase.AUCTION_INPUT,
    closing_call_no_cancel: Phase.AUCTION_NO_CANCEL,
    closing_random_close: Phase.AUCTION_NO_CANCEL,
  };
  assert.deepEqual(Object.keys(expected).sort(), [...SESSION_PHASES].sort());
  for (const [name, phase] of Object.entries(expected))
    assert.equal(bookPhaseForSession(name), phase, name);
  assert.equal(bookPhaseForSession('no such phase'), Phase.CLOSED);
});

test('SSE opening auction: cancels until 9:20, none from 9:20 to 9:25; SEHK lunch takes cancels only', () => {
  const at = (market: 'XSHG' | 'XHKG', clock: string) => {
    const second = clockSeconds(clock);
    let phase = 'closed';
    for (const step of sessionSchedule(market, false))
      if (step.from_second <= second) phase = step.phase;
    return bookPhaseForSession(phase);
  };
  assert.ok(acceptsCancels(at('XSHG', '09:17')));
  assert.ok(!acceptsCancels(at('XSHG', '09:22')));
  assert.equal(at('XSHG', '14:58'), Phase.AUCTION_NO_CANCEL);
  assert.equal(at('XHKG', '12:45'), Phase.HALTED);
  assert.ok(acceptsCancels(at('XHKG', '12:45')));
  assert.ok(!acceptsReplaces(at('XHKG', '12:45')));
  assert.equal(auctionKindForSession('closing_call'), 'closing');
  assert.equal(auctionKindForSession('opening_uncross'), 'opening');
  assert.equal(auctionKindForSession('continuous'), null);
});

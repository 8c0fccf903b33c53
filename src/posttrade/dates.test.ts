/**
 * Intended settlement dates per stream: the calendar each counts in.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_POSTTRADE_CONFIG } from './config.js';
import { settlementDates } from './dates.js';

const STREAMS = DEFAULT_POSTTRADE_CONFIG.streams;

test('southbound settles T+2 in CCASS (Hong Kong) business days across a Mainland holiday', () => {
  // Thu 24 Sep 2026: the Mainland closes Fri 25 Sep (Mid-Autumn), Hong Kong does not. HKSCC
  // settles on Hong Kong business days, so T+2 is Mon 28 Sep, not Tue 29 Sep (Connect days).
  const dates = settlementDates(STREAMS.southbound, '2026-09-24');
  assert.ok(dates.ok, JSON.stringify(dates));
  assert.equal(dates.value.securities_date, '2026-09-28');
  assert.equal(dates.value.cash_date, '2026-09-28');
  const domestic = settlementDates(STREAMS.hk_domestic, '2026-09-24');
  assert.ok(domestic.ok);
  assert.equal(domestic.value.securities_date, dates.value.securities_date);
});

test('northbound counts in the Connect calendar: money T+1 skips a Hong Kong holiday', () => {
  // Thu 2 Apr 2026: Hong Kong closes Fri 3 Apr (Good Friday), the Mainland does not.
  const dates = settlementDates(STREAMS.northbound, '2026-04-02');
  assert.ok(dates.ok, JSON.stringify(dates));
  assert.equal(dates.value.securities_date, '2026-04-02');
  assert.equal(dates.value.cash_date, '2026-04-08');
});

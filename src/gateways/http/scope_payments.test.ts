/** Payment events are seen by the banks they name, HKICL, CNCC and operators (docs/payments.md §9.4). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ALICE,
  CN_BANK,
  HK_BANK,
  northbound,
  paymentsHub,
  WANG,
} from '../../hub/payments/testing.js';
import { scopeEvent, stateLookups, viewerOf } from './scope.js';

test('a payment event: its banks, HKICL, CNCC and operators see it; another bank does not', () => {
  const t = paymentsHub();
  const result = t.accept(HK_BANK, northbound('NB-V', ALICE, WANG.mobile, 100_00n));
  const event = result.events.find((e) => e.type === 'payment_credited');
  assert.ok(event !== undefined);
  const lookups = stateLookups(t.hub.state, () => undefined);
  const sees = (who: string) => scopeEvent(event, viewerOf(t.hub.state, who), lookups) !== null;
  for (const who of [HK_BANK, CN_BANK, 'BOCHK', 'HKICL', 'CNCC', 'operator']) {
    assert.ok(sees(who), who);
  }
  assert.equal(sees('SCBHK'), false);
});

import assert from 'node:assert/strict';
import test from 'node:test';
import { measurePgCouponRun } from './pg_coupon.js';

// The peer checks its own conservation and throws when the coupon is not conserved; here a small
// run must come back timed (the local PostgreSQL runs on every machine of this project's CI).
test('the PostgreSQL coupon peer pays 1,000 holders in one transaction and conserves', async () => {
  const result = await measurePgCouponRun({
    holders: 1_000,
    units_per_holder: 3n,
    face_value_minor: 100n,
    rate_e12: 36_330_000_000n,
    frequency: 2,
  });
  assert.ok('run_ms' in result, 'skipped' in result ? result.skipped : 'no figure');
  assert.ok(result.run_ms > 0);
});

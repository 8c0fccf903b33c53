import assert from 'node:assert/strict';
import test from 'node:test';
import { measurePgPayments } from '../peers/pg_payments.js';
import { measureHubPayments, measureJournaledPayments } from './measure.js';

// Each measurement throws unless every payment is credited at its amount and every asset is
// conserved: the hub's payments accounts, and the peer's balances and payments table.
test('the hub settles and credits every payment of the workload, in memory and journaled', async () => {
  const ours = measureHubPayments(400);
  assert.ok(ours.payments_per_s > 0);
  assert.ok(ours.bytes_per_payment > 0, `${ours.bytes_per_payment} bytes per payment`);
  assert.ok((await measureJournaledPayments(400)) > 0);
});

test('the PostgreSQL peer keeps every payment and conserves every asset', async () => {
  // The local PostgreSQL runs on every machine of this project's CI.
  const peer = await measurePgPayments({ payments: 200, connections: 4 });
  assert.ok('payments_per_s' in peer, 'skipped' in peer ? peer.skipped : 'no figure');
});

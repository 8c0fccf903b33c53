import assert from 'node:assert/strict';
import test from 'node:test';
import { buildPacs008 } from '../../payments/iso20022/index.js';
import { measurePgPayments } from '../peers/pg_payments.js';
import { httpPayment, measureHttpPayments, pacs008Writer } from './http.js';
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

test('the HTTP load writes each pacs.008 exactly as the gateway builder would', () => {
  const write = pacs008Writer(7);
  for (const n of [0, 1, 2, 13, 99, 12_345]) {
    const { bank, i } = httpPayment(n, 7);
    const built = buildPacs008({ msg_id: `M${i.end_to_end_id}`, created_us: 0 }, i);
    assert.deepEqual(write(n), { bank, xml: built });
  }
});

test('no HTTP payer reaches the Northbound daily cap, however long the run', () => {
  const payers = 3;
  const sent = new Map<string, bigint>();
  for (let n = 0; n < 2 * payers * 1_000; n += 1) {
    const { i } = httpPayment(n, payers);
    sent.set(i.payer.id, (sent.get(i.payer.id) ?? 0n) + i.amount_minor);
  }
  // HK$10,000 at HKD 1.087 per RMB is RMB 9,199.63: the cap counts the HKD equivalent rounded up.
  for (const [payer, minor] of sent) assert.ok(minor <= 919_963n, `${payer} sent ${minor}`);
});

test('pacs.008 over HTTP: the real server answers every message with a pacs.002 ACCC', async () => {
  const run = await measureHttpPayments(5);
  assert.equal(run.failed, 0);
  assert.ok(run.settled > 0);
});

#!/usr/bin/env node
/**
 * The HTTP order path in one process, for profiling and A/B runs of the gateway's own work
 * (issue 19): the real server (`startServer`: demo genesis, fsync always, the projection thread,
 * surveillance and the risk monitor) driven by Fastify's `inject`, so no sockets and no load
 * client compete for the two cores. Build first.
 * Usage: `node --max-semi-space-size=64 scripts/bench-http-orders.mjs [batch|single] [ORDERS] [IN_FLIGHT]`
 * (batch, 30000, 8). Batches are 100 orders to `POST /v1/orders/batch` as `npm run bench --
 * orders` sends them; single orders go to `POST /v1/orders`. A fifth of ORDERS first as warm-up.
 * One JSON line: the process CPU of all threads (hub and projection) per order over the measured
 * part, and the wall clock per order. Add `--cpu-prof --cpu-prof-dir=DIR` before the script for
 * a profile (`node scripts/cpuprofile-summary.mjs DIR`).
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [mode = 'batch', total = '30000', in_flight = '8'] = process.argv.slice(2);
const { startServer } = await import('../dist/gateways/http/server.js');
const dir = mkdtempSync(join(tmpdir(), 'hutong-http-orders-'));
const server = await startServer({
  data_dir: join(dir, 'data'),
  port: 0,
  demo: true,
  clock: 'trading',
  rate_limit: { max: 1e9, window_ms: 1_000 },
  log_level: 'error',
  on_fatal: (error) => {
    console.error(error);
    process.exit(1);
  },
});
const key_file = JSON.parse(readFileSync(join(dir, 'data', 'api-keys.json'), 'utf8'));
const keys = new Map(key_file.keys.map((k) => [k.participant, k.key]));

const MOUTAI = 'CNE0000018R8';
const BATCH_ORDERS = 100;
const BROKERS = [
  ['BUND', 'cn-retail-zhang', 'cn-pro-zhao'],
  ['PEARL', 'cn-retail-liu', 'cn-inst-fund'],
];
const order = (client_order_id, side, owner) => ({
  client_order_id,
  instrument: MOUTAI,
  side,
  order_type: 'limit',
  time_in_force: 'day',
  price_units: 145_000,
  quantity_units: 100,
  owner,
});

/** Buys and sells alternating at one price, so they fill each other; clients swap sides. */
function batchRequest(n) {
  const [participant, a, b] = BROKERS[n % 2];
  const [buyer, seller] = Math.floor(n / 2) % 2 === 0 ? [a, b] : [b, a];
  const orders = Array.from({ length: BATCH_ORDERS }, (_, i) =>
    order(`q${n}-${i}`, i % 2 === 0 ? 'buy' : 'sell', i % 2 === 0 ? buyer : seller),
  );
  return { url: '/v1/orders/batch', participant, body: JSON.stringify({ orders }) };
}

function singleRequest(n) {
  const [participant, a, b] = BROKERS[n % 2];
  const owner = Math.floor(n / 2) % 2 === 0 ? a : b;
  const body = JSON.stringify(order(`b${n}`, n % 2 === 0 ? 'buy' : 'sell', owner));
  return { url: '/v1/orders', participant, body };
}

const per_request = mode === 'batch' ? BATCH_ORDERS : 1;
const measured = Math.ceil(Number(total) / per_request);
const warm_up = Math.ceil(measured / 5);
const make = mode === 'batch' ? batchRequest : singleRequest;
const requests = Array.from({ length: warm_up + measured }, (_, i) => make(i + 1));
let next = 0;
let failed = 0;

async function client(until) {
  while (next < until) {
    const r = requests[next];
    next += 1;
    const reply = await server.app.inject({
      method: 'POST',
      url: r.url,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${keys.get(r.participant)}`,
      },
      payload: r.body,
    });
    if (reply.statusCode !== 200) failed += 1;
  }
}

const run = (until) =>
  Promise.all(Array.from({ length: Number(in_flight) }, () => client(until)));
await run(warm_up);
await server.gateway.engine.idle();
const cpu = process.cpuUsage();
const started_ms = performance.now();
await run(warm_up + measured);
await server.gateway.engine.idle();
const used = process.cpuUsage(cpu);
const elapsed_ms = performance.now() - started_ms;
const orders = measured * per_request;
const line = {
  mode,
  orders,
  cpu_us_per_order: Math.round(((used.user + used.system) / orders) * 100) / 100,
  wall_us_per_order: Math.round(((elapsed_ms * 1_000) / orders) * 100) / 100,
  orders_per_s: Math.round(orders / (elapsed_ms / 1_000)),
  failed,
};
process.stdout.write(`${JSON.stringify(line)}\n`);
await server.close();
rmSync(dir, { recursive: true, force: true });

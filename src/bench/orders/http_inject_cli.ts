/**
 * The HTTP order path in one process, for profiling and A/B runs of the gateway's own work
 * (issue 19): the real server (`startServer`: demo genesis, fsync always, the projection thread,
 * surveillance and the risk monitor) driven by Fastify's `inject`, so no sockets and no load
 * client compete for the two cores. Build first.
 * Usage: `node --max-semi-space-size=64 dist/bench/orders/http_inject_cli.js [batch|single|door]
 * [ORDERS] [IN_FLIGHT]` (batch, 30000, 8). Batches are the bodies `npm run bench -- orders`
 * sends (http.ts); single orders go to `POST /v1/orders` through Fastify's route (`inject` never
 * reaches the lean door in front of it, order_door.ts); `door` hands the same single orders to the
 * door with a minimal request and response of its own (no socket, no HTTP parser: compare `door`
 * with `door`, not with `single`). A fifth of ORDERS first as warm-up.
 * One JSON line: the process CPU of all threads (hub and projection) per order over the measured
 * part, and the wall clock per order. Add `--cpu-prof --cpu-prof-dir=DIR` before the script for
 * a profile (`node scripts/cpuprofile-summary.mjs DIR`).
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { startServer } from '../../gateways/http/server.js';
import { keysOf } from '../api/bench.js';
import { BATCH_ORDERS, batchBody, singleBody } from './http.js';

interface InjectedRequest {
  readonly url: string;
  readonly participant: string;
  readonly body: string;
}

const [mode = 'batch', total = '30000', in_flight = '8'] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'hutong-http-orders-'));
const data_dir = join(dir, 'data');
const server = await startServer({
  data_dir,
  port: 0,
  demo: true,
  clock: 'trading',
  rate_limit: { max: 1e9, window_ms: 1_000 },
  log_level: 'error',
  on_fatal: (error) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
});
const keys = keysOf(data_dir);
const per_request = mode === 'batch' ? BATCH_ORDERS : 1;
const measured = Math.ceil(Number(total) / per_request);
const warm_up = Math.ceil(measured / 5);
const requests: InjectedRequest[] = Array.from({ length: warm_up + measured }, (_, i) =>
  mode === 'batch'
    ? { url: '/v1/orders/batch', ...batchBody(i + 1) }
    : { url: '/v1/orders', ...singleBody(i + 1) },
);
let next = 0;
let failed = 0;

function headersOf(request: InjectedRequest): Record<string, string> {
  return {
    'content-type': 'application/json',
    authorization: `Bearer ${keys.get(request.participant) ?? ''}`,
  };
}

async function inject(request: InjectedRequest): Promise<number> {
  const reply = await server.app.inject({
    method: 'POST',
    url: request.url,
    headers: headersOf(request),
    payload: request.body,
  });
  return reply.statusCode;
}

/** The request through the lean door: a readable body and a response that keeps its status. */
function throughDoor(request: InjectedRequest): Promise<number> {
  const door = server.order_door;
  if (door === null) throw new Error('the server has no order door');
  const body = Buffer.from(request.body);
  const incoming = Object.assign(Readable.from([body], { objectMode: false }), {
    method: 'POST',
    url: request.url,
    headers: { ...headersOf(request), 'content-length': String(body.length) },
  });
  return new Promise((resolve) => {
    let status = 0;
    const response = {
      writeHead: (code: number) => {
        status = code;
      },
      end: () => resolve(status),
    };
    if (!door.take(incoming as unknown as IncomingMessage, response as unknown as ServerResponse))
      throw new Error('the door did not take an order');
  });
}

async function client(until: number): Promise<void> {
  while (next < until) {
    const request = requests[next] as InjectedRequest;
    next += 1;
    const status = await (mode === 'door' ? throughDoor(request) : inject(request));
    if (status !== 200) failed += 1;
  }
}

const run = (until: number) =>
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

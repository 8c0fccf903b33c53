/**
 * Orders over HTTP for `npm run bench -- orders`: batches of `BATCH_ORDERS` orders to
 * `POST /v1/orders/batch` on the real server (its own process, fsync always), by autocannon.
 * Each batch comes from one Mainland broker for two of its clients, buys and sells alternating
 * at one price so they fill each other; the clients swap sides from one batch to the next, so
 * neither runs out of shares or cash. Orders per second are counted by the hub's own seq.
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type autocannon from 'autocannon';
import { keysOf, type LoadResult, load, moutaiOrder, startHub } from '../api/bench.js';

export const BATCH_ORDERS = 100;
const BROKERS = [
  ['BUND', 'cn-retail-zhang', 'cn-pro-zhao'],
  ['PEARL', 'cn-retail-liu', 'cn-inst-fund'],
] as const;

/** Request bodies made before the clock starts: the load client's CPU is the server's too. */
const BODIES_PREBUILT = 4_000;

export function batchBody(n: number): { participant: string; body: string } {
  const [participant, a, b] = BROKERS[n % BROKERS.length] as (typeof BROKERS)[number];
  const [buyer, seller] = Math.floor(n / BROKERS.length) % 2 === 0 ? [a, b] : [b, a];
  const orders = Array.from({ length: BATCH_ORDERS }, (_, i) =>
    moutaiOrder(`q${n}-${i}`, i % 2 === 0, i % 2 === 0 ? buyer : seller),
  );
  return { participant, body: JSON.stringify({ orders }) };
}

/** One order to `POST /v1/orders`: buys and sells alternating, the two clients swapping sides. */
export function singleBody(n: number): { participant: string; body: string } {
  const [participant, a, b] = BROKERS[n % BROKERS.length] as (typeof BROKERS)[number];
  const owner = Math.floor(n / BROKERS.length) % 2 === 0 ? a : b;
  return { participant, body: JSON.stringify(moutaiOrder(`b${n}`, n % 2 === 0, owner)) };
}

export function batchRequests(keys: Map<string, string>): autocannon.Request[] {
  const prebuilt = Array.from({ length: BODIES_PREBUILT }, (_, n) => batchBody(n + 1));
  let n = 0;
  return [
    {
      method: 'POST',
      path: '/v1/orders/batch',
      setupRequest: (request) => {
        n += 1;
        const { participant, body } = prebuilt[n - 1] ?? batchBody(n);
        return {
          ...request,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${keys.get(participant) ?? ''}`,
          },
          body,
        };
      },
    },
  ];
}

export interface BatchRun extends LoadResult {
  /** Orders sequenced per second (the hub's seq moved by this many), all batches. */
  readonly orders_per_s: number;
}

async function seqOf(url: string, key: string): Promise<number> {
  const reply = await fetch(`${url}/healthz`, { headers: { authorization: `Bearer ${key}` } });
  return ((await reply.json()) as { seq: number }).seq;
}

export async function measureBatches(seconds: number): Promise<BatchRun> {
  const data_dir = join(mkdtempSync(join(tmpdir(), 'hutong-bench-batch-')), 'data');
  const hub = await startHub(data_dir, []);
  try {
    const keys = keysOf(data_dir);
    const operator = keys.get('operator') ?? '';
    const started = performance.now();
    const before = await seqOf(hub.url, operator);
    const result = await load(hub, batchRequests(keys), seconds);
    const after = await seqOf(hub.url, operator);
    const elapsed_s = (performance.now() - started) / 1_000;
    // The warm-up second is counted in both the seqs and the time.
    return { ...result, orders_per_s: (after - before) / elapsed_s };
  } finally {
    await hub.stop();
    rmSync(join(data_dir, '..'), { recursive: true, force: true });
  }
}

/**
 * The end-to-end figure of `npm run bench -- payments`: pacs.008 messages over HTTP to the real
 * server in its own process (`hutong serve --demo`, journal fsync'd before every answer), each
 * validated against its XSD, journaled, applied and answered with a pacs.002; measured from
 * outside by autocannon for a stated duration (10 minutes by default), with the latency
 * percentiles of every answer.
 *
 * Workload: Northbound and Southbound person-to-person payments in RMB by mobile number,
 * alternating, from HSBC's and ICBC's payers (the set-up of hub_payments.ts, sent through
 * `POST /v1/commands` before the clock starts). Each payer sends at most PAYMENTS_PER_HTTP_PAYER
 * payments of RMB 1.00 to 8.99, so no cap is reached however long the run. No FX: a converting
 * payment needs the bank's quote first, a second request; the in-memory figure covers FX.
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { PaymentInstruction } from '../../payments/index.js';
import { buildPacs008 } from '../../payments/iso20022/index.js';
import { type Child, keysOf, startHub } from '../api/bench.js';
import { setUpCommands } from './hub_payments.js';
import { benchPayer, CN_BANK, cnMobile, HK_BANK, hkMobile, PAYEES_PER_SIDE } from './workload.js';

/** At most RMB 8,990 a payer: under the HK$10,000 daily cap at HKD 1.087 per RMB (HK$9,772). */
const PAYMENTS_PER_HTTP_PAYER = 1_000;
/** Payers are set up for this rate; a faster run would reuse payers and meet their caps. */
const RATE_CEILING_PER_S = 12_000;
export const HTTP_CONNECTIONS = 64;
const PROGRESS_EVERY_MS = 30_000;

export interface HttpPaymentsRun {
  /** pacs.002 answers reporting the payee credited (ACCC), per second of the run. */
  readonly settled_per_s: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly max_ms: number;
  /** Answers that were not a settled pacs.002: non-2xx, RJCT or another status. */
  readonly failed: number;
  readonly settled: number;
  readonly duration_s: number;
}

/** The `n`-th payment of the run: even ones Northbound from HSBC, odd ones Southbound from ICBC. */
export function httpPayment(n: number, payers: number): { bank: string; i: PaymentInstruction } {
  const north = n % 2 === 0;
  const payer = Math.floor(n / 2) % payers;
  const payee = (n * 31) % PAYEES_PER_SIDE;
  const direction = north ? 'northbound' : 'southbound';
  const i: PaymentInstruction = {
    end_to_end_id: `H${n}`,
    direction,
    payer: benchPayer(direction, payer),
    payee_proxy: { type: 'mobile', value: north ? cnMobile(payee) : hkMobile(payee) },
    ...{ send_currency: 'CNY', receive_currency: 'CNY', purpose: 'p2p' },
    amount_minor: BigInt(100 + ((n * 7_919) % 800)),
  };
  return { bank: i.payer.bank, i };
}

async function setUp(url: string, keys: Map<string, string>, payers: number): Promise<void> {
  for (const c of setUpCommands(payers)) {
    const reply = await fetch(`${url}/v1/commands`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${keys.get(c.participant) ?? ''}`,
      },
      body: JSON.stringify(c.body),
    });
    const text = await reply.text();
    if (reply.status !== 200 || !text.includes('"accepted"'))
      throw new Error(`payments http bench: set-up ${c.body.type} → ${reply.status} ${text}`);
  }
}

/** Fields of a payment that change from one message to the next: sentinels in the template. */
const SENTINELS = {
  end_to_end_id: 'E2E-SENTINEL',
  payer_id: 'PAYER-ID-SENTINEL',
  payer_name: 'PAYER-NAME-SENTINEL',
  account: 'ACCOUNT-SENTINEL',
  proxy: 'PROXY-SENTINEL',
  amount_minor: 987_654_321n,
} as const;

/**
 * The pacs.008 of payment `n`, by filling a template built once per direction: the load client
 * shares the two cores with the server, so it must not spend them building XML.
 */
export function pacs008Writer(payers: number): (n: number) => { bank: string; xml: string } {
  const templates = [0, 1].map((n) => {
    const { i } = httpPayment(n, payers);
    const s = SENTINELS;
    const sentinel: PaymentInstruction = {
      ...i,
      end_to_end_id: s.end_to_end_id,
      payer: { ...i.payer, id: s.payer_id, name: s.payer_name, account: s.account },
      payee_proxy: { type: 'mobile', value: s.proxy },
      amount_minor: s.amount_minor,
    };
    return buildPacs008({ msg_id: `M${s.end_to_end_id}`, created_us: 0 }, sentinel);
  });
  const amount_text = '9876543.21';
  return (n) => {
    const { bank, i } = httpPayment(n, payers);
    const minor = i.amount_minor.toString().padStart(3, '0');
    const xml = (templates[n % 2] as string)
      .replaceAll(SENTINELS.end_to_end_id, i.end_to_end_id)
      .replace(SENTINELS.payer_id, i.payer.id)
      .replace(SENTINELS.payer_name, i.payer.name)
      .replace(SENTINELS.account, i.payer.account)
      .replace(SENTINELS.proxy, i.payee_proxy.value)
      .replace(amount_text, `${minor.slice(0, -2)}.${minor.slice(-2)}`);
    return { bank, xml };
  };
}

function pacs008Requests(keys: Map<string, string>, payers: number): autocannon.Request[] {
  let n = 0;
  const write = pacs008Writer(payers);
  const headers = new Map(
    [HK_BANK, CN_BANK].map((bank) => [
      bank,
      { 'content-type': 'application/xml', authorization: `Bearer ${keys.get(bank) ?? ''}` },
    ]),
  );
  return [
    {
      method: 'POST',
      path: '/v1/payments/iso20022',
      setupRequest: (request) => {
        const { bank, xml } = write(n);
        n += 1;
        return { ...request, headers: headers.get(bank), body: xml };
      },
    },
  ];
}

/** Runs the load for `duration_s` against a fresh demo server and reports what it answered. */
export async function measureHttpPayments(duration_s: number): Promise<HttpPaymentsRun> {
  const data_dir = join(mkdtempSync(join(tmpdir(), 'hutong-bench-pacs008-')), 'data');
  // A heap large enough to keep every payment of a ten-minute run (docs/benchmarks.md).
  const hub = await startHub(data_dir, [], ['--max-old-space-size=12288']);
  try {
    const keys = keysOf(data_dir);
    const payers = Math.ceil((RATE_CEILING_PER_S * (duration_s + 2)) / 2 / PAYMENTS_PER_HTTP_PAYER);
    await setUp(hub.url, keys, payers);
    return await load(hub, pacs008Requests(keys, payers), duration_s);
  } finally {
    await hub.stop();
    rmSync(join(data_dir, '..'), { recursive: true, force: true });
  }
}

async function load(
  hub: Child,
  requests: autocannon.Request[],
  duration_s: number,
): Promise<HttpPaymentsRun> {
  let settled = 0;
  let other = 0;
  const counted = requests.map((r) => ({
    ...r,
    onResponse: (status: number, body: string) => {
      if (status === 200 && body.includes('<TxSts>ACCC</TxSts>')) settled += 1;
      else other += 1;
    },
  }));
  const options = { url: hub.url, connections: HTTP_CONNECTIONS, pipelining: 1 };
  await autocannon({ ...options, requests: counted, duration: 1 }); // warm-up, not measured
  settled = 0;
  other = 0;
  const started_ms = Date.now();
  const progress = setInterval(() => {
    const s = Math.round((Date.now() - started_ms) / 1000);
    process.stderr.write(
      `payments: pacs.008 over HTTP, ${s} s of ${duration_s}: ${settled} settled\n`,
    );
  }, PROGRESS_EVERY_MS);
  try {
    const result = await autocannon({ ...options, requests: counted, duration: duration_s });
    return {
      settled_per_s: settled / result.duration,
      ...{ p50_ms: result.latency.p50, p99_ms: result.latency.p99, max_ms: result.latency.max },
      failed: other + result.errors + result.timeouts,
      settled,
      duration_s: result.duration,
    };
  } finally {
    clearInterval(progress);
  }
}

/**
 * `npm run bench -- bonds`: the bond arithmetic and the RFQ state machine alone (issue 14,
 * phase 1). Three figures, each the median of the runs:
 * - `accrued_per_s`: `accruedInterestMinor` (checked, Outcome-returning) on a mix of four bonds
 *   (CGB ACT/ACT, RMB HKGB, EUR green tranche, SHIBOR floater ACT/360) and settlement days;
 *   target 5 M/s;
 * - `price_yield_round_trips_per_s`: clean price from a yield, the yield back from that price
 *   (bisection), and the price again, on the same mix without the floater;
 * - `rfq_cycles_per_s`: request, three quotes, accept (trade concluded), forget, through the
 *   state machine only;
 * - `hub_rfq_cycles_per_s`: the same cycle as five hub commands, with the Southbound quota,
 *   settlement capture and T+0 DvP on the ledger (hub_rfq.ts); target 200k/s;
 * - `coupon_run_ms`: one coupon run to 1 M holders (100 k with `--quick`) through the hub,
 *   conservation and ledger invariants checked after (coupon_run.ts); target under 1 s.
 * Peer for the coupon run: the same run in PostgreSQL as one set-based transaction
 * (../peers/pg_coupon.ts). No peer for the rest: no off-the-shelf library does this arithmetic
 * exactly or these rules. Inputs are
 * built before the clock starts; results are checked so nothing is optimised away.
 * @module
 */

import {
  accruedInterestMinor,
  type BondSchedule,
  buildSchedule,
  CGB_2016_19,
  cleanPriceFromYield,
  HK_GREEN_EUR,
  HKGB_03GB2807001,
  POLICY_BANK_FRN,
  yieldFromCleanPrice,
} from '../../bonds/index.js';
import { dayNumber } from '../../kernel/index.js';
import { rfq } from '../../market/index.js';
import { type BenchFigure, type Benchmark, type BenchOptions, figure, median } from '../harness.js';
import { measurePgCouponRun } from '../peers/pg_coupon.js';
import { measureCouponRun } from './coupon_run.js';
import { GREEN_USD, measureHubRfqCycles } from './hub_rfq.js';

interface Input {
  readonly schedule: BondSchedule;
  readonly day: number;
}

function inputs(count: number, with_floater: boolean): Input[] {
  const bonds: [BondSchedule, string][] = [
    [buildSchedule(CGB_2016_19), '2026-01-05'],
    [buildSchedule(HKGB_03GB2807001), '2026-01-19'],
    [buildSchedule(HK_GREEN_EUR), '2025-06-02'],
  ];
  if (with_floater) bonds.push([buildSchedule(POLICY_BANK_FRN), '2025-05-05']);
  const out: Input[] = [];
  for (let i = 0; i < count; i += 1) {
    const [schedule, start] = bonds[i % bonds.length] as [BondSchedule, string];
    out.push({ schedule, day: dayNumber(start) + ((i * 7) % 150) });
  }
  return out;
}

function perSecond(count: number, start: bigint): number {
  return (count * 1e9) / Number(process.hrtime.bigint() - start);
}

function measureAccrued(count: number): number {
  const xs = inputs(4_096, true);
  const face = 100_000_000n;
  const fixing = 16_000_000_000n;
  let sum = 0n;
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) {
    const x = xs[i & 4_095] as Input;
    const outcome = accruedInterestMinor(x.schedule, x.day, face, fixing);
    if (outcome.ok) sum += outcome.value;
  }
  const rate = perSecond(count, start);
  if (sum <= 0n) throw new Error('accrued interest bench computed nothing');
  return rate;
}

function measureRoundTrips(count: number): number {
  const xs = inputs(64, false);
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) {
    const x = xs[i & 63] as Input;
    const y = 20_000_000_000n + BigInt(i % 300) * 100_000_000n;
    const clean = cleanPriceFromYield(x.schedule, x.day, y);
    if (!clean.ok) throw new Error(clean.code);
    const back = yieldFromCleanPrice(x.schedule, x.day, clean.value);
    if (!back.ok) throw new Error(back.code);
    const again = cleanPriceFromYield(x.schedule, x.day, back.value);
    if (!again.ok) throw new Error(again.code);
    const gap = again.value - clean.value;
    if (gap > 1n || gap < -1n) throw new Error('price-yield round trip drifted');
  }
  return perSecond(count, start);
}

const DEALERS = ['maker-1', 'maker-2', 'maker-3'];
const SECOND_US = 1_000_000;

function measureRfqCycles(count: number): number {
  const book = rfq.createRfqBook(DEALERS);
  const ids = Array.from({ length: count }, (_, i) => `R${i}`);
  const quote_ids = ['Q1', 'Q2', 'Q3'];
  let traded = 0;
  let now = 1_767_225_600 * SECOND_US;
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) {
    const id = ids[i] as string;
    now += 10;
    const request = {
      quote_req_id: id,
      requester: 'investor',
      security_id: 'CND10000KX14',
      side: (i & 1) === 0 ? ('buy' as const) : ('sell' as const),
      order_qty_minor: 1_000_000_000n,
      price_type: 'percent_of_par' as const,
      dealers: DEALERS,
      quote_window_us: 60 * SECOND_US,
    };
    if (!rfq.requestQuote(book, request, now).ok) throw new Error('request refused');
    for (let d = 0; d < 3; d += 1) {
      const quote = {
        quote_id: quote_ids[d] as string,
        quote_req_id: id,
        dealer: DEALERS[d] as string,
        px_e8: 10_000_000_000n + BigInt(d * 1_000_000),
        valid_until_us: now + 30 * SECOND_US,
      };
      if (!rfq.submitQuote(book, quote, now).ok) throw new Error('quote refused');
    }
    const response = {
      quote_resp_id: id,
      quote_req_id: id,
      requester: 'investor',
      quote_resp_type: 'hit_lift' as const,
      quote_id: quote_ids[i % 3] as string,
    };
    const result = rfq.respondToQuotes(book, response, now);
    if (result.ok && result.value.trade !== undefined) traded += 1;
    rfq.forgetRfq(book, id);
  }
  const rate = perSecond(count, start);
  if (traded !== count || book.rfqs.size !== 0) throw new Error('rfq bench lost cycles');
  return rate;
}

/** The PostgreSQL peer of the coupon run, run as often as ours (it is the slower one). */
async function measurePgCoupons(
  options: BenchOptions,
  holders: number,
): Promise<{ run_ms: number[] } | { skipped: string }> {
  const run_ms: number[] = [];
  for (let run = 0; run < options.runs; run += 1) {
    const result = await measurePgCouponRun({
      holders,
      units_per_holder: 1_000n,
      face_value_minor: BigInt(GREEN_USD.face_value_minor),
      rate_e12: BigInt(GREEN_USD.coupon.kind === 'fixed' ? GREEN_USD.coupon.rate_e12 : '0'),
      frequency: GREEN_USD.frequency,
    });
    if ('skipped' in result) {
      process.stderr.write(`bonds: ${result.skipped}\n`);
      return result;
    }
    run_ms.push(result.run_ms);
  }
  return { run_ms };
}

export const BONDS_BENCHMARK: Benchmark = {
  name: 'bonds',
  description:
    'bond arithmetic (accrued, price-yield round trips) and RFQ cycles, alone and through the hub',
  async run(options: BenchOptions): Promise<readonly BenchFigure[]> {
    const accrued: number[] = [];
    const trips: number[] = [];
    const cycles: number[] = [];
    const hub_cycles: number[] = [];
    const coupon_ms: number[] = [];
    const holders = options.quick ? 100_000 : 1_000_000;
    // Warm-up, not timed: the first timed run would otherwise measure the JIT.
    measureAccrued(100_000);
    measureRoundTrips(30);
    measureRfqCycles(5_000);
    measureHubRfqCycles(2_000);
    for (let run = 0; run < options.runs; run += 1) {
      accrued.push(measureAccrued(options.quick ? 200_000 : 2_000_000));
      trips.push(measureRoundTrips(options.quick ? 300 : 3_000));
      cycles.push(measureRfqCycles(options.quick ? 20_000 : 200_000));
      hub_cycles.push(measureHubRfqCycles(options.quick ? 10_000 : 100_000));
      coupon_ms.push(measureCouponRun(holders));
    }
    const peer = await measurePgCoupons(options, holders);
    const note = `median of ${options.runs} runs; no peer`;
    const row = (metric: string, value: number, unit: string, extra: string) =>
      figure({
        bench: 'bonds',
        metric,
        value: Math.round(value),
        unit,
        peer: null,
        peer_value: null,
        note: `${note}; ${extra}`,
      });
    return [
      row('accrued_per_s', median(accrued), 'computations/s', 'target 5,000,000/s'),
      row('price_yield_round_trips_per_s', median(trips), 'round trips/s', 'price→yield→price'),
      row('rfq_cycles_per_s', median(cycles), 'cycles/s', 'state machine only'),
      row(
        'hub_rfq_cycles_per_s',
        median(hub_cycles),
        'cycles/s',
        'through Hub.apply: 5 commands, quota, capture and T+0 DvP; target 200,000/s',
      ),
      figure({
        bench: 'bonds',
        metric: 'coupon_run_ms',
        value: Math.round(median(coupon_ms)),
        unit: 'ms',
        peer: 'PostgreSQL, the run as one set-based transaction',
        peer_value: 'skipped' in peer ? null : Math.round(median(peer.run_ms)),
        direction: 'lower_is_better',
        note:
          `median of ${options.runs} runs; one bonds.pay_coupon to ${holders} holders through ` +
          'Hub.apply; target < 1,000 ms at 1 M and ≥ 10× the peer' +
          ('skipped' in peer ? `; peer skipped: ${peer.skipped}` : ''),
      }),
    ];
  },
};

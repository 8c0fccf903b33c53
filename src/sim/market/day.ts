/**
 * One simulated demo day on an in-memory hub, and what it did to each instrument's price: the
 * open-to-close move and the intraday range from the trades, as docs/sim.md reports them. Used
 * by the test that holds the simulator to realistic bounds and by `npm run bench -- demo`.
 * @module
 */

import { type CommandResult, Hub, type HubEvent, type HubState } from '../../hub/index.js';
import { timestampAt } from '../../kernel/time.js';
import { DEMO_START_US, genesisSubmissions, type Submission } from '../genesis.js';

export interface PriceDay {
  readonly instrument: string;
  readonly symbol: string;
  readonly trades: number;
  readonly open_units: number;
  readonly close_units: number;
  readonly high_units: number;
  readonly low_units: number;
}

/** A hub in memory, stamped like the sequencer would stamp it. */
export class DayHub {
  readonly hub = new Hub();
  now_us = DEMO_START_US;

  submit(s: Submission): CommandResult {
    return this.hub.apply({
      seq: this.hub.seq + 1,
      timestamp_us: Math.max(this.now_us, this.hub.now_us),
      participant: s.participant,
      idempotency_key: s.idempotency_key ?? null,
      command: s.command,
    });
  }
}

export interface DayRun {
  readonly hub: DayHub;
  readonly prices: readonly PriceDay[];
  readonly accepted: number;
  readonly rejected: ReadonlyMap<string, number>;
  /** Every result's events, in order (for surveillance measurements). */
  readonly events: ReadonlyArray<{ readonly timestamp_us: number; readonly event: HubEvent }>;
}

export interface StepSource {
  step(state: HubState, now_us: number): readonly Submission[];
}

/** From the opening auctions (09:15) to after Hong Kong's closing auction (16:15). */
export const DAY_FROM = '09:15';
export const DAY_TO = '16:15';

/** Runs `source` over one demo day, a step every `step_s` seconds of hub time. */
export function runDemoDay(source: StepSource, date: string, step_s: number): DayRun {
  const t = new DayHub();
  for (const s of genesisSubmissions()) {
    const result = t.submit(s);
    if (result.status !== 'accepted') throw new Error(`genesis refused: ${result.rejection?.code}`);
  }
  t.now_us = timestampAt(date, DAY_FROM);
  const end_us = timestampAt(date, DAY_TO);
  const rejected = new Map<string, number>();
  const events: Array<{ timestamp_us: number; event: HubEvent }> = [];
  const prices = new Map<string, MutablePriceDay>();
  let accepted = 0;
  while (t.now_us < end_us) {
    t.now_us += step_s * 1_000_000;
    for (const s of source.step(t.hub.state, t.now_us)) {
      const result = t.submit(s);
      if (result.status === 'accepted') accepted += 1;
      else {
        const code = result.rejection?.code ?? '';
        rejected.set(code, (rejected.get(code) ?? 0) + 1);
      }
      for (const event of result.events) {
        events.push({ timestamp_us: t.now_us, event });
        if (event.type === 'trade') record(prices, event.instrument, event.price_units);
      }
    }
  }
  return { hub: t, prices: summarise(t, prices), accepted, rejected, events };
}

interface MutablePriceDay {
  trades: number;
  open_units: number;
  close_units: number;
  high_units: number;
  low_units: number;
}

function record(prices: Map<string, MutablePriceDay>, instrument: string, price_units: number) {
  const day = prices.get(instrument);
  if (day === undefined) {
    prices.set(instrument, {
      trades: 1,
      open_units: price_units,
      close_units: price_units,
      high_units: price_units,
      low_units: price_units,
    });
    return;
  }
  day.trades += 1;
  day.close_units = price_units;
  day.high_units = Math.max(day.high_units, price_units);
  day.low_units = Math.min(day.low_units, price_units);
}

function summarise(t: DayHub, prices: Map<string, MutablePriceDay>): PriceDay[] {
  const days: PriceDay[] = [];
  for (const [instrument, day] of prices) {
    const symbol = t.hub.state.reference.securities.get(instrument)?.symbol ?? instrument;
    days.push({ instrument, symbol, ...day });
  }
  return days;
}

/** Open-to-close move in percent (signed), for reports. */
export function movePercent(day: PriceDay): number {
  return ((day.close_units - day.open_units) / day.open_units) * 100;
}

/** High-to-low range in percent of the open, for reports. */
export function rangePercent(day: PriceDay): number {
  return ((day.high_units - day.low_units) / day.open_units) * 100;
}

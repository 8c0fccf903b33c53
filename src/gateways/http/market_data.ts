/**
 * Market data from committed results only: the last committed depth of every book (captured when
 * a group starts to commit, when the hub state is exactly at the group's end, and published once
 * the group is durable), the last BBO, and a bounded ring of recent trades per instrument.
 * @module
 */

import type { HubEvent, HubState } from '../../hub/index.js';
import { type Depth, depthOf } from './books.js';
import type { Committed } from './engine.js';

type TradeEvent = Extract<HubEvent, { type: 'trade' }>;
type MarketDataEvent = Extract<
  HubEvent,
  { type: 'trade' | 'bbo' | 'phase_changed' | 'auction_indicative' }
>;

export const STREAM_DEPTH_LEVELS = 10;
export const TRADES_KEPT_PER_INSTRUMENT = 1_000;

export interface CommittedDepth extends Depth {
  /** The command seq the depth is as of. */
  readonly seq: number;
}

/** One committed group's market data, in order, for the streams. */
export interface MarketBatch {
  readonly events: ReadonlyArray<{ readonly seq: number; readonly event: MarketDataEvent }>;
  readonly depths: readonly CommittedDepth[];
}

const INSTRUMENT_EVENTS = new Set([
  'order_accepted',
  'order_rested',
  'order_cancelled',
  'order_replaced',
  'trade',
  'bbo',
  'phase_changed',
  'auction_indicative',
]);

function isMarketData(event: HubEvent): event is MarketDataEvent {
  return (
    event.type === 'trade' ||
    event.type === 'bbo' ||
    event.type === 'phase_changed' ||
    event.type === 'auction_indicative'
  );
}

export class MarketData {
  private readonly depth = new Map<string, CommittedDepth>();
  private readonly trades = new Map<string, TradeEvent[]>();
  /** Depth captured at commit start, waiting for its group to become durable (FIFO). */
  private readonly captured: CommittedDepth[][] = [];

  constructor(
    private readonly state: HubState,
    private readonly trades_kept = TRADES_KEPT_PER_INSTRUMENT,
  ) {}

  /** The state at start is what the journal holds: its depth is committed. */
  seed(instruments: readonly string[], recent_trades: readonly TradeEvent[]): void {
    for (const instrument of instruments) this.capture(instrument, this.state.seq);
    for (const trade of recent_trades) this.remember(trade);
  }

  lastDepth(instrument: string): CommittedDepth | undefined {
    return this.depth.get(instrument);
  }

  recentTrades(instrument: string, limit: number): readonly TradeEvent[] {
    const ring = this.trades.get(instrument) ?? [];
    return ring.slice(Math.max(0, ring.length - limit));
  }

  commitStarted(batch: readonly Committed[]): void {
    const touched = new Set<string>();
    for (const { result } of batch)
      for (const event of result.events)
        if (INSTRUMENT_EVENTS.has(event.type) && 'instrument' in event)
          touched.add(event.instrument);
    const seq = batch[batch.length - 1]?.result.seq ?? this.state.seq;
    const depths: CommittedDepth[] = [];
    for (const instrument of touched) {
      const depth = depthOf(this.state, instrument, STREAM_DEPTH_LEVELS);
      if (depth !== undefined) depths.push({ ...depth, seq });
    }
    this.captured.push(depths);
  }

  /** Takes in a durable group; returns its market data for the streams. */
  committed(batch: readonly Committed[]): MarketBatch {
    const depths = this.captured.shift() ?? [];
    const events: Array<{ seq: number; event: MarketDataEvent }> = [];
    for (const { result } of batch) {
      for (const event of result.events) {
        if (!isMarketData(event)) continue;
        if (event.type === 'trade') this.remember(event);
        events.push({ seq: result.seq, event });
      }
    }
    for (const depth of depths) this.depth.set(depth.instrument, depth);
    return { events, depths };
  }

  private capture(instrument: string, seq: number): void {
    const depth = depthOf(this.state, instrument, STREAM_DEPTH_LEVELS);
    if (depth !== undefined) this.depth.set(instrument, { ...depth, seq });
  }

  private remember(trade: TradeEvent): void {
    let ring = this.trades.get(trade.instrument);
    if (ring === undefined) {
      ring = [];
      this.trades.set(trade.instrument, ring);
    }
    ring.push(trade);
    if (ring.length > this.trades_kept * 2) ring.splice(0, ring.length - this.trades_kept);
  }
}

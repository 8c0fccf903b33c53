/**
 * Market-maker obligations (Delegated Reg. (EU) 2017/578 = RTS 8 Art. 2; HKEX PMM programme;
 * surveillance-risk-testing.md §1.1, connect-rules.md §5.1): per maker, instrument and day, the
 * share of continuous-trading time (auctions and volatility interruptions excluded) during which
 * the maker's own orders form a compliant two-sided quote — both sides present, at least the
 * minimum size at the maker's best price on each side, spread within the maximum — against the
 * obligation. Evaluated when continuous trading ends for the day (the closing auction starts), or
 * at the change of date for books without a closing auction.
 *
 * Who is obliged where: every party with the `market_maker` role, on every book of the markets it
 * is an exchange participant of, unless the configuration lists its instruments.
 * @module
 */

import type { Party } from '../../reference/index.js';
import type { MakerObligation, MarketMakingParams } from './config.js';
import { type BatchContext, entry, evidence, figure } from './evidence.js';
import { shareBps } from './notional.js';
import { bestLevel } from './quote_levels.js';
import { ticksBetween } from './reference.js';
import { BUY, type InstrumentState, type OwnerInstrument, SELL } from './state.js';

export interface MakerQuote {
  readonly maker: string;
  compliant: boolean;
  /** Compliant time is counted up to here. */
  counted_until_us: number;
  compliant_us_today: number;
  evaluated_today: boolean;
}

export class MarketMakingDetector {
  private readonly makers = new Map<string, Party>();
  private readonly listed = new Map<string, ReadonlySet<string>>();

  constructor(
    private readonly params: MarketMakingParams,
    obligations: readonly MakerObligation[],
  ) {
    for (const o of obligations) this.listed.set(o.maker, new Set(o.instruments));
  }

  /** A maker registered: oblige it on the instruments already known. */
  onMaker(party: Party, instruments: Iterable<InstrumentState>): void {
    this.makers.set(party.id, party);
    for (const instrument of instruments) this.attach(party, instrument);
  }

  /** An instrument registered: oblige the makers already known. */
  onInstrument(instrument: InstrumentState): void {
    for (const party of this.makers.values()) this.attach(party, instrument);
  }

  quoteOf(instrument: InstrumentState, owner: string): MakerQuote | null {
    for (const q of instrument.makers) if (q.maker === owner) return q;
    return null;
  }

  private attach(party: Party, instrument: InstrumentState): void {
    const listed = this.listed.get(party.id);
    const obliged =
      listed === undefined
        ? (party.exchange_participant_of as readonly string[]).includes(instrument.info.market)
        : listed.has(instrument.info.id);
    if (!obliged || this.quoteOf(instrument, party.id) !== null) return;
    instrument.makers.push({
      maker: party.id,
      compliant: false,
      counted_until_us: 0,
      compliant_us_today: 0,
      evaluated_today: false,
    });
  }

  /** The maker's orders in the instrument changed: count time so far, then re-test the quote. */
  onQuoteChange(
    q: MakerQuote,
    instrument: InstrumentState,
    levels: OwnerInstrument['quote_levels'],
    now_us: number,
  ): void {
    this.count(q, instrument, now_us);
    q.compliant = this.compliant(instrument, levels);
  }

  private count(q: MakerQuote, instrument: InstrumentState, now_us: number): void {
    if (instrument.phase === 'continuous' && q.compliant)
      q.compliant_us_today += now_us - q.counted_until_us;
    q.counted_until_us = now_us;
  }

  private compliant(instrument: InstrumentState, levels: OwnerInstrument['quote_levels']): boolean {
    const [bid, bid_units] = bestLevel(levels[BUY], true);
    const [ask, ask_units] = bestLevel(levels[SELL], false);
    if (bid === 0 || ask === 0 || ask <= bid) return false;
    const size_min = this.params.size_lots_min * instrument.info.lot_units;
    if (bid_units < size_min || ask_units < size_min) return false;
    return ticksBetween(instrument.info.tick, bid, ask) <= this.params.spread_ticks_max;
  }

  /** Before the instrument's phase changes: time counts under the old phase. */
  onPhase(instrument: InstrumentState, previous: string, next: string, ctx: BatchContext): void {
    for (const q of instrument.makers) this.count(q, instrument, ctx.now_us);
    if (previous === 'continuous' && instrument.continuous_since_us >= 0) {
      instrument.continuous_us_today += ctx.now_us - instrument.continuous_since_us;
      instrument.continuous_since_us = -1;
    }
    if (next === 'continuous') {
      instrument.continuous_since_us = ctx.now_us;
      if (instrument.continuous_first_us < 0) instrument.continuous_first_us = ctx.now_us;
    }
    const trading =
      previous === 'continuous' || previous === 'cooling_off' || previous === 'halted';
    if (trading && next.startsWith('auction')) this.evaluate(instrument, ctx);
  }

  /** End of the instrument's continuous day: one alert per maker below its obligation. */
  evaluate(instrument: InstrumentState, ctx: BatchContext): void {
    if (instrument.continuous_since_us >= 0) {
      instrument.continuous_us_today += ctx.now_us - instrument.continuous_since_us;
      instrument.continuous_since_us = ctx.now_us;
    }
    const total_us = instrument.continuous_us_today;
    for (const q of instrument.makers) {
      this.count(q, instrument, ctx.now_us);
      if (q.evaluated_today || total_us <= 0) continue;
      q.evaluated_today = true;
      const presence = shareBps(q.compliant_us_today, total_us);
      if (presence < this.params.presence_bps_min) this.raise(instrument, q, presence, ctx);
    }
  }

  resetDay(instrument: InstrumentState): void {
    instrument.continuous_us_today = 0;
    instrument.continuous_first_us = instrument.continuous_since_us;
    for (const q of instrument.makers) {
      q.compliant_us_today = 0;
      q.evaluated_today = false;
    }
  }

  private raise(
    instrument: InstrumentState,
    q: MakerQuote,
    presence: number,
    ctx: BatchContext,
  ): void {
    const info = instrument.info;
    const p = this.params;
    const minutes = (us: number) => Math.floor(us / 60_000_000);
    ctx.raise({
      kind: 'market_maker_obligation',
      subtype: 'presence',
      severity: 'medium',
      owners: [q.maker],
      participants: [q.maker],
      instrument: info.id,
      market: info.market,
      window_start_us:
        instrument.continuous_first_us >= 0 ? instrument.continuous_first_us : ctx.now_us,
      window_end_us: ctx.now_us,
      summary:
        `${q.maker} quoted ${info.id} two-sided within the limits for ${presence / 100} % of ` +
        `continuous trading, below its ${p.presence_bps_min / 100} % obligation`,
      evidence: evidence(
        [
          figure('presence_bps', presence, p.presence_bps_min, '>=', 'bps'),
          figure('compliant_minutes', minutes(q.compliant_us_today), null, '', 'min'),
          figure('continuous_minutes', minutes(instrument.continuous_us_today), null, '', 'min'),
          figure('spread_ticks_max', p.spread_ticks_max, null, '', 'ticks'),
          figure('size_lots_min', p.size_lots_min, null, '', 'lots'),
        ],
        [],
        [],
        [entry(ctx.now_us, ctx.seq, 'phase_changed', 'continuous trading ended for the day')],
      ),
    });
  }
}

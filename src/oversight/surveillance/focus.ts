/**
 * Focus lists (Nasdaq SMARTS "Lens"-style profiling, surveillance-risk-testing.md §1.2): per
 * market and day, the largest accounts by traded value, and the accounts whose activity grows
 * fastest — value traded in the current window against the average of their earlier windows
 * today. `focusList` answers the console's query; an account crossing the share or growth bar is
 * also raised once a day as an informational alert.
 * @module
 */

import { maxBigint } from '../../kernel/money.js';
import type { FocusParams } from './config.js';
import { type BatchContext, entry, evidence, figure } from './evidence.js';
import { formatE4, majorToE4 } from './notional.js';
import type { OwnerState } from './state.js';

export interface FocusAccount {
  readonly owner: string;
  readonly market: string;
  readonly currency: string;
  value_e4: bigint;
  trades: number;
  window_index: number;
  window_e4: bigint;
  earlier_e4: bigint;
  earlier_windows: number;
  largest_alerted: boolean;
  growth_alerted: boolean;
}

export interface FocusEntry {
  readonly owner: string;
  readonly value: string;
  readonly trades: number;
  readonly share_bps: number;
  /** Current window's value against the earlier windows' average, in percent (null: no history). */
  readonly growth_pct: number | null;
}

/** An instrument on the hot list: today's traded value and its share of the market's. */
export interface HotInstrument {
  readonly instrument: string;
  readonly value: string;
  readonly trades: number;
  readonly share_bps: number;
}

export interface FocusList {
  readonly market: string;
  readonly currency: string;
  readonly largest: readonly FocusEntry[];
  readonly fastest_growing: readonly FocusEntry[];
  /** The market's most traded instruments today (seed 004: 热点品种), by value. */
  readonly hot_instruments: readonly HotInstrument[];
}

export class FocusDetector {
  private readonly totals = new Map<string, { value_e4: bigint; currency: string }>();
  private readonly accounts = new Map<string, FocusAccount[]>();
  /** Per market: each instrument's value and trades today, in first-trade order. */
  private readonly instruments = new Map<
    string,
    Map<string, { value_e4: bigint; trades: number }>
  >();
  private readonly largest_min_e4: bigint;
  private readonly growth_min_e4: bigint;

  constructor(private readonly params: FocusParams) {
    this.largest_min_e4 = majorToE4(params.largest_value_min_major);
    this.growth_min_e4 = majorToE4(params.growth_value_min_major);
  }

  resetDay(): void {
    this.totals.clear();
    this.accounts.clear();
    this.instruments.clear();
  }

  /** A trade worth `value_e4`: counted once for the market, once for each side's owner. */
  onTrade(
    buyer: OwnerState,
    seller: OwnerState,
    instrument: string,
    market: string,
    currency: string,
    value_e4: bigint,
    ctx: BatchContext,
  ): void {
    let total = this.totals.get(market);
    if (total === undefined) {
      total = { value_e4: 0n, currency };
      this.totals.set(market, total);
      this.accounts.set(market, []);
      this.instruments.set(market, new Map());
    }
    total.value_e4 += value_e4;
    const by_instrument = this.instruments.get(market) as Map<
      string,
      { value_e4: bigint; trades: number }
    >;
    const hot = by_instrument.get(instrument) ?? { value_e4: 0n, trades: 0 };
    hot.value_e4 += value_e4;
    hot.trades += 1;
    by_instrument.set(instrument, hot);
    this.add(buyer, market, currency, value_e4, total.value_e4, ctx);
    if (seller !== buyer) this.add(seller, market, currency, value_e4, total.value_e4, ctx);
  }

  private add(
    owner: OwnerState,
    market: string,
    currency: string,
    value_e4: bigint,
    total_e4: bigint,
    ctx: BatchContext,
  ): void {
    const account = this.account(owner, market, currency);
    const index = Math.floor(ctx.now_us / this.params.growth_window_us);
    if (index !== account.window_index) {
      if (account.window_index >= 0) {
        account.earlier_e4 += account.window_e4;
        account.earlier_windows += index - account.window_index;
      }
      account.window_index = index;
      account.window_e4 = 0n;
    }
    account.value_e4 += value_e4;
    account.window_e4 += value_e4;
    account.trades += 1;
    const p = this.params;
    if (!account.largest_alerted && account.value_e4 >= this.largest_min_e4) {
      if (account.value_e4 * 10_000n >= BigInt(p.largest_share_bps_min) * total_e4) {
        account.largest_alerted = true;
        this.raise(account, 'largest', total_e4, ctx);
      }
    }
    if (account.growth_alerted || account.window_e4 < this.growth_min_e4) return;
    const growth = this.growthPct(account);
    if (growth !== null && growth >= p.growth_pct_min) {
      account.growth_alerted = true;
      this.raise(account, 'fastest_growing', total_e4, ctx);
    }
  }

  private account(owner: OwnerState, market: string, currency: string): FocusAccount {
    for (const a of owner.focus) if (a.market === market) return a;
    const account: FocusAccount = {
      owner: owner.id,
      market,
      currency,
      value_e4: 0n,
      trades: 0,
      window_index: -1,
      window_e4: 0n,
      earlier_e4: 0n,
      earlier_windows: 0,
      largest_alerted: false,
      growth_alerted: false,
    };
    owner.focus.push(account);
    this.accounts.get(market)?.push(account);
    return account;
  }

  private growthPct(a: FocusAccount): number | null {
    if (a.earlier_windows <= 0) return null;
    const base = maxBigint(a.earlier_e4, this.growth_min_e4);
    return Number((a.window_e4 * BigInt(a.earlier_windows) * 100n) / base);
  }

  /** Today's focus lists for a market: top accounts by value, and by growth. */
  focusList(market: string, top_n = this.params.top_n): FocusList {
    const total = this.totals.get(market);
    const accounts = this.accounts.get(market) ?? [];
    const total_e4 = total?.value_e4 ?? 0n;
    const entries = accounts.map((a) => this.entry(a, total_e4));
    const by_value = [...accounts].sort((a, b) =>
      a.value_e4 === b.value_e4 ? (a.owner < b.owner ? -1 : 1) : a.value_e4 > b.value_e4 ? -1 : 1,
    );
    const growing = entries.filter((e) => e.growth_pct !== null);
    growing.sort(
      (a, b) => (b.growth_pct ?? 0) - (a.growth_pct ?? 0) || (a.owner < b.owner ? -1 : 1),
    );
    return {
      market,
      currency: total?.currency ?? '',
      largest: by_value.slice(0, top_n).map((a) => this.entry(a, total_e4)),
      fastest_growing: growing.slice(0, top_n),
      hot_instruments: this.hotInstruments(market, total_e4).slice(0, top_n),
    };
  }

  /** The market's instruments by traded value today, ties by id. */
  private hotInstruments(market: string, total_e4: bigint): HotInstrument[] {
    const rows = [...(this.instruments.get(market) ?? new Map()).entries()];
    rows.sort(([a, x], [b, y]) =>
      x.value_e4 === y.value_e4 ? (a < b ? -1 : 1) : x.value_e4 > y.value_e4 ? -1 : 1,
    );
    return rows.map(([instrument, row]) => ({
      instrument,
      value: formatE4(row.value_e4),
      trades: row.trades,
      share_bps: total_e4 === 0n ? 0 : Number((row.value_e4 * 10_000n) / total_e4),
    }));
  }

  markets(): string[] {
    return [...this.totals.keys()];
  }

  private entry(a: FocusAccount, total_e4: bigint): FocusEntry {
    return {
      owner: a.owner,
      value: formatE4(a.value_e4),
      trades: a.trades,
      share_bps: total_e4 > 0n ? Number((a.value_e4 * 10_000n) / total_e4) : 0,
      growth_pct: this.growthPct(a),
    };
  }

  private raise(
    a: FocusAccount,
    subtype: 'largest' | 'fastest_growing',
    total_e4: bigint,
    ctx: BatchContext,
  ): void {
    const e = this.entry(a, total_e4);
    const p = this.params;
    ctx.raise({
      kind: 'focus_list',
      subtype,
      severity: 'info',
      owners: [a.owner],
      participants: [],
      instrument: null,
      market: a.market,
      window_start_us: subtype === 'largest' ? ctx.now_us : a.window_index * p.growth_window_us,
      window_end_us: ctx.now_us,
      summary:
        subtype === 'largest'
          ? `${a.owner} has traded ${a.currency} ${e.value} in ${a.market} today, ${e.share_bps / 100} % of the market`
          : `${a.owner}'s trading in ${a.market} grew to ${e.growth_pct} % of its earlier pace today`,
      evidence: evidence(
        [
          figure('value_today', e.value, p.largest_value_min_major.toString(), '>=', a.currency),
          figure('share_bps', e.share_bps, p.largest_share_bps_min, '>=', 'bps'),
          figure('growth_pct', e.growth_pct ?? 'n/a', p.growth_pct_min, '>=', '%'),
          figure(
            'window_value',
            formatE4(a.window_e4),
            p.growth_value_min_major.toString(),
            '>=',
            a.currency,
          ),
        ],
        [],
        [],
        [entry(ctx.now_us, ctx.seq, 'trade', `${subtype.replace('_', ' ')} focus bar crossed`)],
      ),
    });
  }
}

/**
 * The demo's HKMA facility desk (docs/financing.md §13, docs/sim.md "HKMA facilities"). At its first
 * steps the facility set-up (demo_facilities.ts); then on Hong Kong business days:
 *
 * - the operator publishes the facilities' reference rates: at the first step the three business
 *   days before (so the RMB Liquidity Facility has its three CNH HIBOR fixings), and from 11:15
 *   HKT the day's CNH HIBOR overnight and SHIBOR 1M, 3M, 6M, drawn from the seed and the date
 *   (*assumptions*, near January 2026's levels);
 * - from 10:00 one or two PLPs draw intraday on the RMB Liquidity Facility against their own CGB
 *   (the second under its dedicated PLP line) and repay from 14:30, before the 23:30 cut-off;
 *   on some days the first lets its drawing roll to overnight and repays it the next business
 *   day;
 * - on some days a bank draws on the trade facility for a month (repo or FX swap) from 10:30,
 *   repaid at maturity;
 * - HSBC posts half the bonds it received in a repo with two business days or more to run to OTC
 *   Clear as initial margin (`reuse_of`, at most two postings) and releases each the business day
 *   before its repo is due, so the repo's close is never refused (a repo cannot close while its
 *   collateral is re-used).
 *
 * What a day holds is drawn from the seed and the date alone, and every id carries the date, so
 * a simulator restarted during a day sends nothing twice and nothing different.
 * @module
 */

import type { HubState } from '../../hub/index.js';
import { Mulberry32 } from '../../kernel/random.js';
import { addDays, dayNumber, marketDate, secondOfDay } from '../../kernel/time.js';
import { parseCommand } from '../../protocol/index.js';
import {
  DEMO_TRADE_ALLOCATIONS,
  facilitySetUpSubmissions,
  OTC_MEMBER,
} from '../demo_facilities.js';
import { DEMO_CGB_TERMS, financingSetUpCommands } from '../demo_financing.js';
import type { Submission } from '../genesis.js';
import { settlementAmountMinor } from './bond_book.js';
import { isBondBusinessDay, settlementDate } from './bond_hours.js';

const CGB = DEMO_CGB_TERMS.isin;
const BP_E12 = 100_000_000n;
/** RMB 1 m in fen. */
const M = 100_000_000n;
const PLPS = ['BOCHK', 'HSBC', 'SCBHK'] as const;

const DRAW_SECOND = 10 * 3600;
const TRADE_SECOND = 10 * 3600 + 30 * 60;
const DRAW_UNTIL_SECOND = 14 * 3600;
/** CNH HIBOR is fixed at 11:15 HKT (*assumption* for all four fixings of the demo). */
const FIXING_SECOND = 11 * 3600 + 15 * 60;
const REPAY_SECOND = 14 * 3600 + 30 * 60;

/** The fixings' centres and daily spread, in bp (*assumptions*, near January 2026). */
const FIXINGS = [
  { name: 'CNH_HIBOR_ON', centre_bp: 160, spread_bp: 25 },
  { name: 'SHIBOR_1M', centre_bp: 158, spread_bp: 2 },
  { name: 'SHIBOR_3M', centre_bp: 162, spread_bp: 2 },
  { name: 'SHIBOR_6M', centre_bp: 165, spread_bp: 2 },
] as const;

/** FX-swap drawings: spot near HKD 1.0850 per CNH, HKD at 3.00 % (*assumptions*). */
const SPOT_E8 = 108_500_000n;
const HKD_RATE_E12 = 300n * BP_E12;
/** A collateral buffer: bonds worth the amount at a 10 % haircut, for the schedule's 8 %. */
const COVER_PPM = 900_000n;
const OTC_POSTINGS_MAX = 2;

interface DayPlan {
  /** Intraday drawers: [bank, amount]; the second draws under its PLP line. */
  readonly intraday: ReadonlyArray<readonly [string, bigint]>;
  /** Whether the first drawer lets its drawing roll to overnight. */
  readonly roll: boolean;
  readonly trade: null | {
    readonly bank: string;
    readonly amount_minor: bigint;
    readonly form: 'repo' | 'fx_swap';
    readonly spot_e8: bigint;
  };
}

type Price = (state: HubState, today: string, second: number) => bigint | null;

export class FacilityDesk {
  private set_up_steps = 0;
  private ready = false;
  private readonly salt: number;

  /** `price`: the CGB's clean price the repo desk uses (financing_desk.ts). */
  constructor(
    rng: Mulberry32,
    private readonly price: Price,
  ) {
    this.salt = rng.int(0, 0x7fffffff);
  }

  step(state: HubState, now_us: number): Submission[] {
    if (!this.ready) {
      // The repo set-up first (the CGB, the PLPs); then ours, a bounded number of times.
      if (financingSetUpCommands(state).length > 0) return [];
      const set_up = this.set_up_steps < 8 ? facilitySetUpSubmissions(state) : [];
      this.set_up_steps += 1;
      if (set_up.length > 0) return set_up;
      this.ready = state.financing.facilities.plp_lines.size > 0;
      if (!this.ready) return [];
    }
    const today = marketDate(now_us);
    if (!isBondBusinessDay(today)) return [];
    const second = secondOfDay(now_us);
    const plan = this.planOf(today);
    const out = [...this.fixings(state, today, second), ...this.releaseOtc(state, today)];
    out.push(...this.repayDue(state, today, second, plan));
    const px_e8 = this.price(state, today, second);
    if (px_e8 === null || second < DRAW_SECOND || second >= DRAW_UNTIL_SECOND) return out;
    out.push(...this.drawIntraday(state, today, px_e8, plan));
    if (second >= TRADE_SECOND) out.push(...this.drawTrade(state, today, px_e8, plan));
    out.push(...this.postOtc(state, today, px_e8));
    return out;
  }

  /** The day's plan, from the seed and the date alone. */
  planOf(today: string): DayPlan {
    const rng = new Mulberry32((this.salt ^ (dayNumber(today) * 7919)) >>> 0);
    const first = rng.pick(PLPS);
    const amount = () => BigInt(rng.int(5, 20)) * 100n * M; // CNH 0.5–2 bn
    const intraday: Array<readonly [string, bigint]> = [[first, amount()]];
    if (rng.chance(0.5)) intraday.push([rng.pick(PLPS.filter((b) => b !== first)), amount()]);
    const roll = rng.chance(0.4);
    const trade_bank = rng.pick(Object.keys(DEMO_TRADE_ALLOCATIONS));
    const trade = rng.chance(0.5)
      ? {
          bank: trade_bank,
          amount_minor: BigInt(rng.int(2, 10)) * 50n * M, // CNH 100–500 m
          form: rng.chance(0.5) ? ('repo' as const) : ('fx_swap' as const),
          spot_e8: SPOT_E8 + BigInt(rng.int(-20, 20)) * 10_000n, // ±20 pips
        }
      : null;
    return { intraday, roll, trade };
  }

  /** A fixing of `name` for `date`, from the seed and the date alone. */
  fixingE12(name: string, date: string): bigint {
    const spec = FIXINGS.find((f) => f.name === name) ?? FIXINGS[0];
    const index = FIXINGS.indexOf(spec);
    const rng = new Mulberry32((this.salt ^ (dayNumber(date) * 104_729 + index)) >>> 0);
    return BigInt(spec.centre_bp + rng.int(-spec.spread_bp, spec.spread_bp)) * BP_E12;
  }

  /** The three business days before today at first (what intraday is priced off), then today's. */
  private fixings(state: HubState, today: string, second: number): Submission[] {
    const rates = state.financing.facilities.rates;
    const dates = previousBusinessDays(today, 3);
    if (second >= FIXING_SECOND) dates.push(today);
    const out: Submission[] = [];
    for (const date of dates) {
      for (const { name } of FIXINGS) {
        if (rates.get(name)?.has(date) === true) continue;
        // Backfill only up to three: a restart weeks later does not republish old days.
        if (date !== today && (rates.get(name)?.size ?? 0) >= 3) continue;
        out.push(
          submission('operator', {
            ...{ type: 'financing.publish_facility_rate', name, date },
            rate_e12: this.fixingE12(name, date).toString(),
          }),
        );
      }
    }
    return out;
  }

  /** Drawings due: intraday ones from 14:30 (but the one left to roll), the rest at maturity. */
  private repayDue(state: HubState, today: string, second: number, plan: DayPlan): Submission[] {
    const out: Submission[] = [];
    const rolls = plan.roll ? intradayId(today, plan.intraday[0]?.[0] ?? '') : '';
    for (const d of state.financing.facilities.drawings.values()) {
      if (d.maturity_date > today) continue;
      const same_day = d.tenor === 'intraday' && d.trade_date === today;
      if (same_day && (second < REPAY_SECOND || d.drawing_id === rolls)) continue;
      out.push(submission(d.bank, { type: 'financing.repay_facility', drawing_id: d.drawing_id }));
    }
    return out;
  }

  private drawIntraday(state: HubState, today: string, px_e8: bigint, plan: DayPlan): Submission[] {
    const out: Submission[] = [];
    plan.intraday.forEach(([bank, amount_minor], k) => {
      const drawing_id = intradayId(today, bank);
      if (state.financing.facilities.drawings.has(drawing_id)) return;
      const face_minor = coveringFaceMinor(state, today, px_e8, amount_minor);
      if (face_minor === null) return;
      out.push(
        submission(bank, {
          ...{ type: 'financing.draw_facility', drawing_id, bank, facility: 'rmb_lf' },
          ...{ tenor: 'intraday', amount_minor: amount_minor.toString(), form: 'repo' },
          plp_line: k === 1,
          collateral: [{ isin: CGB, face_minor: face_minor.toString(), px_e8: px_e8.toString() }],
        }),
      );
    });
    return out;
  }

  private drawTrade(state: HubState, today: string, px_e8: bigint, plan: DayPlan): Submission[] {
    const trade = plan.trade;
    if (trade === null) return [];
    const f = state.financing.facilities;
    const drawing_id = `TF-${today}-${trade.bank}`;
    if (f.drawings.has(drawing_id)) return [];
    let drawn = 0n;
    for (const d of f.drawings.values())
      if (d.bank === trade.bank && d.facility === 'trade') drawn += d.amount_minor;
    if (drawn + trade.amount_minor > (f.allocations.get(trade.bank) ?? 0n)) return [];
    const base = {
      ...{ type: 'financing.draw_facility', drawing_id, bank: trade.bank, facility: 'trade' },
      ...{ tenor: '1m', amount_minor: trade.amount_minor.toString(), form: trade.form },
      purpose: 'trade_finance',
    };
    if (trade.form === 'fx_swap')
      return [
        submission(trade.bank, {
          ...base,
          ...{ fx_rate_e8: trade.spot_e8.toString(), hkd_rate_e12: HKD_RATE_E12.toString() },
        }),
      ];
    const face_minor = coveringFaceMinor(state, today, px_e8, trade.amount_minor);
    if (face_minor === null) return [];
    const collateral = [{ isin: CGB, face_minor: face_minor.toString(), px_e8: px_e8.toString() }];
    return [submission(trade.bank, { ...base, collateral })];
  }

  /** HSBC posts half of what it received in a repo with two business days or more to run. */
  private postOtc(state: HubState, today: string, px_e8: bigint): Submission[] {
    const postings = state.financing.otc.postings;
    if (postings.size >= OTC_POSTINGS_MAX) return [];
    const horizon = settlementDate(today, 1);
    if (horizon === null) return [];
    for (const repo of state.financing.repos.values()) {
      const t = repo.terms;
      const posting_id = `IM-${t.repo_id}`;
      if (t.buyer !== OTC_MEMBER || t.isin !== CGB || postings.has(posting_id)) continue;
      if (t.repurchase_date === null || t.repurchase_date <= horizon) continue;
      const unit = BigInt(DEMO_CGB_TERMS.face_value_minor);
      const face_minor = (t.face_minor / 2n / unit) * unit;
      if (face_minor === 0n) continue;
      return [
        submission(OTC_MEMBER, {
          ...{ type: 'financing.post_otc_margin', posting_id, member: OTC_MEMBER },
          ...{ account_category: 'house', margin_type: 'initial', isin: CGB },
          ...{ face_minor: face_minor.toString(), px_e8: px_e8.toString(), reuse_of: t.repo_id },
        }),
      ];
    }
    return [];
  }

  /** Each posting comes back the business day before its repo is due (or once it is not open). */
  private releaseOtc(state: HubState, today: string): Submission[] {
    const horizon = settlementDate(today, 1) ?? today;
    const out: Submission[] = [];
    for (const p of state.financing.otc.postings.values()) {
      if (p.member !== OTC_MEMBER || p.reuse_of === null) continue;
      const repo = state.financing.repos.get(p.reuse_of);
      const due = repo?.terms.repurchase_date ?? today;
      if (repo !== undefined && due > horizon) continue;
      out.push(
        submission(OTC_MEMBER, { type: 'financing.release_otc_margin', posting_id: p.posting_id }),
      );
    }
    return out;
  }
}

function intradayId(today: string, bank: string): string {
  return `LF-${today}-${bank}`;
}

/** The last `count` business days before `today`, oldest first. */
function previousBusinessDays(today: string, count: number): string[] {
  const out: string[] = [];
  for (let d = addDays(today, -1), i = 0; out.length < count && i < 15; d = addDays(d, -1), i += 1)
    if (isBondBusinessDay(d)) out.unshift(d);
  return out;
}

/**
 * Face of the CGB (whole CNY 100 units) worth the amount at a 10 % haircut at the desk's price:
 * more than the RMB Liquidity Facility schedule's 8 % asks, so the drawing is covered.
 */
function coveringFaceMinor(
  state: HubState,
  today: string,
  px_e8: bigint,
  amount_minor: bigint,
): bigint | null {
  const bond = state.bonds.bonds.get(CGB);
  if (bond === undefined) return null;
  const probe = 1_000_000_000n; // CNY 10 m of face
  const value = settlementAmountMinor(bond.schedule, probe, px_e8, today);
  if (value === null || value <= 0n) return null;
  const unit = BigInt(DEMO_CGB_TERMS.face_value_minor);
  const face = (amount_minor * probe * 1_000_000n) / (value * COVER_PPM);
  return (face / unit + 1n) * unit;
}

function submission(participant: string, json: Record<string, unknown>): Submission {
  const parsed = parseCommand(json);
  if (!parsed.ok) throw new Error(`facility desk: ${JSON.stringify(parsed.problems)}`);
  return { participant, command: parsed.command };
}

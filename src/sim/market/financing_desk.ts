/**
 * The demo's Northbound repo desk (docs/financing.md §13, docs/sim.md "Repo"). At its first steps
 * the repo set-up (demo_financing.ts); then on Hong Kong business days, in business hours:
 *
 * - each overseas institution now and then repos some of its CGB to a PLP for CNH, overnight or
 *   for 2, 3 or 7 business days, at the desk's price of the day and a rate drawn near 1.6 %;
 * - a repo is closed by its PLP once its repurchase date has come;
 * - margin is called (by the side owed it) whenever the CGB's price has moved enough;
 * - at 16:00 the operator publishes the CGB's closing valuation (`bonds.publish_valuation`), the
 *   price the API and console show exposures at.
 *
 * The CGB's price: the bonds domain's clean price at the day's yield (2.15 % plus a daily move of
 * up to ±3 bp, assumed); from 11:00 HKT each day a shock takes **2.50 per 100** off it until the
 * close, which calls margin from the sellers; the next morning's recovery calls it back.
 * Deterministic from the seed.
 * @module
 */

import { cleanPriceFromYield, yieldFromCleanPrice } from '../../bonds/index.js';
import { marginCall, priceDifferentialMinor } from '../../financing/index.js';
import { securitiesAccountId } from '../../hub/accounts.js';
import type { HubState } from '../../hub/index.js';
import { Mulberry32 } from '../../kernel/random.js';
import { dayNumber, marketDate, secondOfDay } from '../../kernel/time.js';
import { postedBalance } from '../../ledger/index.js';
import { parseCommand } from '../../protocol/index.js';
import {
  DEMO_CGB_TERMS,
  DEMO_PLPS,
  financingSetUpSubmissions,
  REPO_SELLERS,
} from '../demo_financing.js';
import type { Submission } from '../genesis.js';
import { settlementAmountMinor } from './bond_book.js';
import { isBondBusinessDay, settlementDate } from './bond_hours.js';

const CGB = DEMO_CGB_TERMS.isin;
const BP_E12 = 100_000_000n;
/** The CGB's yield before the day's move (assumed, near January 2026's long CGB yields). */
const BASE_YIELD_E12 = 215n * BP_E12;
/** The shock: from 11:00 HKT, 2.50 per 100 off the clean price for the rest of the day. */
export const SHOCK_SECOND = 11 * 3600;
export const SHOCK_PX_E8 = 250_000_000n;
const OPEN_SECOND = 9 * 3600 + 30 * 60;
const CLOSE_REPOS_SECOND = 16 * 3600;
const VALUATION_SECOND = 16 * 3600;
/** Chance per minute of hub time that a seller opens a repo, and the most each keeps open. */
const OPEN_CHANCE = 0.02;
const OPEN_REPOS_MAX = 4;
/** Terms in business days (1: overnight to the next business day). */
const TERMS_DAYS = [1, 1, 2, 3, 7] as const;
const HAIRCUT_PPM = 80_000; // the RMB Liquidity Facility's assumed band to 30 years (§5)
/** Margin terms: no call under CNH 100,000; calls in whole CNH 10,000. */
const MINIMUM_TRANSFER_MINOR = 10_000_000n;
const ROUNDING_MINOR = 1_000_000n;
const SET_UP_STEPS_MAX = 8;

export class FinancingDesk {
  private set_up_steps = 0;
  private ready = false;
  private day = '';
  private day_yield_e12 = BASE_YIELD_E12;
  private valued_for = '';
  /** The hub minute the sellers last considered a repo (once a minute, whatever the step). */
  private considered_minute = -1;

  private readonly yield_salt: number;

  constructor(private readonly rng: Mulberry32) {
    this.yield_salt = rng.int(0, 0x7fffffff);
  }

  step(state: HubState, now_us: number): Submission[] {
    if (!this.ready) {
      const set_up = this.set_up_steps < SET_UP_STEPS_MAX ? financingSetUpSubmissions(state) : [];
      this.set_up_steps += 1;
      if (set_up.length > 0) return set_up;
      this.ready = state.bonds.bonds.has(CGB);
      if (!this.ready) return [];
    }
    const today = marketDate(now_us);
    if (!isBondBusinessDay(today)) return [];
    this.rollDay(today);
    const second = secondOfDay(now_us);
    const px_e8 = this.priceE8(state, today, second);
    if (px_e8 === null) return [];
    const out: Submission[] = [];
    const valuation = this.valuation(state, today, second, px_e8);
    if (valuation !== null) out.push(valuation);
    if (second < OPEN_SECOND || second >= CLOSE_REPOS_SECOND) return out;
    out.push(...this.closeDue(state, today));
    out.push(...this.callMargin(state, today, px_e8));
    const minute = Math.floor(now_us / 60_000_000);
    if (minute !== this.considered_minute) {
      this.considered_minute = minute;
      out.push(...this.openRepos(state, today, px_e8));
    }
    return out;
  }

  /** The desk's clean price of the CGB now (10^-8 per 100), or null when it cannot price it. */
  priceE8(state: HubState, today: string, second: number): bigint | null {
    this.rollDay(today);
    const bond = state.bonds.bonds.get(CGB);
    if (bond === undefined) return null;
    const clean = cleanPriceFromYield(bond.schedule, dayNumber(today), this.day_yield_e12);
    if (!clean.ok) return null;
    return second >= SHOCK_SECOND ? clean.value - SHOCK_PX_E8 : clean.value;
  }

  /**
   * A new business day: the yield moves by up to 3 bp from the base, drawn from the seed and the
   * date alone, so a simulator restarted during the day prices the CGB as before (no jump, no
   * spurious margin calls).
   */
  private rollDay(today: string): void {
    if (today === this.day) return;
    this.day = today;
    const draw = new Mulberry32((this.yield_salt ^ dayNumber(today)) >>> 0);
    this.day_yield_e12 = BASE_YIELD_E12 + BigInt(draw.int(-3, 3)) * BP_E12;
  }

  /** The day's closing valuation, once, at the desk's price (with the shock: the close). */
  private valuation(
    state: HubState,
    today: string,
    second: number,
    px_e8: bigint,
  ): Submission | null {
    if (second < VALUATION_SECOND || this.valued_for === today) return null;
    const latest = state.bonds.valuations.get(CGB)?.date ?? '';
    const bond = state.bonds.bonds.get(CGB);
    // The hub's bond day must have reached today (it refuses a valuation dated ahead of it).
    if (bond === undefined || latest >= today || state.bonds.quota.date !== today) return null;
    const yield_e12 = yieldFromCleanPrice(bond.schedule, dayNumber(today), px_e8);
    if (!yield_e12.ok) return null;
    this.valued_for = today;
    return submission('operator', {
      ...{ type: 'bonds.publish_valuation', isin: CGB, date: today },
      yield_e12: yield_e12.value.toString(),
    });
  }

  /** The PLP closes each repo whose repurchase date has come. */
  private closeDue(state: HubState, today: string): Submission[] {
    const out: Submission[] = [];
    for (const repo of state.financing.repos.values()) {
      const t = repo.terms;
      if (t.isin !== CGB || t.repurchase_date === null || t.repurchase_date > today) continue;
      out.push(submission(t.buyer, { type: 'financing.close_repo', repo_id: t.repo_id }));
    }
    return out;
  }

  /** Margin called by the side owed it, when the exposure at the desk's price warrants a call. */
  private callMargin(state: HubState, today: string, px_e8: bigint): Submission[] {
    const bond = state.bonds.bonds.get(CGB);
    if (bond === undefined) return [];
    const out: Submission[] = [];
    for (const repo of state.financing.repos.values()) {
      const t = repo.terms;
      if (t.isin !== CGB || t.currency !== 'CNH') continue;
      // A repo due today is closed in this step: its margin goes back in the end leg.
      if (t.repurchase_date !== null && t.repurchase_date <= today) continue;
      const value = settlementAmountMinor(bond.schedule, t.face_minor, px_e8, today);
      if (value === null) continue;
      const days = dayNumber(today) - dayNumber(t.purchase_date);
      const pp = repo.purchase_price_minor;
      const owed = pp + priceDifferentialMinor(pp, t.rate_e12, days, t.day_count);
      const exposure = {
        repurchase_price_minor: owed - repo.cash_margin_minor,
        market_value_minor: value,
        haircut_ppm: t.haircut_ppm,
      };
      const call = marginCall([exposure], repo.margin_terms);
      if (call === null) continue;
      const caller = call.from === 'seller' ? t.buyer : brokerOf(t.seller);
      out.push(
        submission(caller, {
          ...{ type: 'financing.call_margin', repo_id: t.repo_id },
          px_e8: px_e8.toString(),
        }),
      );
    }
    return out;
  }

  /** Now and then a seller with CGB to spare repos some of it to a PLP. */
  private openRepos(state: HubState, today: string, px_e8: bigint): Submission[] {
    const out: Submission[] = [];
    for (const seller of REPO_SELLERS) {
      if (!this.rng.chance(OPEN_CHANCE)) continue;
      const open = [...state.financing.repos.values()].filter(
        (r) => r.terms.seller === seller.owner,
      ).length;
      if (open >= OPEN_REPOS_MAX) continue;
      const face_minor = BigInt(this.rng.int(5, 30)) * 100_000_000n; // CNY 5–30 m
      if (cgbHeld(state, seller.owner) < face_minor) continue;
      const term = TERMS_DAYS[this.rng.int(0, TERMS_DAYS.length - 1)] ?? 1;
      const repurchase_date = settlementDate(today, term);
      if (repurchase_date === null) continue;
      const rate_bp = this.rng.int(140, 180); // 1.40–1.80 % (assumed CNH repo rates)
      out.push(
        submission(seller.broker, {
          type: 'financing.open_repo',
          // The hub's command count makes the id unique, also after a restart on the journal.
          repo_id: `RP${state.seq}-${out.length + 1}`,
          ...{ seller: seller.owner, buyer: this.rng.pick([...DEMO_PLPS]), isin: CGB },
          ...{ face_minor: face_minor.toString(), px_e8: px_e8.toString(), currency: 'CNH' },
          ...{ repurchase_date, rate_e12: (BigInt(rate_bp) * BP_E12).toString() },
          ...{ day_count: 'ACT/365F', haircut_ppm: HAIRCUT_PPM },
          minimum_transfer_minor: MINIMUM_TRANSFER_MINOR.toString(),
          rounding_minor: ROUNDING_MINOR.toString(),
        }),
      );
    }
    return out;
  }
}

function brokerOf(owner: string): string {
  return REPO_SELLERS.find((s) => s.owner === owner)?.broker ?? owner;
}

/** The seller's CGB units as face (minor units of CNY). */
function cgbHeld(state: HubState, owner: string): bigint {
  const security = state.reference.securities.get(CGB);
  const id =
    security === undefined ? undefined : securitiesAccountId(state.reference, owner, security);
  const account = id === undefined ? undefined : state.ledger.accounts.get(id);
  if (account === undefined) return 0n;
  return postedBalance(account) * BigInt(DEMO_CGB_TERMS.face_value_minor);
}

function submission(participant: string, json: Record<string, unknown>): Submission {
  const parsed = parseCommand(json);
  if (!parsed.ok) throw new Error(`repo desk: ${JSON.stringify(parsed.problems)}`);
  return { participant, command: parsed.command };
}

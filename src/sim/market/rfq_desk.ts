/**
 * The RFQ desk of the Mainland institutions trading Southbound Bond Connect: now and then in
 * business hours it asks the three HKMA-designated makers for a firm price (QuoteRequest 35=R,
 * sent by the investor's broker), for 1–10 million of face of one of the demo bonds, settling
 * T+0 or T+1. When every maker has answered, or the window nears its end, it accepts the best
 * live quote (QuoteResponse 35=AJ, hit/lift); sometimes it cancels instead, or lets the request
 * expire. It buys only with cash and sells only bonds that trades not yet settled have not
 * already taken (bond_book.ts), and checks again when it accepts, so no trade fails settlement.
 * One RFQ at a time.
 * @module
 */

import { cashAccountId, securitiesAccountId } from '../../hub/accounts.js';
import type { HubState } from '../../hub/index.js';
import type { Mulberry32 } from '../../kernel/random.js';
import { marketDate } from '../../kernel/time.js';
import type { QuoteRecord, RfqRecord } from '../../market/rfq/index.js';
import { SOUTHBOUND_INVESTORS, SOUTHBOUND_MAKERS, southboundDemoBonds } from '../demo_bonds.js';
import type { Submission } from '../genesis.js';
import { type BondReservations, settlementAmountMinor } from './bond_book.js';
import type { BondCurve } from './bond_curve.js';
import { inBondHours, settlementDate } from './bond_hours.js';
import { canSettle } from './rfq_makers.js';

/** A request every ten minutes of hub time on average, while the desk is idle (assumed). */
const REQUESTS_PER_MINUTE = 0.1;
const QUOTE_WINDOW_US = 120_000_000;
/** The desk decides once this little of the window is left, if not every maker has answered. */
const DECIDE_BEFORE_END_US = 30_000_000;
/** A quote is taken only with this much validity left (the command is stamped later). */
const VALIDITY_LEFT_MIN_US = 2_000_000;
const CANCEL_SHARE = 0.08;
const EXPIRE_SHARE = 0.05;
const T0_SHARE = 0.4;
/** When it holds the bonds, the desk sells this share of the time. */
const SELL_SHARE = 0.5;
const FACE_MILLIONS = [1, 2, 5, 10] as const;
/** Buys are sized against the fair price plus one point (per 100), for the makers' spread. */
const PRICE_MARGIN_E8 = 100_000_000n;

type Intent = 'accept' | 'cancel' | 'expire';
type BondRecord = NonNullable<ReturnType<HubState['bonds']['bonds']['get']>>;

interface OpenRfq {
  readonly quote_req_id: string;
  readonly broker: string;
  readonly intent: Intent;
}

export class RfqDesk {
  private open: OpenRfq | null = null;
  private last_us = -1;

  constructor(
    private readonly rng: Mulberry32,
    private readonly curve: BondCurve,
    private readonly reservations: BondReservations,
    private readonly nextId: () => string,
  ) {}

  step(state: HubState, now_us: number): Submission[] {
    const elapsed_us = this.last_us < 0 ? 0 : now_us - this.last_us;
    this.last_us = now_us;
    if (this.open !== null) return this.follow(state, this.open, now_us);
    if (!inBondHours(now_us)) return [];
    const chance = Math.min(1, (REQUESTS_PER_MINUTE * elapsed_us) / 60_000_000);
    if (!this.rng.chance(chance)) return [];
    const request = this.request(state, now_us);
    return request === null ? [] : [request];
  }

  /** Accept, cancel or wait, once every maker answered or the window nears its end. */
  private follow(state: HubState, open: OpenRfq, now_us: number): Submission[] {
    const rfq = state.bonds.rfq.rfqs.get(open.quote_req_id);
    if (rfq === undefined || (rfq.status !== 'requested' && rfq.status !== 'quoted')) {
      this.open = null;
      return [];
    }
    const answered = rfq.request.dealers.every(
      (d) => rfq.declined.has(d) || rfq.quotes.some((q) => q.dealer === d),
    );
    if (!answered && now_us < rfq.expires_at_us - DECIDE_BEFORE_END_US) return [];
    if (open.intent === 'expire') return [];
    const best = bestQuote(rfq, now_us);
    const today = marketDate(now_us);
    if (
      open.intent === 'cancel' ||
      best === undefined ||
      canSettle(state, this.reservations, rfq, best.dealer, best.px_e8, today) !== 'ok'
    ) {
      if (!answered && open.intent !== 'cancel') return [];
      this.open = null;
      const command = { type: 'bonds.cancel_rfq' as const, quote_req_id: open.quote_req_id };
      return [{ participant: open.broker, command }];
    }
    this.reserve(state, rfq, best);
    this.open = null;
    return [
      {
        participant: open.broker,
        command: {
          type: 'bonds.respond',
          quote_resp_id: this.nextId(),
          quote_req_id: open.quote_req_id,
          quote_resp_type: 'hit_lift',
          quote_id: best.quote_id,
        },
      },
    ];
  }

  /** What the trade will take: the seller's bonds and the buyer's cash, to its settlement. */
  private reserve(state: HubState, rfq: RfqRecord, quote: QuoteRecord): void {
    const bond = state.bonds.bonds.get(rfq.request.security_id);
    const security = state.reference.securities.get(rfq.request.security_id);
    const meta = state.bonds.rfq_meta.get(rfq.request.quote_req_id);
    if (bond === undefined || security === undefined || meta === undefined) return;
    const buys = rfq.request.side === 'buy';
    const seller = buys ? quote.dealer : rfq.request.requester;
    const buyer = buys ? rfq.request.requester : quote.dealer;
    const face = rfq.request.order_qty_minor;
    const bonds_at = securitiesAccountId(state.reference, seller, security);
    if (bonds_at !== undefined)
      this.reservations.reserve(meta.settlement_date, bonds_at, face / bond.terms.face_value_minor);
    const amount = settlementAmountMinor(bond.schedule, face, quote.px_e8, meta.settlement_date);
    if (amount !== null)
      this.reservations.reserve(
        meta.settlement_date,
        cashAccountId(buyer, bond.terms.currency),
        amount,
      );
  }

  /** A new request: a bond, a size, a side the investor can afford, T+0 or T+1. */
  private request(state: HubState, now_us: number): Submission | null {
    const { investor, broker } = this.rng.pick(SOUTHBOUND_INVESTORS);
    const bonds = southboundDemoBonds()
      .map((t) => state.bonds.bonds.get(t.isin))
      .filter((b): b is BondRecord => b !== undefined);
    if (bonds.length === 0) return null;
    const bond = this.rng.pick(bonds);
    const today = marketDate(now_us);
    const date = settlementDate(today, this.rng.chance(T0_SHARE) ? 0 : 1);
    if (date === null || date >= bond.terms.maturity_date) return null;
    const face = BigInt(this.rng.pick(FACE_MILLIONS)) * 100_000_000n;
    const side = this.side(state, investor, bond, face, date, today);
    if (side === null) return null;
    const roll = this.rng.uniform();
    const intent: Intent =
      roll < CANCEL_SHARE ? 'cancel' : roll < CANCEL_SHARE + EXPIRE_SHARE ? 'expire' : 'accept';
    const quote_req_id = this.nextId();
    this.open = { quote_req_id, broker, intent };
    return {
      participant: broker,
      command: {
        type: 'bonds.request_quote',
        quote_req_id,
        requester: investor,
        security_id: bond.terms.isin,
        side,
        order_qty_minor: face,
        price_type: 'percent_of_par',
        dealers: [...SOUTHBOUND_MAKERS],
        quote_window_us: QUOTE_WINDOW_US,
        settlement_date: date,
      },
    };
  }

  /** Sell what it holds half the time, else buy if its cash covers it; null if neither. */
  private side(
    state: HubState,
    investor: string,
    bond: BondRecord,
    face: bigint,
    date: string,
    today: string,
  ): 'buy' | 'sell' | null {
    const security = state.reference.securities.get(bond.terms.isin);
    const bonds_at =
      security === undefined ? undefined : securitiesAccountId(state.reference, investor, security);
    const units = face / bond.terms.face_value_minor;
    const can_sell =
      bonds_at !== undefined && this.reservations.available(state, bonds_at, today) >= units;
    if (can_sell && this.rng.chance(SELL_SHARE)) return 'sell';
    const fair = this.curve.fairCleanE8(bond.schedule, date);
    const amount =
      fair === null
        ? null
        : settlementAmountMinor(bond.schedule, face, fair + PRICE_MARGIN_E8, date);
    const cash_at = cashAccountId(investor, bond.terms.currency);
    if (amount !== null && this.reservations.available(state, cash_at, today) >= amount)
      return 'buy';
    return can_sell ? 'sell' : null;
  }
}

/** The best live quote: the lowest offer when the investor buys, the highest bid when it sells. */
function bestQuote(rfq: RfqRecord, now_us: number): QuoteRecord | undefined {
  let best: QuoteRecord | undefined;
  for (const quote of rfq.quotes) {
    if (quote.state !== 'active' || quote.valid_until_us < now_us + VALIDITY_LEFT_MIN_US) continue;
    const better =
      best === undefined ||
      (rfq.request.side === 'buy' ? quote.px_e8 < best.px_e8 : quote.px_e8 > best.px_e8);
    if (better) best = quote;
  }
  return best;
}

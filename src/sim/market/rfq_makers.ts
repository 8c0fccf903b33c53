/**
 * The HKMA-designated offshore market makers answering Southbound RFQs (Quote 35=S, or
 * QuoteRequestReject 35=AG): each answers an RFQ that names it a few seconds after it arrives,
 * at its own spread around the bond's fair clean price (bond_curve.ts), firm for 30 seconds.
 * A maker quotes only what can settle: its own bonds or cash, and the investor's, less what
 * trades not yet settled will take (bond_book.ts); otherwise it declines. Outside business hours
 * it declines too. Every RFQ naming one of them is answered, the demo desk's or anyone's.
 * @module
 */

import { cashAccountId, securitiesAccountId } from '../../hub/accounts.js';
import type { HubState } from '../../hub/index.js';
import type { Mulberry32 } from '../../kernel/random.js';
import { marketDate } from '../../kernel/time.js';
import type { RfqRecord } from '../../market/rfq/index.js';
import type { Command } from '../../protocol/index.js';
import { SOUTHBOUND_MAKERS } from '../demo_bonds.js';
import type { Submission } from '../genesis.js';
import { type BondReservations, settlementAmountMinor } from './bond_book.js';
import type { BondCurve } from './bond_curve.js';
import { inBondHours } from './bond_hours.js';

/** Chance a maker answers in a given step (a few seconds' delay on the demo clock). */
const ANSWER_CHANCE = 0.5;
const QUOTE_VALID_US = 30_000_000;
/** Each maker's half-spread in 10^-8 per 100 face (5 cents), plus 0–4 cents of its mood. */
const HALF_SPREAD_E8 = 5_000_000n;
const MOOD_STEP_E8 = 1_000_000n;
/** Quotes go out to 0.001 per 100. */
const PRICE_STEP_E8 = 100_000n;

export class RfqMakers {
  /** RFQs answered, by `<rfq>|<dealer>`, so the answer goes once before the hub shows it. */
  private readonly answered = new Set<string>();

  constructor(
    private readonly rng: Mulberry32,
    private readonly curve: BondCurve,
    private readonly reservations: BondReservations,
    private readonly nextId: () => string,
  ) {}

  step(state: HubState, now_us: number): Submission[] {
    const submissions: Submission[] = [];
    for (const rfq of state.bonds.rfq.open.values()) {
      if (rfq.expires_at_us <= now_us) continue;
      for (const dealer of rfq.request.dealers) {
        if (!isMaker(dealer) || this.hasAnswered(rfq, dealer)) continue;
        if (!this.rng.chance(ANSWER_CHANCE)) continue;
        this.answered.add(`${rfq.request.quote_req_id}|${dealer}`);
        submissions.push({ participant: dealer, command: this.answer(state, rfq, dealer, now_us) });
      }
    }
    if (this.answered.size > 10_000) this.answered.clear();
    return submissions;
  }

  private hasAnswered(rfq: RfqRecord, dealer: string): boolean {
    return (
      rfq.declined.has(dealer) ||
      rfq.quotes.some((q) => q.dealer === dealer) ||
      this.answered.has(`${rfq.request.quote_req_id}|${dealer}`)
    );
  }

  /** A firm quote when the trade could settle; a decline otherwise. */
  private answer(state: HubState, rfq: RfqRecord, dealer: string, now_us: number): Command {
    const quote_req_id = rfq.request.quote_req_id;
    const decline = (reason: 'exchange_closed' | 'exceeds_limit' | 'other'): Command => ({
      type: 'bonds.decline_quote_request',
      quote_req_id,
      dealer,
      reason,
    });
    if (!inBondHours(now_us)) return decline('exchange_closed');
    const px_e8 = this.price(state, rfq, dealer);
    if (px_e8 === null) return decline('other');
    const check = canSettle(state, this.reservations, rfq, dealer, px_e8, marketDate(now_us));
    if (check !== 'ok') return decline(check);
    return {
      type: 'bonds.quote',
      quote_id: this.nextId(),
      quote_req_id,
      dealer,
      px_e8,
      valid_until_us: Math.min(now_us + QUOTE_VALID_US, rfq.expires_at_us),
    };
  }

  /** Offer above the fair price when the investor buys, bid below when it sells. */
  private price(state: HubState, rfq: RfqRecord, dealer: string): bigint | null {
    const bond = state.bonds.bonds.get(rfq.request.security_id);
    const meta = state.bonds.rfq_meta.get(rfq.request.quote_req_id);
    if (bond === undefined || meta === undefined) return null;
    if (rfq.request.price_type !== 'percent_of_par') return null;
    const fair = this.curve.fairCleanE8(bond.schedule, meta.settlement_date);
    if (fair === null) return null;
    const mood = BigInt(this.rng.int(0, 4)) * MOOD_STEP_E8;
    const own = BigInt(MAKERS.indexOf(dealer)) * MOOD_STEP_E8;
    const half = HALF_SPREAD_E8 + own + mood;
    if (rfq.request.side === 'buy') return ceilTo(fair + half, PRICE_STEP_E8);
    return floorTo(fair - half, PRICE_STEP_E8);
  }
}

const MAKERS: readonly string[] = SOUTHBOUND_MAKERS;

function isMaker(dealer: string): boolean {
  return MAKERS.includes(dealer);
}

/**
 * Whether a trade at `px_e8` would settle: the seller's bonds and the buyer's cash, each less
 * what unsettled trades will take. `exceeds_limit` when the maker is short, `other` when the
 * investor is.
 */
export function canSettle(
  state: HubState,
  reservations: BondReservations,
  rfq: RfqRecord,
  dealer: string,
  px_e8: bigint,
  today: string,
): 'ok' | 'exceeds_limit' | 'other' {
  const investor = rfq.request.requester;
  const investor_buys = rfq.request.side === 'buy';
  const buyer = investor_buys ? investor : dealer;
  const seller = investor_buys ? dealer : investor;
  const short = investor_buys ? 'exceeds_limit' : 'other';
  const broke = investor_buys ? 'other' : 'exceeds_limit';
  const bond = state.bonds.bonds.get(rfq.request.security_id);
  const security = state.reference.securities.get(rfq.request.security_id);
  const meta = state.bonds.rfq_meta.get(rfq.request.quote_req_id);
  if (bond === undefined || security === undefined || meta === undefined) return 'other';
  const face = rfq.request.order_qty_minor;
  const units = face / bond.terms.face_value_minor;
  const bonds_at = securitiesAccountId(state.reference, seller, security);
  if (bonds_at === undefined || reservations.available(state, bonds_at, today) < units)
    return short;
  const amount = settlementAmountMinor(bond.schedule, face, px_e8, meta.settlement_date);
  const cash_at = cashAccountId(buyer, bond.terms.currency);
  if (amount === null || reservations.available(state, cash_at, today) < amount) return broke;
  return 'ok';
}

function ceilTo(value: bigint, step: bigint): bigint {
  const floor = floorTo(value, step);
  return floor === value ? value : floor + step;
}

function floorTo(value: bigint, step: bigint): bigint {
  const r = value % step;
  return r < 0n ? value - r - step : value - r;
}

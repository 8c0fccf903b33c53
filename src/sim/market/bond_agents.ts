/**
 * The bond agents of the demo market, in the order they act each step: the operator (set-up,
 * quota rates, coupons), the makers answering RFQs, the Mainland investors' RFQ desk, and the
 * Northbound repo desk (financing_desk.ts: repos to the PLPs, margin calls). They
 * share one yield curve (what bonds are worth) and one book of reservations (what concluded
 * trades will take at settlement). Seeded on their own stream, so they leave the equity agents'
 * draws as they were.
 * @module
 */

import type { HubState } from '../../hub/index.js';
import { Mulberry32 } from '../../kernel/random.js';
import type { Submission } from '../genesis.js';
import { BondReservations } from './bond_book.js';
import { BondCurve } from './bond_curve.js';
import { BondOperator } from './bond_operator.js';
import { FacilityDesk } from './facility_desk.js';
import { FinancingDesk } from './financing_desk.js';
import { RfqDesk } from './rfq_desk.js';
import { RfqMakers } from './rfq_makers.js';

/** Mixed into the simulator's seed for the bond agents' own stream. */
const BOND_SEED_SALT = 0x0b0d_c0de;

export class BondAgents {
  readonly reservations = new BondReservations();
  readonly curve: BondCurve;
  private readonly operator = new BondOperator();
  private readonly makers: RfqMakers;
  private readonly desk: RfqDesk;
  /** The Northbound repo desk (financing_desk.ts), on a stream forked after the others'. */
  private readonly repo_desk: FinancingDesk;
  /** The HKMA facility desk (facility_desk.ts), on a stream forked after the repo desk's. */
  private readonly facility_desk: FacilityDesk;
  /** Whether the reservations of trades concluded before this simulator started are in. */
  private restored = false;

  constructor(seed: number, nextId: () => string) {
    const rng = new Mulberry32((seed ^ BOND_SEED_SALT) >>> 0);
    this.curve = new BondCurve(rng.fork());
    this.makers = new RfqMakers(rng.fork(), this.curve, this.reservations, nextId);
    this.desk = new RfqDesk(rng.fork(), this.curve, this.reservations, nextId);
    this.repo_desk = new FinancingDesk(rng.fork());
    this.facility_desk = new FacilityDesk(rng.fork(), (state, today, second) =>
      this.repo_desk.priceE8(state, today, second),
    );
  }

  step(state: HubState, now_us: number): Submission[] {
    const operator = this.operator.step(state, now_us);
    if (!this.operator.ready) return operator;
    if (!this.restored) {
      this.restored = true;
      this.reservations.reserveUnsettled(state);
    }
    this.curve.advance(now_us);
    return [
      ...operator,
      ...this.makers.step(state, now_us),
      ...this.desk.step(state, now_us),
      // Before the repo desk: an OTC Clear posting comes back before its repo's close.
      ...this.facility_desk.step(state, now_us),
      ...this.repo_desk.step(state, now_us),
    ];
  }
}

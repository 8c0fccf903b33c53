/**
 * A coupon run (docs/bonds.md §8.4): `bonds.pay_coupon` pays one period's coupon to every holder
 * of the bond on the hub's ledger, from the issuer's cash account in the bond's currency, as one
 * all-or-nothing transfer batch. Holders are the leaf accounts holding the bond when the command
 * runs (the record date is the run's date). Each holder's coupon is rounded half up on its own
 * holding; the payer pays the sum, so no money appears or vanishes, and the run checks that the
 * units paid on are exactly the units in issue.
 * @module
 */

import { couponFraction, couponRate, RATE_SCALE } from '../../bonds/index.js';
import {
  assert,
  dayNumber,
  divRound,
  isoDate,
  marketDate,
  type Outcome,
  type Rejection,
  reject,
} from '../../kernel/index.js';
import { type Account, createTransferBatch, OPERATOR_ACTOR } from '../../ledger/index.js';
import type { PayCoupon } from '../../protocol/bonds.js';
import { cashAccountId, csdOf } from '../accounts.js';
import type { CommandContext } from '../context.js';
import type { HubState } from '../state.js';
import { fixingAtStart } from './fixings.js';
import { type Holders, holdersOf } from './holders.js';
import { paymentAssetOf } from './payment_asset.js';
import type { BondRecord, FixingTable } from './state.js';
import { payingAgentCash, tierCashLegs } from './tier_payments.js';

interface CouponPlan {
  readonly payment_date: string;
  /** Coupon per unit of face, as a fraction: numerator / denominator of a face value. */
  readonly numerator: bigint;
  readonly denominator: bigint;
}

function planOf(
  bond: BondRecord,
  command: PayCoupon,
  today: string,
  fixings: FixingTable,
): Outcome<CouponPlan> {
  const end_day = dayNumber(command.coupon_date);
  const period = bond.schedule.periods.find((p) => p.end_day === end_day);
  const coupon = bond.terms.coupon;
  if (period === undefined || coupon.kind === 'zero') {
    return reject('BOND_COUPON_DATE_UNKNOWN', 'No coupon of the bond ends on this date', {
      isin: bond.terms.isin,
      coupon_date: command.coupon_date,
    });
  }
  // A floating coupon: the fixing in force at the period's start plus the spread (fixings.ts).
  const rate = couponRate(bond.schedule, fixingAtStart(fixings, bond.schedule, period.start_day));
  if (!rate.ok) return rate;
  if (rate.value < 0n) {
    // Holders never pay the issuer: a floating period below zero is the operator's to settle.
    return reject('BOND_COUPON_RATE_NEGATIVE', "The period's coupon rate is below zero", {
      isin: bond.terms.isin,
      rate_e12: rate.value.toString(),
    });
  }
  const payment_date = isoDate(period.payment_day);
  if (today < payment_date) {
    return reject('BOND_COUPON_NOT_DUE', 'The coupon is paid on its payment date, not before', {
      payment_date,
      today,
    });
  }
  const fraction = couponFraction(bond.schedule, period);
  return {
    ok: true,
    value: {
      payment_date,
      numerator: rate.value * fraction.numerator,
      denominator: RATE_SCALE * fraction.denominator,
    },
  };
}

function checkRun(state: HubState, command: PayCoupon): Outcome<BondRecord> {
  const bond = state.bonds.bonds.get(command.isin);
  if (bond === undefined) {
    return reject('BOND_UNKNOWN', 'No bond is registered with this ISIN', { isin: command.isin });
  }
  if (state.bonds.coupons_paid.has(couponKey(command))) {
    return reject('BOND_COUPON_ALREADY_PAID', 'This coupon has been paid', {
      isin: command.isin,
      coupon_date: command.coupon_date,
    });
  }
  return { ok: true, value: bond };
}

/** How a paid coupon is remembered: `<ISIN>:<coupon date>`. */
export function couponKey(command: { isin: string; coupon_date: string }): string {
  return `${command.isin}:${command.coupon_date}`;
}

export function payCoupon(
  state: HubState,
  command: PayCoupon,
  context: CommandContext,
): Rejection | undefined {
  if (!context.actor.operator) {
    return reject('NOT_AUTHORIZED', 'Only an operator runs coupons', {
      participant: context.actor.participant,
    });
  }
  const checked = checkRun(state, command);
  if (!checked.ok) return checked;
  const bond = checked.value;
  const plan = planOf(bond, command, marketDate(context.timestamp_us), state.bonds.fixings);
  if (!plan.ok) return plan;
  const issuer = state.reference.securities.get(command.isin)?.issuer ?? '';
  const payer_id = cashAccountId(issuer, paymentAssetOf(state.bonds, bond));
  const payer = state.ledger.accounts.get(payer_id);
  if (payer === undefined) {
    return reject('BOND_COUPON_PAYER_MISSING', 'The issuer has no cash account in the currency', {
      issuer,
      account_id: payer_id,
    });
  }
  const holders = holdersOf(
    state,
    command.isin,
    paymentAssetOf(state.bonds, bond),
    'BOND_COUPON_CASH_ACCOUNT_MISSING',
  );
  if (!holders.ok) return holders;
  return pay(state, command, bond, plan.value, payer, holders.value, context);
}

function pay(
  state: HubState,
  command: PayCoupon,
  bond: BondRecord,
  plan: CouponPlan,
  payer: Account,
  holders: Holders,
  context: CommandContext,
): Rejection | undefined {
  // The coupon per unit of face value as a fraction, its numerator multiplied out once.
  const per_unit_numerator = bond.terms.face_value_minor * plan.numerator;
  const amounts: bigint[] = new Array(holders.holdings.length);
  let units_paid = 0n;
  let payments = 0;
  for (let i = 0; i < holders.holdings.length; i += 1) {
    const units = holders.units[i] as bigint;
    units_paid += units;
    const amount = divRound(units * per_unit_numerator, plan.denominator, 'half_up');
    // A coupon that rounds to nothing, or the issuer's own holding, moves no money.
    const paid = holders.cash[i] === payer ? 0n : amount;
    if (paid > 0n) payments += 1;
    amounts[i] = paid;
  }
  // Conservation: every unit in issue is paid on, once.
  assert(units_paid === holders.units_in_issue, 'coupon holders do not add up to the issue');
  const security = state.reference.securities.get(command.isin);
  const agent = payingAgentCash(
    state,
    security === undefined ? '' : csdOf(security),
    paymentAssetOf(state.bonds, bond),
  );
  if (!agent.ok) return agent;
  const legs = tierCashLegs(
    state,
    paymentAssetOf(state.bonds, bond),
    payer,
    agent.value,
    holders.holdings,
    holders.cash,
    amounts,
    'BOND_COUPON_CASH_ACCOUNT_MISSING',
  );
  if (!legs.ok) return legs;
  const key = couponKey(command);
  const count = legs.value.amounts.length;
  if (count > 0) {
    const batch = createTransferBatch(
      state.ledger,
      {
        id: `coupon:${key}`,
        codes: ['coupon'],
        count,
        debit_handles: Int32Array.from(legs.value.debits),
        credit_handles: Int32Array.from(legs.value.credits),
        amounts_minor: legs.value.amounts,
        code_indices: new Uint8Array(count),
        references: new Array<string>(count).fill(key),
      },
      { actor: OPERATOR_ACTOR, timestamp_us: context.timestamp_us, sink: context },
      count,
    );
    if (!batch.ok) return batch;
  }
  const total = legs.value.total_minor;
  state.bonds.coupons_paid.add(key);
  context.emit({
    type: 'bond_coupon_paid',
    isin: command.isin,
    coupon_date: command.coupon_date,
    payment_date: plan.payment_date,
    payer: payer.id,
    holders: holders.holdings.length,
    payments,
    units: units_paid,
    total_minor: total,
  });
  return undefined;
}

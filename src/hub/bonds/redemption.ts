/**
 * Redemption at maturity (docs/bonds.md §8.5): `bonds.redeem` pays every holder the face value
 * of its holding from the issuer's cash account and retires the bonds to their issuance account,
 * in one all-or-nothing transfer batch (two legs per holder: the cash, then the bonds). For a
 * coupon bond the final coupon must have been paid first (`bonds.pay_coupon` on the maturity
 * date), so the last coupon's holders are fixed before the bonds are retired. Afterwards no
 * unit of the bond is held or in issue: checked.
 * @module
 */

import { assert, isoDate, marketDate, type Rejection, reject } from '../../kernel/index.js';
import { type Account, createTransferBatch, OPERATOR_ACTOR } from '../../ledger/index.js';
import type { Redeem } from '../../protocol/bonds.js';
import { cashAccountId, csdOf, issuanceAccountId } from '../accounts.js';
import type { CommandContext } from '../context.js';
import type { HubState } from '../state.js';
import { type Holders, holdersOf, unitsOf } from './holders.js';
import { paymentAssetOf } from './payment_asset.js';
import type { BondRecord } from './state.js';
import { payingAgentCash, tierCashLegs } from './tier_payments.js';

function checkRedemption(state: HubState, command: Redeem, today: string): Rejection | BondRecord {
  const bond = state.bonds.bonds.get(command.isin);
  if (bond === undefined) {
    return reject('BOND_UNKNOWN', 'No bond is registered with this ISIN', { isin: command.isin });
  }
  if (state.bonds.redeemed.has(command.isin)) {
    return reject('BOND_ALREADY_REDEEMED', 'This bond has been redeemed', { isin: command.isin });
  }
  const last = bond.schedule.periods[bond.schedule.periods.length - 1];
  assert(last !== undefined, 'a schedule has a period');
  const payment_date = isoDate(last.payment_day);
  if (today < payment_date) {
    return reject('BOND_NOT_MATURED', 'A bond is redeemed on its maturity payment date', {
      payment_date,
      today,
    });
  }
  const final_coupon = `${command.isin}:${bond.terms.maturity_date}`;
  if (bond.terms.coupon.kind !== 'zero' && !state.bonds.coupons_paid.has(final_coupon)) {
    return reject('BOND_FINAL_COUPON_UNPAID', 'Pay the final coupon before redeeming', {
      coupon_date: bond.terms.maturity_date,
    });
  }
  return bond;
}

export function redeemBond(
  state: HubState,
  command: Redeem,
  context: CommandContext,
): Rejection | undefined {
  if (!context.actor.operator) {
    return reject('NOT_AUTHORIZED', 'Only an operator redeems bonds', {
      participant: context.actor.participant,
    });
  }
  const bond = checkRedemption(state, command, marketDate(context.timestamp_us));
  if ('ok' in bond) return bond;
  const security = state.reference.securities.get(command.isin);
  const payer = state.ledger.accounts.get(
    cashAccountId(security?.issuer ?? '', paymentAssetOf(state.bonds, bond)),
  );
  const issuance =
    security === undefined
      ? undefined
      : state.ledger.accounts.get(issuanceAccountId(csdOf(security), command.isin));
  if (payer === undefined || issuance === undefined) {
    return reject('BOND_REDEMPTION_ACCOUNTS_MISSING', 'The issuer needs its cash and issuance', {
      payer: payer?.id ?? null,
      issuance: issuance?.id ?? null,
    });
  }
  const holders = holdersOf(
    state,
    command.isin,
    paymentAssetOf(state.bonds, bond),
    'BOND_REDEMPTION_CASH_ACCOUNT_MISSING',
  );
  if (!holders.ok) return holders;
  return retire(state, bond, payer, issuance, holders.value, context);
}

function retire(
  state: HubState,
  bond: BondRecord,
  payer: Account,
  issuance: Account,
  holders: Holders,
  context: CommandContext,
): Rejection | undefined {
  const isin = bond.terms.isin;
  const principals: bigint[] = [];
  let units = 0n;
  for (let i = 0; i < holders.holdings.length; i += 1) {
    const held = holders.units[i] as bigint;
    units += held;
    // The issuer's own holding is retired without money.
    principals.push(holders.cash[i] === payer ? 0n : held * bond.terms.face_value_minor);
  }
  assert(units === holders.units_in_issue, 'redemption holders do not add up to the issue');
  const agent = payingAgentCash(state, issuance.owner, paymentAssetOf(state.bonds, bond));
  if (!agent.ok) return agent;
  const cash = tierCashLegs(
    state,
    paymentAssetOf(state.bonds, bond),
    payer,
    agent.value,
    holders.holdings,
    holders.cash,
    principals,
    'BOND_REDEMPTION_CASH_ACCOUNT_MISSING',
  );
  if (!cash.ok) return cash;
  const legs = cash.value;
  const codes: number[] = legs.amounts.map(() => 0);
  for (let i = 0; i < holders.holdings.length; i += 1) {
    legs.debits.push((holders.holdings[i] as Account).handle);
    legs.credits.push(issuance.handle);
    legs.amounts.push(holders.units[i] as bigint);
    codes.push(1);
  }
  const total = legs.total_minor;
  if (legs.amounts.length > 0) {
    const batch = createTransferBatch(
      state.ledger,
      {
        id: `redemption:${isin}`,
        codes: ['redemption', 'retirement'],
        count: legs.amounts.length,
        debit_handles: Int32Array.from(legs.debits),
        credit_handles: Int32Array.from(legs.credits),
        amounts_minor: legs.amounts,
        code_indices: Uint8Array.from(codes),
        references: new Array<string>(legs.amounts.length).fill(isin),
      },
      { actor: OPERATOR_ACTOR, timestamp_us: context.timestamp_us, sink: context },
      legs.amounts.length,
    );
    if (!batch.ok) return batch;
  }
  assert(unitsOf(issuance) === 0n, 'units still in issue after redemption');
  state.bonds.redeemed.add(isin);
  const maturity_date = bond.terms.maturity_date;
  context.emit({
    type: 'bond_redeemed',
    isin,
    maturity_date,
    payer: payer.id,
    units,
    total_minor: total,
    holders: holders.holdings.length,
  });
  return undefined;
}

/**
 * The cash asset a bond's coupons and redemption are paid in (docs/bonds.md §8.16): the bond's
 * currency by default; for a tokenised tranche, its tokenised money. The 2025 HKSAR tokenised
 * green bonds offered settlement in e-HKD and e-CNY (../shared/reference/
 * ledger-settlement-payments.md, row 8): `bonds.set_payment_asset` (operator) names such an asset
 * for a bond, a registered cash asset of the bond's currency (RMB: CNY and CNH alike).
 * @module
 */

import { type Rejection, reject } from '../../kernel/index.js';
import type { SetBondPaymentAsset } from '../../protocol/bonds.js';
import { type CommandContext, operatorOnly } from '../context.js';
import type { HubState } from '../state.js';
import type { BondRecord, BondsState } from './state.js';

/** The asset the bond's holders are paid in. */
export function paymentAssetOf(bonds: BondsState, bond: BondRecord): string {
  return bonds.payment_assets.get(bond.terms.isin) ?? bond.terms.currency;
}

export function setPaymentAsset(
  state: HubState,
  c: SetBondPaymentAsset,
  context: CommandContext,
): Rejection | undefined {
  const refused_actor = operatorOnly(context, "set a bond's payment asset");
  if (refused_actor !== undefined) return refused_actor;
  const bond = state.bonds.bonds.get(c.isin);
  if (bond === undefined) {
    return reject('BOND_UNKNOWN', 'No bond is registered with this ISIN', { isin: c.isin });
  }
  const asset = state.reference.cash_assets.get(c.asset);
  if (asset === undefined) {
    return reject('BOND_PAYMENT_ASSET_UNKNOWN', 'No cash asset has this id', { asset: c.asset });
  }
  if (rmbOrSame(asset.currency) !== rmbOrSame(bond.terms.currency)) {
    return reject('BOND_PAYMENT_ASSET_CURRENCY_MISMATCH', "Pay in money of the bond's currency", {
      asset: c.asset,
      asset_currency: asset.currency,
      bond_currency: bond.terms.currency,
    });
  }
  state.bonds.payment_assets.set(c.isin, c.asset);
  context.emit({ type: 'bond_payment_asset_set', isin: c.isin, asset: c.asset });
  return undefined;
}

/** Onshore (CNY) and offshore (CNH) renminbi are one currency for this purpose. */
function rmbOrSame(currency: string): string {
  return currency === 'CNH' ? 'CNY' : currency;
}

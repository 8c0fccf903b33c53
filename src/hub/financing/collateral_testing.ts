/**
 * Test set-up for collateral re-use and OTC Clear margin (docs/financing.md §10): the CGB market,
 * HSBC and BOCHK named PLPs, `hk-inst-fund` holding CNY 2 m of face and SCBHK CNY 1 m, HSBC,
 * BOCHK and the fund each with a CGB account and RMB 50 m of CNH.
 * @module
 */

import { CGB_2016_19 } from '../../bonds/index.js';
import { northboundCgbMarket, openBondChain, wire } from '../bonds/testing.js';
import type { TestHub } from '../testing.js';

export const CGB = CGB_2016_19.isin;
export const FUND = 'hk-inst-fund';

/** The market at 10:00 on Monday 5 January 2026. */
export function collateralMarket(): TestHub {
  const t = northboundCgbMarket();
  const op = (json: unknown) => t.accept('operator', wire(json));
  op({ type: 'financing.set_plps', parties: ['HSBC', 'BOCHK'] });
  const fund = openBondChain(t, FUND, CGB);
  openBondChain(t, 'HSBC', CGB);
  openBondChain(t, 'BOCHK', CGB);
  const scbhk = openBondChain(t, 'SCBHK', CGB);
  const cnh = {
    ...{ id: `${FUND}/CNH`, owner: FUND, asset: 'CNH', purpose: 'available' },
    ...{ debits_must_not_exceed_credits: true, credits_must_not_exceed_debits: false },
  };
  op({ type: 'ledger.create_accounts', accounts: [cnh] });
  const issue = { id: 'cgb-fund', debit_account_id: `CCDC/${CGB}/issuance` };
  const lend = { debit_account_id: 'BOCHK/CNH/issuance', amount_minor: '5000000000' };
  op({
    type: 'ledger.create_transfers',
    transfers: [
      { ...issue, credit_account_id: fund, amount_minor: '20000' },
      { ...issue, id: 'cgb-scbhk', credit_account_id: scbhk, amount_minor: '10000' },
      { ...lend, id: 'cnh-hsbc', credit_account_id: 'HSBC/CNH' },
      { ...lend, id: 'cnh-bochk', credit_account_id: 'BOCHK/CNH' },
      { ...lend, id: 'cnh-fund', credit_account_id: cnh.id },
    ],
  });
  return t;
}

/** A repo of `face_minor` from `seller` to `buyer` at 105.12, 1.85 %, 2 % haircut. */
export function openRepoCommand(
  repo_id: string,
  seller: string,
  buyer: string,
  face_minor: bigint,
  extra: object = {},
) {
  return wire({
    type: 'financing.open_repo',
    ...{ repo_id, seller, buyer, isin: CGB, face_minor: String(face_minor) },
    ...{ px_e8: '10512000000', currency: 'CNH', repurchase_date: null },
    ...{ rate_e12: '18500000000', day_count: 'ACT/365F', haircut_ppm: 20_000 },
    ...extra,
  });
}

/** A posting of `face_minor` of the CGB at 105.12 to OTC Clear's house account, initial margin. */
export function postCommand(
  posting_id: string,
  member: string,
  face_minor: bigint,
  extra: object = {},
) {
  return wire({
    type: 'financing.post_otc_margin',
    ...{ posting_id, member, account_category: 'house', margin_type: 'initial' },
    ...{ isin: CGB, face_minor: String(face_minor), px_e8: '10512000000' },
    ...extra,
  });
}

/**
 * Test helpers for the HKMA facilities in the hub: a market on a date with HSBC and BOCHK named
 * PLPs holding the CGB 2016-19, the HKMA's facility accounts open, and the reference rates of
 * the worked examples published (docs/financing.md §11).
 * @module
 */

import { CGB_2016_19 } from '../../bonds/index.js';
import { addDays } from '../../kernel/index.js';
import type { Command } from '../../protocol/index.js';
import { northboundCgbMarket, openBondChain, wire } from '../bonds/testing.js';
import type { TestHub } from '../testing.js';
import { facilityAccountInputs } from './facility_accounts.js';

export const CGB = CGB_2016_19.isin;
/** CNH 1 bn in fen. */
export const BN = 100_000_000_000n;

/** CNH HIBOR overnight 1.50 %, 1.60 %, 1.75 %: intraday 1.6166…%, overnight 2.1166…%. */
export const INTRADAY_RATE_E12 = 16_166_666_667n;
export const OVERNIGHT_RATE_E12 = 21_166_666_667n;

/**
 * The CGB market on `date` at 10:00 (a business day), HSBC and BOCHK PLPs, each holding
 * `units` of the CGB (CNY 100 a unit); the HKMA's facility accounts; CNH HIBOR overnight fixed
 * on the three days before, SHIBOR 1M 1.60 %, 3M 1.65 %, 6M 1.70 % on the day before.
 */
export function facilityMarket(date = '2026-01-05', units = 500_000_000n): TestHub {
  const t = northboundCgbMarket(date);
  const op = (json: unknown) => t.accept('operator', wire(json));
  op({ type: 'financing.set_plps', parties: ['HSBC', 'BOCHK'] });
  const transfers = ['HSBC', 'BOCHK'].map((bank) => ({
    id: `cgb-${bank}`,
    debit_account_id: `CCDC/${CGB}/issuance`,
    credit_account_id: openBondChain(t, bank, CGB),
    amount_minor: String(units),
  }));
  op({ type: 'ledger.create_transfers', transfers });
  op({
    type: 'ledger.create_accounts',
    accounts: facilityAccountInputs(t.hub.state.reference, [CGB]),
  });
  const hibor = ['15000000000', '16000000000', '17500000000'];
  hibor.forEach((rate_e12, i) => {
    t.accept('operator', rate('CNH_HIBOR_ON', addDays(date, i - 3), rate_e12));
  });
  t.accept('operator', rate('SHIBOR_1M', addDays(date, -1), '16000000000'));
  t.accept('operator', rate('SHIBOR_3M', addDays(date, -1), '16500000000'));
  t.accept('operator', rate('SHIBOR_6M', addDays(date, -1), '17000000000'));
  return t;
}

export function rate(name: string, date: string, rate_e12: string): Command {
  return wire({ type: 'financing.publish_facility_rate', name, date, rate_e12 });
}

/** A repo drawing by HSBC on the RMB Liquidity Facility against `face` of the CGB at 105.12. */
export function draw(extra: object = {}, face_minor = '1200000000'): Command {
  return wire({
    type: 'financing.draw_facility',
    ...{ drawing_id: 'd-1', bank: 'HSBC', facility: 'rmb_lf', tenor: '1w' },
    ...{ amount_minor: '1000000000', form: 'repo' },
    collateral: [{ isin: CGB, face_minor, px_e8: '10512000000' }],
    ...extra,
  });
}

/** CNY `units` × 100 of face, as `face_minor`. */
export function face(units: bigint): string {
  return String(units * 10_000n);
}

export function repay(drawing_id = 'd-1'): Command {
  return wire({ type: 'financing.repay_facility', drawing_id });
}

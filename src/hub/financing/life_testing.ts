/**
 * Test helpers for the repo life cycle (docs/financing.md §9): the Northbound CGB market with
 * PLPs, the fund's and HSBC's chains and cash, a second CGB for substitutions, and sums of the
 * ledger's balances for conservation checks.
 * @module
 */

import assert from 'node:assert/strict';
import { CGB_2016_19 } from '../../bonds/index.js';
import { timestampAt } from '../../kernel/index.js';
import type { Command } from '../../protocol/commands.js';
import { isinCheckDigit } from '../../reference/index.js';
import { northboundCgbMarket, openBondChain, posted, wire } from '../bonds/testing.js';
import type { TestHub } from '../testing.js';

export const CGB = CGB_2016_19.isin;
/** An illustrative 10-year CGB (2.50 %, semi-annual 15 Jan / 15 Jul, to 2035), for swaps. */
export const CGB_NEW = `CND10000CG2${isinCheckDigit('CND10000CG2') ?? ''}`;

/**
 * The CGB market, HSBC and BOCHK PLPs; hk-inst-fund holds 20,000 units (CNY 2 m of face) of the
 * CGB and of CGB_NEW, and `fund_cash_minor` CNH; HSBC has CNH 50 m and chains in both bonds.
 */
export function lifeMarket(fund_cash_minor = 10_000_000n): TestHub {
  const t = northboundCgbMarket();
  const op = (json: unknown) => t.accept('operator', wire(json));
  op({ type: 'financing.set_plps', parties: ['HSBC', 'BOCHK'] });
  registerNewCgb(t);
  const fund = openBondChain(t, 'hk-inst-fund', CGB);
  const fund_new = openBondChain(t, 'hk-inst-fund', CGB_NEW);
  openBondChain(t, 'HSBC', CGB);
  openBondChain(t, 'HSBC', CGB_NEW);
  const cnh = {
    ...{ id: 'hk-inst-fund/CNH', owner: 'hk-inst-fund', asset: 'CNH', purpose: 'available' },
    ...{ debits_must_not_exceed_credits: true, credits_must_not_exceed_debits: false },
  };
  op({ type: 'ledger.create_accounts', accounts: [cnh] });
  const lend = { debit_account_id: 'BOCHK/CNH/issuance' };
  const transfers = [
    { id: 'cgb-fund', debit_account_id: `CCDC/${CGB}/issuance`, credit_account_id: fund },
    { id: 'new-fund', debit_account_id: `CCDC/${CGB_NEW}/issuance`, credit_account_id: fund_new },
  ].map((x) => ({ ...x, amount_minor: '20000' }));
  transfers.push({
    ...lend,
    id: 'cnh-hsbc',
    credit_account_id: 'HSBC/CNH',
    amount_minor: '5000000000',
  });
  if (fund_cash_minor > 0n) {
    const amount_minor = fund_cash_minor.toString();
    transfers.push({ ...lend, id: 'cnh-fund', credit_account_id: cnh.id, amount_minor });
  }
  op({ type: 'ledger.create_transfers', transfers });
  return t;
}

function registerNewCgb(t: TestHub): void {
  const op = (json: unknown) => t.accept('operator', wire(json));
  op({
    type: 'reference.register_security',
    security: {
      ...{ id: CGB_NEW, symbol: '019999', name: 'CGB 2025 (test)', market: 'CIBM', kind: 'bond' },
      ...{ currency: 'CNY', board: 'unlisted', lot_size: 10, price_scale: 3, issuer: 'MOF' },
      ...{ tick_table: 'uniform', listing_date: '2025-01-15' },
      bond: { coupon_ppm: 25_000, maturity_date: '2035-01-15', face_value_minor: '10000' },
    },
  });
  const dates = { issue_date: '2025-01-15', maturity_date: '2035-01-15' };
  const coupon = { kind: 'fixed', rate_e12: '25000000000' };
  const amounts = { face_value_minor: '10000', min_denomination_minor: '10000' };
  op({
    type: 'bonds.register',
    terms: { ...CGB_2016_19, isin: CGB_NEW, ...dates, coupon, ...amounts },
  });
  const issuance = {
    ...{ id: `CCDC/${CGB_NEW}/issuance`, owner: 'CCDC', asset: CGB_NEW, purpose: 'available' },
    ...{ debits_must_not_exceed_credits: false, credits_must_not_exceed_debits: true },
  };
  op({ type: 'ledger.create_accounts', accounts: [issuance] });
}

/**
 * hk-inst-fund repos CNY 1 m of face of the CGB to HSBC for 7 days at 1.85 %, 2 % haircut, at
 * 105.12; margin from RMB 10,000 in whole RMB 1,000, due within 120 minutes.
 */
export function openRepoCommand(extra: object = {}): Command {
  return wire({
    type: 'financing.open_repo',
    ...{ repo_id: 'repo-1', seller: 'hk-inst-fund', buyer: 'HSBC', isin: CGB },
    ...{ face_minor: '100000000', px_e8: '10512000000', currency: 'CNH' },
    ...{ repurchase_date: '2026-01-12', rate_e12: '18500000000', day_count: 'ACT/365F' },
    ...{ haircut_ppm: 20_000, minimum_transfer_minor: '1000000', rounding_minor: '100000' },
    ...extra,
  });
}

/** Moves the hub's clock to a local time (China) and ticks. */
export function at(t: TestHub, date: string, clock: string): void {
  t.now_us = timestampAt(date, clock);
  t.accept('operator', wire({ type: 'hub.tick' }));
}

/** The sum of every account's posted balance in an asset: constant under any transfer. */
export function assetTotal(t: TestHub, asset: string): bigint {
  let total = 0n;
  for (const account of t.hub.state.ledger.accounts.values()) {
    if (account.asset === asset) total += account.credits_posted - account.debits_posted;
  }
  return total;
}

/** A party's CNH (posted). */
export function cnh(t: TestHub, owner: string): bigint {
  return posted(t, `${owner}/CNH`);
}

/** A party's holding of a bond, in units, at the end of its chain. */
export function units(t: TestHub, owner: string, isin: string): bigint {
  return posted(t, openBondChain(t, owner, isin));
}

/** The one event of a type in a command's events. */
export function eventOf<T extends string>(events: readonly { type: string }[], type: T) {
  const found = events.filter((e) => e.type === type);
  assert.equal(found.length, 1, `one ${type}`);
  return found[0];
}

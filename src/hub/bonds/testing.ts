/**
 * Test helpers for the bonds in the hub: the demo genesis, wire commands, the USD green bond
 * tranche's terms, and the check that a refusal changes nothing.
 * @module
 */

import assert from 'node:assert/strict';
import { CGB_2016_19 } from '../../bonds/index.js';
import { addDays, timestampAt } from '../../kernel/index.js';
import { type Command, parseCommand } from '../../protocol/index.js';
import { GREEN_USD_TERMS } from '../../sim/demo_bonds.js';

export { GREEN_USD_TERMS } from '../../sim/demo_bonds.js';

import { DEMO_START_US, genesisSubmissions } from '../../sim/genesis.js';
import { bondHoldingChain } from '../accounts.js';
import { Hub } from '../hub.js';
import { restoreHub, snapshotHub } from '../state.js';
import { TestHub } from '../testing.js';

export function wire(json: unknown): Command {
  const parsed = parseCommand(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.command;
}

export function genesis(start_us: number = DEMO_START_US): TestHub {
  const t = new TestHub(start_us);
  for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
  return t;
}

/** Refuses with `code` and leaves the state as it was (only the counter and clock move). */
export function assertRefused(t: TestHub, participant: string, command: Command, code: string) {
  const before = t.hub.digest();
  const result = t.submit(participant, command);
  assert.equal(result.rejection?.code, code, result.rejection?.message);
  assert.equal(result.events.length, 0);
  const state = snapshotHub(t.hub.state);
  assert.equal(new Hub(restoreHub({ ...state, seq: state.seq - 1 })).digest(), before);
}

/**
 * Registers a CMU bond of the HKSAR Government (its security, then its terms) and issues it to
 * `holders` (`[owner, units]`) from HKMA's issuance account, at the hub's current time.
 */
export function issueCmuBond(
  t: TestHub,
  terms: { readonly isin: string; readonly maturity_date: string; readonly currency: string },
  holders: ReadonlyArray<readonly [string, number]>,
): void {
  const isin = terms.isin;
  const security = {
    ...{ id: isin, symbol: isin.slice(-8), name: `HKSAR note ${isin} (test)`, market: 'CMU' },
    ...{ board: 'unlisted', kind: 'bond', currency: terms.currency, lot_size: 100 },
    ...{ price_scale: 3, tick_table: 'uniform', listing_date: '2026-01-05', issuer: 'HKSARG' },
    bond: { coupon_ppm: 0, maturity_date: terms.maturity_date, face_value_minor: '100' },
  };
  t.accept('operator', wire({ type: 'reference.register_security', security }));
  t.accept('operator', wire({ type: 'bonds.register', terms }));
  const account = (id: string, owner: string, issuance: boolean) => ({
    ...{ id, owner, asset: isin, purpose: 'available' },
    ...{ debits_must_not_exceed_credits: !issuance, credits_must_not_exceed_debits: issuance },
  });
  const accounts = [account(`HKMA/${isin}/issuance`, 'HKMA', true)];
  for (const [owner] of holders) accounts.push(account(`${isin}/CMU/${owner}`, owner, false));
  t.accept('operator', wire({ type: 'ledger.create_accounts', accounts }));
  const transfers = holders.map(([owner, units]) => ({
    ...{ id: `issue-${isin}-${owner}`, debit_account_id: `HKMA/${isin}/issuance` },
    ...{ credit_account_id: `${isin}/CMU/${owner}`, amount_minor: String(units) },
  }));
  t.accept('operator', wire({ type: 'ledger.create_transfers', transfers }));
}

/**
 * Opens `owner`'s nominee chain in the bond `isin` (src/hub/accounts.ts `bondHoldingChain`): the
 * omnibus tiers that do not exist yet and the owner's own account. Returns the owner's account id.
 */
export function openBondChain(t: TestHub, owner: string, isin: string): string {
  const security = t.hub.state.reference.securities.get(isin);
  assert.ok(security !== undefined, isin);
  const chain = bondHoldingChain(t.hub.state.reference, owner, security);
  assert.ok(chain !== undefined, `${owner} has no chain in ${isin}`);
  const missing = chain.filter((a) => !t.hub.state.ledger.accounts.has(a.id));
  if (missing.length > 0) {
    t.accept('operator', wire({ type: 'ledger.create_accounts', accounts: missing }));
  }
  return chain.at(-1)?.id as string;
}

/** An account's posted balance (credits − debits); the account must exist. */
export function posted(t: TestHub, id: string): bigint {
  const account = t.hub.state.ledger.accounts.get(id);
  assert.ok(account !== undefined, id);
  return account.credits_posted - account.debits_posted;
}

/**
 * The USD green bond tranche traded Southbound: registered, BOCHK a Southbound maker,
 * `cn-inst-fund` a Bond Connect investor (quota) with its CMU chain and USD 2 m, the quota's USD
 * rate 7.1 for 5 January 2026. At 10:00 that day.
 */
export function southboundUsdMarket(): TestHub {
  const t = genesis();
  t.now_us = timestampAt('2026-01-05', '10:00');
  const op = (json: unknown) => t.accept('operator', wire(json));
  op({ type: 'bonds.register', terms: GREEN_USD_TERMS });
  op({ type: 'bonds.register_maker', dealer: 'BOCHK', direction: 'southbound' });
  op({
    type: 'bonds.set_investor_access',
    investor: 'cn-inst-fund',
    northbound: false,
    southbound_channel: 'bond_connect',
  });
  op({ type: 'bonds.set_quota_fx_rates', date: '2026-01-05', rates: { USD: '7.1' } });
  const usd = {
    ...{ id: 'cn-inst-fund/USD', owner: 'cn-inst-fund', asset: 'USD', purpose: 'available' },
    ...{ debits_must_not_exceed_credits: true, credits_must_not_exceed_debits: false },
  };
  op({ type: 'ledger.create_accounts', accounts: [usd] });
  openBondChain(t, 'cn-inst-fund', GREEN_USD_TERMS.isin);
  const funding = { id: 'fund-cn-inst', debit_account_id: 'HSBC/USD/issuance' };
  op({
    type: 'ledger.create_transfers',
    transfers: [{ ...funding, credit_account_id: usd.id, amount_minor: '200000000' }],
  });
  return t;
}

/**
 * The CGB 2016-19 (3.27 %, 2046) traded Northbound: a CIBM security at CCDC, LUJIAZUI an
 * onshore maker holding 100,000 units (CNY 10 m of face), `hk-inst-fund` an overseas investor
 * with Northbound access and its chain. At 10:00 on Monday 5 January 2026, or on `date` (genesis
 * the evening before).
 */
export function northboundCgbMarket(date = '2026-01-05'): TestHub {
  const t = genesis(timestampAt(addDays(date, -1), '20:00'));
  t.now_us = timestampAt(date, '10:00');
  const op = (json: unknown) => t.accept('operator', wire(json));
  const isin = CGB_2016_19.isin;
  op({
    type: 'reference.register_security',
    security: {
      ...{ id: isin, symbol: '019547', name: 'CGB 2016-19 (test)', market: 'CIBM', kind: 'bond' },
      ...{ currency: 'CNY', board: 'unlisted', lot_size: 10, price_scale: 3, issuer: 'MOF' },
      ...{ tick_table: 'uniform', listing_date: '2016-09-26' },
      bond: { coupon_ppm: 32_700, maturity_date: '2046-08-22', face_value_minor: '10000' },
    },
  });
  const coupon = { kind: 'fixed', rate_e12: '32700000000' };
  const amounts = { face_value_minor: '10000', min_denomination_minor: '10000' };
  op({ type: 'bonds.register', terms: { ...CGB_2016_19, coupon, ...amounts } });
  op({ type: 'bonds.register_maker', dealer: 'LUJIAZUI', direction: 'northbound' });
  op({
    type: 'bonds.set_investor_access',
    investor: 'hk-inst-fund',
    northbound: true,
    southbound_channel: null,
  });
  const issuance = {
    ...{ id: `CCDC/${isin}/issuance`, owner: 'CCDC', asset: isin, purpose: 'available' },
    ...{ debits_must_not_exceed_credits: false, credits_must_not_exceed_debits: true },
  };
  op({ type: 'ledger.create_accounts', accounts: [issuance] });
  const maker = openBondChain(t, 'LUJIAZUI', isin);
  openBondChain(t, 'hk-inst-fund', isin);
  const issue = { id: 'cgb-issue', debit_account_id: issuance.id, credit_account_id: maker };
  op({ type: 'ledger.create_transfers', transfers: [{ ...issue, amount_minor: '100000' }] });
  return t;
}

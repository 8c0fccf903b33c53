import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cashAccountId, securitiesAccountId } from '../hub/accounts.js';
import { timestampAt } from '../kernel/time.js';
import { postedBalance } from '../ledger/index.js';
import {
  HKGB_CNH_TERMS,
  MOF_CNH_TERMS,
  northboundDemoBonds,
  SOUTHBOUND_MAKERS,
  southboundDemoBonds,
} from './demo_bonds.js';
import { genesisSubmissions } from './genesis.js';
import { bondSetUpSubmissions, quotaFxSubmission } from './genesis_bonds.js';
import { DayHub } from './market/day.js';

function genesisHub(): DayHub {
  const t = new DayHub();
  for (const s of genesisSubmissions()) assert.equal(t.submit(s).status, 'accepted');
  return t;
}

/** Sends the set-up stage by stage until nothing is missing; returns the stages sent. */
function setUp(t: DayHub): number {
  let stages = 0;
  for (let s = bondSetUpSubmissions(t.hub.state); s.length > 0; ) {
    for (const submission of s) {
      const result = t.submit(submission);
      assert.equal(result.status, 'accepted', JSON.stringify(result.rejection));
    }
    stages += 1;
    assert.ok(stages <= 4, 'four stages at most');
    s = bondSetUpSubmissions(t.hub.state);
  }
  return stages;
}

function balance(t: DayHub, id: string | undefined): bigint {
  const account = id === undefined ? undefined : t.hub.state.ledger.accounts.get(id);
  assert.ok(account !== undefined, `account ${id}`);
  return postedBalance(account);
}

test('the bond set-up registers six Southbound bonds, three makers and the investor', () => {
  const t = genesisHub();
  assert.equal(setUp(t), 4);
  const state = t.hub.state;
  assert.deepEqual(
    [...state.bonds.bonds.keys()],
    southboundDemoBonds().map((b) => b.isin),
  );
  assert.deepEqual(northboundDemoBonds(), [], 'Northbound waits for a CIBM market');
  for (const maker of SOUTHBOUND_MAKERS)
    assert.deepEqual(state.bonds.makers.get(maker), ['southbound']);
  assert.deepEqual(state.bonds.access.get('cn-inst-fund'), {
    northbound: false,
    southbound_channel: 'bond_connect',
  });
  assert.deepEqual(state.bonds.access.get('cn-qdii-fund'), {
    northbound: false,
    southbound_channel: 'qdii',
  });
  assert.equal(state.reference.investors.get('cn-qdii-fund')?.broker, 'BUND');
  assert.equal(state.reference.securities.get(MOF_CNH_TERMS.isin)?.issuer, 'MOF');
  assert.equal(state.reference.parties.get('MOF')?.jurisdiction, 'CN');
  t.hub.checkInvariants();
});

test('the investor and the makers hold bonds and cash to trade; nothing is sent twice', () => {
  const t = genesisHub();
  setUp(t);
  const state = t.hub.state;
  assert.equal(balance(t, cashAccountId('cn-inst-fund', 'USD')), 10_000_000_000n);
  assert.equal(balance(t, cashAccountId('cn-inst-fund', 'CNH')), 50_000_000_000n);
  assert.equal(balance(t, cashAccountId('BOCHK', 'EUR')), 50_000_000_000n);
  for (const terms of southboundDemoBonds()) {
    const security = state.reference.securities.get(terms.isin);
    assert.ok(security !== undefined);
    const at = securitiesAccountId(state.reference, 'cn-inst-fund', security);
    // CNH 20 million of face each, in the bond's units
    assert.equal(balance(t, at), 2_000_000_000n / BigInt(terms.face_value_minor), terms.isin);
  }
  const hkgb = state.reference.securities.get(HKGB_CNH_TERMS.isin);
  assert.ok(hkgb !== undefined);
  assert.equal(balance(t, securitiesAccountId(state.reference, 'HSBC', hkgb)), 2_000_000n);
  assert.deepEqual(bondSetUpSubmissions(state), [], 'set up: nothing more to send');
});

test('a set-up cut short is finished from the hub state, without repeating a stage', () => {
  const t = genesisHub();
  for (const s of bondSetUpSubmissions(t.hub.state)) t.submit(s); // reference data only
  const next = bondSetUpSubmissions(t.hub.state);
  assert.ok(next.length > 0);
  assert.ok(next.every((s) => s.command.type === 'ledger.create_accounts'));
  assert.equal(setUp(t), 3);
});

test('coupons reach every holder: the MOF bond on 5 January, the HKGB on 28 January', () => {
  const t = genesisHub();
  setUp(t);
  const holders_cnh = balance(t, cashAccountId('hk-inst-fund', 'CNH'));
  // The hub pays each coupon itself at 09:00 of its payment date (docs/bonds.md §8.12).
  const paidBy = (date: string) => {
    t.now_us = timestampAt(date, '10:00');
    const tick = t.submit({ participant: 'operator', command: { type: 'hub.tick' } });
    return tick.events.flatMap((e) => (e.type === 'bond_coupon_paid' ? [e.isin] : []));
  };
  assert.deepEqual(paidBy('2026-01-05'), [MOF_CNH_TERMS.isin]);
  assert.deepEqual(paidBy('2026-01-28'), [HKGB_CNH_TERMS.isin]);
  // hk-inst-fund: CNH 10 million of each at 1.85 % / 2 and 1.59 % / 2
  const paid = balance(t, cashAccountId('hk-inst-fund', 'CNH')) - holders_cnh;
  assert.equal(paid, 9_250_000n + 7_950_000n);
  t.hub.checkInvariants();
});

test("the operator's quota rates are accepted for the day", () => {
  const t = genesisHub();
  setUp(t);
  t.now_us = timestampAt('2026-01-05', '08:00');
  assert.equal(t.submit(quotaFxSubmission('2026-01-05')).status, 'accepted');
  assert.equal(t.hub.state.bonds.quota_fx.get('2026-01-05')?.USD, '7.05');
});

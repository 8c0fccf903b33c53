/**
 * The payer banks' own Southbound daily caps in the hub (docs/payments.md §2, §9.3): set by the
 * operator and checked at the door, both sides of the bound, the reset at HK midnight, two
 * payments in flight, the day given back on a timeout, a recall and a ledger refusal, kept on a
 * return; every refusal leaves the state unchanged; in the snapshot and the digest.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { timestampAt } from '../../kernel/index.js';
import { bankDayKey, hkDate, usage } from '../../payments/index.js';
import { parseCommand } from '../../protocol/index.js';
import { assertRefused, wire } from '../bonds/testing.js';
import { Hub } from '../hub.js';
import { restoreHub, snapshotHub } from '../state.js';
import type { TestHub } from '../testing.js';
import { ALICE, CN_BANK, HK_BANK, LI, op, paymentsHub, southbound, WANG } from './testing.js';
import { payerBankDayViews } from './views.js';

/** ICBC's own cap in these tests (no figure is published): RMB 15,000.00 a payer a day. */
const CAP_MINOR = 1_500_000n;

function capAt(t: TestHub, caps: Record<string, string | null>) {
  return op(t, { type: 'payments.set_settings', bank_daily_cap_cny_minor: caps });
}

function caps(t: TestHub) {
  return t.hub.state.payments.settings.connect.southbound.bank_daily_cap_cny_minor;
}

/** RMB sent today (the hub's HK date) by `who` through ICBC. */
function usedToday(t: TestHub, who: typeof WANG | typeof LI): bigint {
  const key = bankDayKey({
    ...{ end_to_end_id: 'x', direction: 'southbound', payer: { ...who } },
    ...{ payee_proxy: { type: 'mobile', value: '' }, send_currency: 'CNY' },
    ...{ receive_currency: 'CNY', amount_minor: 1n, purpose: 'p2p' },
  });
  const date = hkDate(t.hub.state.now_us);
  return usage(t.hub.state.payments.limits.counters.get(key), date).day_used_minor;
}

describe("payments in the hub: a bank's own Southbound daily cap, as a setting", () => {
  it('set, added to and lifted by the operator; a refusal changes nothing', () => {
    const t = paymentsHub();
    assert.deepEqual(caps(t), {});
    const set = capAt(t, { ICBC: String(CAP_MINOR) });
    assert.deepEqual(
      set.events.map((e) => e.type),
      ['payments_settings_set'],
    );
    capAt(t, { HSBC: '200000' });
    assert.deepEqual(caps(t), { ICBC: CAP_MINOR, HSBC: 200_000n });
    capAt(t, { HSBC: null });
    assert.deepEqual(caps(t), { ICBC: CAP_MINOR });
    const settings = (json: object) => wire({ type: 'payments.set_settings', ...json });
    assertRefused(
      t,
      CN_BANK,
      settings({ bank_daily_cap_cny_minor: { ICBC: '1' } }),
      'NOT_AUTHORIZED',
    );
    const nobank = settings({ bank_daily_cap_cny_minor: { ICBC: '1', NOBANK: '1' } });
    assertRefused(t, 'operator', nobank, 'PAYMENT_BANK_UNKNOWN');
    assert.deepEqual(caps(t), { ICBC: CAP_MINOR });
  });

  it('checked at the door: a positive amount in minor units, by bank id', () => {
    const parse = (value: unknown) =>
      parseCommand({ type: 'payments.set_settings', bank_daily_cap_cny_minor: value }).ok;
    assert.equal(parse({ ICBC: '1' }), true);
    assert.equal(parse({ ICBC: 1 }), true);
    assert.equal(parse({ ICBC: null }), true);
    for (const bad of [
      { ICBC: '0' },
      { ICBC: 0 },
      { ICBC: '-1' },
      { ICBC: '1.5' },
      { ICBC: 1.5 },
    ]) {
      assert.equal(parse(bad), false, JSON.stringify(bad));
    }
    assert.equal(parse({ 'no bank!': '1' }), false);
    assert.equal(parse(['ICBC', '1']), false);
    assert.equal(parse('1'), false);
  });
});

describe("payments in the hub: a bank's own Southbound daily cap, on payments", () => {
  it('exactly at the cap passes; one fen over is refused with its figures, nothing changed', () => {
    const t = paymentsHub();
    capAt(t, { ICBC: String(CAP_MINOR) });
    t.accept(CN_BANK, southbound('SB-1', WANG, ALICE.mobile, 1_000_000n));
    t.accept(CN_BANK, southbound('SB-2', WANG, ALICE.mobile, 500_000n));
    assert.equal(usedToday(t, WANG), CAP_MINOR);
    const over = t.submit(CN_BANK, southbound('SB-3', WANG, ALICE.mobile, 1n));
    assert.equal(over.rejection?.code, 'PAYMENT_BANK_DAILY_CAP');
    assert.equal(
      over.rejection?.message,
      "ICBC caps a payer's Southbound payments at 1500000 fen a day; 1500000 fen used today",
    );
    assert.deepEqual(over.rejection?.details, {
      ...{ bank: 'ICBC', date: '2026-01-05', used_minor: CAP_MINOR, amount_minor: 1n },
      ...{ cap_minor: CAP_MINOR, end_to_end_id: 'SB-3', at_state: 'looked_up' },
    });
    assertRefused(t, CN_BANK, southbound('SB-4', WANG, ALICE.mobile, 1n), 'PAYMENT_BANK_DAILY_CAP');
    // Another payer at the same bank has a day of their own.
    t.accept(CN_BANK, southbound('SB-5', LI, ALICE.mobile, 1_000_000n));
    // Lifted, the same payer may pay again.
    capAt(t, { ICBC: null });
    t.accept(CN_BANK, southbound('SB-6', WANG, ALICE.mobile, 1n));
    assert.equal(usedToday(t, WANG), CAP_MINOR + 1n);
  });

  it('the day resets at HK midnight: refused at 22:50, paid again from 07:00 the next day', () => {
    const t = paymentsHub(timestampAt('2026-01-05', '22:00'));
    capAt(t, { ICBC: String(CAP_MINOR) });
    t.accept(CN_BANK, southbound('SB-1', WANG, ALICE.mobile, 1_000_000n));
    t.accept(CN_BANK, southbound('SB-2', WANG, ALICE.mobile, 500_000n));
    t.now_us = timestampAt('2026-01-05', '22:50');
    t.accept('operator', wire({ type: 'hub.tick' }));
    assertRefused(t, CN_BANK, southbound('SB-3', WANG, ALICE.mobile, 1n), 'PAYMENT_BANK_DAILY_CAP');
    t.now_us = timestampAt('2026-01-06', '07:00');
    t.accept(CN_BANK, southbound('SB-4', WANG, ALICE.mobile, 1_000_000n));
    t.accept(CN_BANK, southbound('SB-5', WANG, ALICE.mobile, 500_000n));
    assert.equal(usedToday(t, WANG), CAP_MINOR);
  });

  it('two payments in flight: the second is refused while the first holds the day, until it times out', () => {
    const t = paymentsHub();
    capAt(t, { ICBC: String(CAP_MINOR) });
    const in_flight = { credit: false };
    t.accept(CN_BANK, southbound('SB-1', WANG, ALICE.mobile, 1_000_000n, in_flight));
    assert.equal(t.hub.state.payments.book.payments.get('SB-1')?.payment.state, 'settled');
    const second = southbound('SB-2', WANG, ALICE.mobile, 1_000_000n, in_flight);
    assertRefused(t, CN_BANK, second, 'PAYMENT_BANK_DAILY_CAP');
    t.advance(30);
    const tick = t.accept('operator', wire({ type: 'hub.tick' }));
    assert.ok(tick.events.some((e) => e.type === 'payment_timed_out'));
    assert.equal(usedToday(t, WANG), 0n);
    t.accept(CN_BANK, second);
    assert.equal(usedToday(t, WANG), 1_000_000n);
  });

  it('a recall before credit gives the day back; a return keeps it used', () => {
    const t = paymentsHub();
    capAt(t, { ICBC: String(CAP_MINOR) });
    t.accept(CN_BANK, southbound('SB-1', WANG, ALICE.mobile, 1_000_000n, { credit: false }));
    t.accept(CN_BANK, wire({ type: 'payments.recall', end_to_end_id: 'SB-1', reason: 'DUPL' }));
    assert.equal(usedToday(t, WANG), 0n);
    t.accept(CN_BANK, southbound('SB-2', WANG, ALICE.mobile, 1_000_000n));
    t.accept(HK_BANK, wire({ type: 'payments.return', end_to_end_id: 'SB-2', reason: 'AC04' }));
    assert.equal(usedToday(t, WANG), 1_000_000n);
    assertRefused(
      t,
      CN_BANK,
      southbound('SB-3', WANG, ALICE.mobile, 500_001n),
      'PAYMENT_BANK_DAILY_CAP',
    );
  });

  it('a payment the ledger refuses takes nothing from the day', () => {
    const t = paymentsHub();
    capAt(t, { ICBC: String(CAP_MINOR) });
    // A payee whose deposit account was never opened: the credit leg is refused by the ledger.
    const ghost = { ...ALICE, account: 'HK-404', mobile: '+852 9876 5432' };
    t.accept(
      HK_BANK,
      wire({
        ...{ type: 'payments.register_proxy', side: 'HK', proxy_type: 'mobile' },
        ...{ value: ghost.mobile, bank: HK_BANK, account: ghost.account, name: ghost.name },
      }),
    );
    const refused = t.submit(CN_BANK, southbound('SB-1', WANG, ghost.mobile, 1_000_000n));
    assert.equal(refused.status, 'rejected');
    assert.equal(usedToday(t, WANG), 0n);
    t.accept(CN_BANK, southbound('SB-2', WANG, ALICE.mobile, CAP_MINOR - 500_000n));
    t.accept(CN_BANK, southbound('SB-3', WANG, ALICE.mobile, 500_000n));
  });

  it('the limits read: a bank sees its own day and cap; HKICL, CNCC and operators all', () => {
    const t = paymentsHub();
    capAt(t, { ICBC: String(CAP_MINOR) });
    t.accept(CN_BANK, southbound('SB-1', WANG, ALICE.mobile, 400_000n));
    const viewer = (who: string) => ({ all: false, sees: (party: string) => party === who });
    const icbc = payerBankDayViews(t.hub.state, WANG.id, viewer(CN_BANK));
    assert.deepEqual(icbc, [
      {
        ...{ bank: 'ICBC', currency: 'CNY', date: '2026-01-05', day_used_minor: 400_000n },
        ...{ day_cap_minor: CAP_MINOR, day_left_minor: 1_100_000n },
      },
    ]);
    assert.deepEqual(payerBankDayViews(t.hub.state, WANG.id, viewer('HKICL')), icbc);
    assert.deepEqual(payerBankDayViews(t.hub.state, WANG.id, viewer(HK_BANK)), []);
    assert.deepEqual(payerBankDayViews(t.hub.state, LI.id, viewer(CN_BANK)), []);
    capAt(t, { ICBC: null });
    const uncapped = payerBankDayViews(t.hub.state, WANG.id, viewer(CN_BANK));
    assert.equal(uncapped[0]?.day_cap_minor, null);
    assert.equal(uncapped[0]?.day_left_minor, null);
  });

  it('in the snapshot and the digest; replayed, the same; an older snapshot restores no caps', () => {
    const t = paymentsHub();
    capAt(t, { ICBC: String(CAP_MINOR) });
    t.accept(CN_BANK, southbound('SB-1', WANG, ALICE.mobile, 400_000n));
    const replay = new Hub();
    for (const e of t.envelopes) replay.apply(e);
    assert.equal(replay.digest(), t.hub.digest());
    const snapshot = snapshotHub(t.hub.state);
    assert.equal(new Hub(restoreHub(snapshot)).digest(), t.hub.digest());
    const payments = snapshot.payments;
    assert.ok(payments !== undefined);
    const { bank_daily_cap_cny_minor: _gone, ...southbound_before } =
      payments.settings.connect.southbound;
    const connect = { ...payments.settings.connect, southbound: southbound_before };
    const older = { ...payments, settings: { ...payments.settings, connect } };
    const restored = restoreHub({ ...snapshot, payments: older as typeof payments });
    assert.deepEqual(restored.payments.settings.connect.southbound.bank_daily_cap_cny_minor, {});
    // The key where a new hub has it: the digest of a hub that never had a cap.
    const fresh = paymentsHub();
    const fresh_southbound = Object.keys(fresh.hub.state.payments.settings.connect.southbound);
    assert.deepEqual(Object.keys(restored.payments.settings.connect.southbound), fresh_southbound);
  });
});

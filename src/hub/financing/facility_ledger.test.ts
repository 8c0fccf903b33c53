import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scopeEvent, stateLookups, viewerOf } from '../../gateways/http/scope.js';
import { timestampAt } from '../../kernel/index.js';
import { posted, wire } from '../bonds/testing.js';
import { Hub } from '../hub.js';
import { restoreHub, snapshotHub } from '../state.js';
import type { TestHub } from '../testing.js';
import {
  collateralAccountId,
  FUNDING_ACCOUNT_ID,
  HKD_HELD_ACCOUNT_ID,
} from './facility_accounts.js';
import {
  BN,
  CGB,
  draw,
  face,
  facilityMarket,
  OVERNIGHT_RATE_E12,
  repay,
} from './facility_testing.js';
import { facilityUsage } from './facility_usage.js';

const tick = wire({ type: 'hub.tick' });
const HSBC_CGB = `${CGB}/HSBC/HSBC`;

function at(t: TestHub, date: string, time: string) {
  t.now_us = timestampAt(date, time);
  return t.accept('operator', tick);
}

function rolls(result: ReturnType<TestHub['accept']>) {
  return result.events.filter((e) => e.type === 'facility_rolled_overnight');
}

/** The balances a drawing moves, to compare before and after. */
function balances(t: TestHub) {
  return {
    hsbc_cnh: posted(t, 'HSBC/CNH'),
    hsbc_hkd: posted(t, 'HSBC/HKD'),
    hsbc_cgb: posted(t, HSBC_CGB),
    hkma_cnh: posted(t, 'HKMA/CNH'),
    hkma_hkd: posted(t, 'HKMA/HKD'),
    funding: posted(t, FUNDING_ACCOUNT_ID),
    hkd_held: posted(t, HKD_HELD_ACCOUNT_ID),
    hkma_cgb: posted(t, collateralAccountId(CGB)),
  };
}

describe('HKMA facilities on the ledger', () => {
  test('repo: the bonds to the HKMA and the CNH to the bank at once, back with interest', () => {
    const t = facilityMarket();
    const start = balances(t);
    // CNH 10 m for one week against CNY 12 m of the CGB (120,000 units).
    const events = t.accept('HSBC', draw()).events;
    assert.ok(events.some((e) => e.type === 'facility_drawn'));
    const during = balances(t);
    assert.equal(during.hsbc_cnh - start.hsbc_cnh, 1_000_000_000n);
    assert.equal(during.funding, -1_000_000_000n, 'CNH created from the HKMA funding account');
    assert.equal(start.hsbc_cgb - during.hsbc_cgb, 120_000n);
    assert.equal(during.hkma_cgb, 120_000n);
    t.hub.checkInvariants();
    // Due on 13 Jan (value 6 Jan + 7 days): 7 days at 2.1166…% on CNH 10 m = 405,936 fen.
    at(t, '2026-01-12', '10:00');
    t.submit('HSBC', repay());
    at(t, '2026-01-13', '10:00');
    const repaid = t.accept('HSBC', repay()).events.find((e) => e.type === 'facility_repaid');
    assert.ok(repaid?.type === 'facility_repaid');
    assert.deepEqual([repaid.days, repaid.interest_minor], [7, 405_936n]);
    const end = balances(t);
    assert.equal(start.hsbc_cnh - end.hsbc_cnh, 405_936n, 'the bank paid the interest');
    assert.equal(end.hkma_cnh - start.hkma_cnh, 405_936n, 'the HKMA earned it');
    assert.equal(end.funding, 0n, 'the principal retired');
    assert.equal(end.hsbc_cgb, start.hsbc_cgb);
    assert.equal(end.hkma_cgb, 0n);
    t.hub.checkInvariants();
  });

  test('FX swap: HKD at spot against CNH, the far leg at the implied forward', () => {
    const t = facilityMarket();
    t.accept(
      'operator',
      wire({
        type: 'financing.set_facility_allocation',
        ...{ bank: 'HSBC', facility: 'trade', amount_minor: String(BN) },
      }),
    );
    const start = balances(t);
    // CNH 100 m for one month at SHIBOR 1M 1.60 %; HKD 1.0850 per CNH; HKD at 3.00 %.
    const swap = draw({
      ...{ facility: 'trade', tenor: '1m', purpose: 'trade_finance', form: 'fx_swap' },
      ...{ amount_minor: '10000000000', collateral: undefined },
      ...{ fx_rate_e8: '108500000', hkd_rate_e12: '30000000000' },
    });
    t.accept('HSBC', swap);
    const during = balances(t);
    assert.equal(during.hsbc_cnh - start.hsbc_cnh, 10_000_000_000n);
    assert.equal(start.hsbc_hkd - during.hsbc_hkd, 10_850_000_000n, 'HKD 108.5 m at spot');
    assert.equal(during.hkd_held, 10_850_000_000n);
    // 6 Jan to 6 Feb: 31 days. CNH 13,589,041 fen of interest; HKD 27,645,205 cents back.
    at(t, '2026-02-06', '10:00');
    const repaid = t.accept('HSBC', repay()).events.find((e) => e.type === 'facility_repaid');
    assert.ok(repaid?.type === 'facility_repaid');
    assert.deepEqual(
      [repaid.days, repaid.interest_minor, repaid.hkd_returned_minor, repaid.hkd_interest_minor],
      [31, 13_589_041n, 10_850_000_000n, 27_645_205n],
    );
    const end = balances(t);
    assert.equal(start.hsbc_cnh - end.hsbc_cnh, 13_589_041n);
    assert.equal(end.hsbc_hkd - start.hsbc_hkd, 27_645_205n);
    assert.equal(end.hkma_cnh - start.hkma_cnh, 13_589_041n);
    assert.equal(start.hkma_hkd - end.hkma_hkd, 27_645_205n);
    assert.deepEqual([end.funding, end.hkd_held], [0n, 0n]);
    // The implied forward: HKD 108,776,452.05 for CNH 100,135,890.41, 1.086288… per CNH.
    t.hub.checkInvariants();
  });

  test('intraday funds not repaid by 23:30 become overnight at the overnight rate', () => {
    const t = facilityMarket();
    const intraday = (id: string) =>
      draw({ drawing_id: id, tenor: 'intraday', amount_minor: String(BN) }, face(11_000_000n));
    t.accept('HSBC', intraday('i-1'));
    t.accept('HSBC', intraday('i-2'));
    // One is repaid before the cut-off: a day at the intraday rate, 4,429,224 fen on CNH 1 bn.
    const early = t.accept('HSBC', repay('i-2')).events.find((e) => e.type === 'facility_repaid');
    assert.ok(early?.type === 'facility_repaid');
    assert.equal(early.interest_minor, 4_429_224n);
    assert.equal(rolls(at(t, '2026-01-05', '23:29')).length, 0);
    const rolled = rolls(at(t, '2026-01-05', '23:30'));
    assert.equal(rolled.length, 1);
    const [roll] = rolled;
    assert.ok(roll?.type === 'facility_rolled_overnight');
    assert.equal(roll.drawing_id, 'i-1');
    assert.deepEqual(
      [roll.rate_e12, roll.maturity_date, roll.overnight_used_minor],
      [OVERNIGHT_RATE_E12, '2026-01-06', BN],
    );
    const usage = facilityUsage(t.hub.state);
    assert.equal(usage.overnight_used_minor, BN);
    assert.equal(usage.banks.find((b) => b.bank === 'HSBC')?.rmb_lf_overnight_minor, BN);
    // The snapshot carries the drawing and the next cut-off: replayed, the same state.
    const restored = new Hub(restoreHub(snapshotHub(t.hub.state)));
    assert.equal(restored.digest(), t.hub.digest());
    // Repaid the next day: one day at 2.1166…%, 5,799,087 fen.
    at(t, '2026-01-06', '10:00');
    const repaid = t.accept('HSBC', repay('i-1')).events.find((e) => e.type === 'facility_repaid');
    assert.ok(repaid?.type === 'facility_repaid');
    assert.deepEqual([repaid.days, repaid.interest_minor], [1, 5_799_087n]);
    // The next night's cut-off finds nothing to roll.
    assert.equal(rolls(at(t, '2026-01-06', '23:30')).length, 0);
    t.hub.checkInvariants();
  });

  test('usage per bank and facility; events seen by the bank, the HKMA and operators', () => {
    const t = facilityMarket();
    t.accept(
      'operator',
      wire({ type: 'financing.set_plp_line', bank: 'BOCHK', amount_minor: String(2n * BN) }),
    );
    t.accept('HSBC', draw({ tenor: 'overnight' }));
    const plp = draw({ drawing_id: 'd-2', bank: 'BOCHK', plp_line: true, tenor: 'intraday' });
    const event = t.accept('BOCHK', plp).events.find((e) => e.type === 'facility_drawn');
    assert.ok(event !== undefined);
    const usage = facilityUsage(t.hub.state);
    assert.equal(usage.date, '2026-01-05');
    assert.deepEqual(
      usage.banks.map((b) => [b.bank, b.rmb_lf_overnight_minor, b.plp_line_drawn_minor]),
      [
        ['BOCHK', 0n, 1_000_000_000n],
        ['HSBC', 1_000_000_000n, 0n],
      ],
    );
    assert.equal(usage.banks[0]?.plp_line_minor, 2n * BN);
    assert.deepEqual(
      [usage.overnight_used_minor, usage.overnight_total_minor, usage.intraday_total_minor],
      [1_000_000_000n, 10n * BN, 30n * BN],
    );
    const lookups = stateLookups(t.hub.state, () => undefined);
    const sees = (who: string) => scopeEvent(event, viewerOf(t.hub.state, who), lookups) !== null;
    assert.deepEqual(['BOCHK', 'HKMA', 'operator', 'HSBC'].map(sees), [true, true, true, false]);
  });

  test('a snapshot taken before the facilities restores to none', () => {
    const t = facilityMarket();
    t.accept('HSBC', draw());
    const snapshot = snapshotHub(t.hub.state);
    const { facilities: _, ...older } = snapshot.financing ?? { plps: [], repos: [] };
    const restored = restoreHub({ ...snapshot, financing: older });
    assert.equal(restored.financing.facilities.drawings.size, 0);
    assert.equal(restored.financing.facilities.roll.next_us, 0);
    assert.notEqual(new Hub(restored).digest(), t.hub.digest());
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Hub } from '../hub.js';
import { restoreHub, snapshotHub } from '../state.js';
import { bondQuotaReport } from './state.js';
import { assertRefused, posted, southboundUsdMarket, wire } from './testing.js';

const BOND = 'HKHTGB25USD6';

/** cn-inst-fund buys USD 100,000 of face at 99.50 from BOCHK, settling T+0 (5 January 2026). */
function imported(extra: object = {}) {
  return wire({
    type: 'bonds.import_trade',
    trade_id: 'CFETS-20260105-0001',
    security_id: BOND,
    investor: 'cn-inst-fund',
    side: 'buy',
    dealer: 'BOCHK',
    order_qty_minor: '10000000',
    px_e8: '9950000000',
    accrued_minor: ACCRUED,
    settlement_date: '2026-01-05',
    ...extra,
  });
}

// ACT/ACT-ICMA, semi-annual 3.633 % on USD 100,000 face, 47 of the 181 days from the issue on
// 19 Nov 2025 to the first coupon on 19 May 2026: 1,816.50 × 47 / 181 = USD 471.69.
const ACCRUED = '47169';

describe('imported bond trades (concluded on another platform)', () => {
  test("checked like an RFQ trade; the accrued interest must be the bond's own", () => {
    const t = southboundUsdMarket();
    assertRefused(t, 'PEARL', imported(), 'NOT_AUTHORIZED');
    assertRefused(t, 'operator', imported({ security_id: 'HK0000NOTE29' }), 'BOND_UNKNOWN');
    const hk = imported({ investor: 'hk-inst-fund' });
    assertRefused(t, 'operator', hk, 'BOND_INVESTOR_NOT_ELIGIBLE');
    assertRefused(t, 'operator', imported({ dealer: 'HSBC' }), 'RFQ_DEALER_NOT_MAKER');
    const odd = imported({ order_qty_minor: '150' });
    assertRefused(t, 'operator', odd, 'BOND_QUANTITY_INVALID');
    const sunday = imported({ settlement_date: '2026-01-11' });
    assertRefused(t, 'operator', sunday, 'BOND_SETTLEMENT_NOT_BUSINESS_DAY');
    const off_by_one = imported({ accrued_minor: String(BigInt(ACCRUED) + 1n) });
    assertRefused(t, 'operator', off_by_one, 'BOND_ACCRUED_MISMATCH');
  });

  test('counted by the Southbound quota, settled DvP at once, imported once; replays', () => {
    const t = southboundUsdMarket();
    const usd_before = posted(t, 'cn-inst-fund/USD');
    const result = t.accept('operator', imported());
    const event = result.events.find((e) => e.type === 'bond_trade');
    assert.ok(event?.type === 'bond_trade');
    // USD 99,500.00 clean + the accrued interest, paid by the investor at once (T+0).
    assert.equal(event.trade.settlement_amount_minor, 9_950_000n + BigInt(ACCRUED));
    assert.equal(usd_before - posted(t, 'cn-inst-fund/USD'), event.trade.settlement_amount_minor);
    assert.equal(posted(t, `${BOND}/SHCH/cn-inst-fund`), 100_000n);
    // USD 99,971.69 at 7.1 RMB per USD, a buy, rounded up (§3): RMB 709,799.00
    assert.equal(event.trade.quota_rmb_minor, 70_979_900n);
    const report = bondQuotaReport(t.hub.state.bonds);
    assert.equal(
      report.daily_quota_minor - report.daily_balance_minor,
      event.trade.quota_rmb_minor,
    );
    assertRefused(t, 'operator', imported(), 'BOND_TRADE_EXISTS');
    const restored = new Hub(restoreHub(snapshotHub(t.hub.state)));
    assert.equal(restored.digest(), t.hub.digest());
  });
});

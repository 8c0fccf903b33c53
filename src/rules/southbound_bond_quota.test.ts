import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRate } from '../kernel/index.js';
import {
  annualBalance,
  applySouthboundBondTrade,
  createSouthboundBondQuota,
  dailyBalance,
  releaseSouthboundBondTrade,
  SB_BOND_DAILY_QUOTA_MINOR,
  type SouthboundBondQuotaState,
  type SouthboundBondTrade,
  southboundBondQuotaReport,
  startSouthboundBondQuotaDay,
} from './southbound_bond_quota.js';

const BN = 100_000_000_000n; // RMB 1 bn (or 1 bn of any 2-decimal currency) in minor units
const FX = {
  USD: parseRate('7.1') ?? assert.fail(),
  HKD: parseRate('0.91') ?? assert.fail(),
  EUR: parseRate('7.7') ?? assert.fail(),
};

function snapshot(state: SouthboundBondQuotaState): string {
  return JSON.stringify({ ...state, trades: [...state.trades] }, (_k, v) =>
    typeof v === 'bigint' ? `${v}` : v,
  );
}

let next_id = 0;
function trade(over: Partial<SouthboundBondTrade>): SouthboundBondTrade {
  next_id += 1;
  return {
    trade_id: `T${next_id}`,
    date: '2026-03-02',
    side: 'buy',
    channel: 'bond_connect',
    currency: 'CNY',
    amount_minor: BN,
    ...over,
  };
}

function refused(state: SouthboundBondQuotaState, t: SouthboundBondTrade, code: string): void {
  const before = snapshot(state);
  const outcome = applySouthboundBondTrade(state, t);
  assert.equal(outcome.ok ? 'accepted' : outcome.code, code);
  assert.equal(snapshot(state), before, 'a refused trade changes nothing');
}

function quota(annual = 500n * BN): SouthboundBondQuotaState {
  const state = createSouthboundBondQuota('2026-03-02', annual);
  startSouthboundBondQuotaDay(state, '2026-03-02', FX);
  return state;
}

describe('Southbound Bond Connect quota: a worked day', () => {
  it('consumes on buys, releases on sells, refuses what does not fit, exempts QDII', () => {
    const q = quota();
    assert.equal(dailyBalance(q), SB_BOND_DAILY_QUOTA_MINOR);
    // 1. Buy RMB 12 bn: daily 20 → 8, annual 500 → 488.
    assert.ok(applySouthboundBondTrade(q, trade({ trade_id: 'B1', amount_minor: 12n * BN })).ok);
    assert.equal(dailyBalance(q), 8n * BN);
    assert.equal(annualBalance(q), 488n * BN);
    // 2. Buy USD 1.2 bn = RMB 8.52 bn at 7.1: more than the 8 bn left, refused whole.
    const usd = trade({ currency: 'USD', amount_minor: (12n * BN) / 10n });
    refused(q, usd, 'SB_BOND_DAILY_QUOTA_EXCEEDED');
    // 3. Sell HKD 3 bn = RMB 2.73 bn at 0.91: daily 8 → 10.73.
    const sell = trade({ side: 'sell', currency: 'HKD', amount_minor: 3n * BN });
    assert.equal(applySouthboundBondTrade(q, sell).ok, true);
    assert.equal(dailyBalance(q), 1073n * (BN / 100n));
    // 4. The USD buy now fits: 10.73 − 8.52 = 2.21, under 30 % of 20 bn: the balance is shown.
    assert.ok(applySouthboundBondTrade(q, usd).ok);
    assert.equal(dailyBalance(q), 221n * (BN / 100n));
    assert.equal(southboundBondQuotaReport(q).daily_status, 'balance_shown');
    // 5. A QDII buy of RMB 50 bn is exempt: recorded, not counted.
    assert.equal(
      applySouthboundBondTrade(q, trade({ channel: 'qdii', amount_minor: 50n * BN })).ok,
      true,
    );
    assert.equal(dailyBalance(q), 221n * (BN / 100n));
    assert.equal(southboundBondQuotaReport(q).exempt_today_minor, 50n * BN);
    // 6. The 12 bn buy fails finally the same day: released on both balances.
    const released = releaseSouthboundBondTrade(q, 'B1');
    assert.equal(released.ok && released.value, 12n * BN);
    assert.equal(dailyBalance(q), 1421n * (BN / 100n));
    assert.equal(annualBalance(q), 500n * BN - 852n * (BN / 100n) + 273n * (BN / 100n));
    assert.equal(southboundBondQuotaReport(q).daily_status, 'sufficient');
  });

  it('rounds foreign buys up and sells down to the fen', () => {
    const q = quota();
    const buy = applySouthboundBondTrade(q, trade({ currency: 'USD', amount_minor: 1n }));
    assert.equal(buy.ok && buy.value, 8n); // 7.1 fen, up
    const sell = applySouthboundBondTrade(
      q,
      trade({ side: 'sell', currency: 'USD', amount_minor: 1n }),
    );
    assert.equal(sell.ok && sell.value, 7n); // 7.1 fen, down
  });
});

describe('Southbound Bond Connect quota: across days and years', () => {
  it('exhausts the annual quota; an earlier day’s release goes to the annual balance only', () => {
    const q = quota(25n * BN);
    assert.ok(applySouthboundBondTrade(q, trade({ trade_id: 'D1', amount_minor: 20n * BN })).ok);
    refused(q, trade({ amount_minor: 1n }), 'SB_BOND_DAILY_QUOTA_EXCEEDED');
    startSouthboundBondQuotaDay(q, '2026-03-03', FX);
    assert.equal(dailyBalance(q), 20n * BN);
    assert.equal(annualBalance(q), 5n * BN);
    const day2 = { date: '2026-03-03' };
    refused(q, trade({ ...day2, amount_minor: 5n * BN + 1n }), 'SB_BOND_ANNUAL_QUOTA_EXCEEDED');
    assert.ok(applySouthboundBondTrade(q, trade({ ...day2, amount_minor: 5n * BN })).ok);
    assert.equal(annualBalance(q), 0n);
    // Day 1's trade fails on day 2: the annual balance gets it back, today's does not.
    assert.ok(releaseSouthboundBondTrade(q, 'D1').ok);
    assert.equal(annualBalance(q), 20n * BN);
    assert.equal(dailyBalance(q), 15n * BN);
  });

  it('starts a new year afresh: trades of last year can no longer be released', () => {
    const q = quota();
    assert.ok(applySouthboundBondTrade(q, trade({ trade_id: 'Y1', amount_minor: 3n * BN })).ok);
    startSouthboundBondQuotaDay(q, '2027-01-04', FX);
    assert.equal(annualBalance(q), 500n * BN);
    const before = snapshot(q);
    const outcome = releaseSouthboundBondTrade(q, 'Y1');
    assert.equal(outcome.ok ? '' : outcome.code, 'SB_BOND_TRADE_UNKNOWN');
    assert.equal(snapshot(q), before);
  });

  it('lets a failed sell take the balance below zero, and then refuses buys', () => {
    const q = quota();
    assert.ok(
      applySouthboundBondTrade(q, trade({ side: 'sell', trade_id: 'S1', amount_minor: 5n * BN }))
        .ok,
    );
    assert.ok(applySouthboundBondTrade(q, trade({ amount_minor: 25n * BN })).ok);
    assert.ok(releaseSouthboundBondTrade(q, 'S1').ok);
    assert.equal(dailyBalance(q), -5n * BN);
    refused(q, trade({ amount_minor: 1n }), 'SB_BOND_DAILY_QUOTA_EXCEEDED');
    assert.ok(applySouthboundBondTrade(q, trade({ side: 'sell', amount_minor: 6n * BN })).ok);
    assert.ok(applySouthboundBondTrade(q, trade({ amount_minor: 1n * BN })).ok);
  });
});

describe('Southbound Bond Connect quota: refusals leave the state unchanged', () => {
  it('refuses a non-positive amount, another day, a duplicate id and a missing FX rate', () => {
    const q = quota();
    refused(q, trade({ amount_minor: 0n }), 'SB_BOND_AMOUNT_INVALID');
    refused(q, trade({ side: 'hold' as never }), 'SB_BOND_TRADE_INVALID');
    refused(q, trade({ channel: 'qfii' as never }), 'SB_BOND_TRADE_INVALID');
    refused(q, trade({ currency: 'JPY' as never }), 'SB_BOND_TRADE_INVALID');
    refused(q, trade({ date: '2026-03-03' }), 'SB_BOND_DAY_MISMATCH');
    assert.ok(applySouthboundBondTrade(q, trade({ trade_id: 'X' })).ok);
    refused(q, trade({ trade_id: 'X' }), 'SB_BOND_TRADE_DUPLICATE');
    startSouthboundBondQuotaDay(q, '2026-03-03', {});
    refused(q, trade({ date: '2026-03-03', currency: 'EUR' }), 'SB_BOND_FX_RATE_MISSING');
    assert.ok(applySouthboundBondTrade(q, trade({ date: '2026-03-03', currency: 'CNH' })).ok);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { assertRefused, wire } from '../bonds/testing.js';
import type { HubEvent } from '../events.js';
import { assetTotal, at, cnh, lifeMarket, openRepoCommand } from './life_testing.js';

const FUND = 'hk-inst-fund';
const call = (px_e8: string | bigint) =>
  wire({ type: 'financing.call_margin', repo_id: 'repo-1', px_e8: px_e8.toString() });
const pay = wire({ type: 'financing.pay_margin', repo_id: 'repo-1' });

function topUp(t: ReturnType<typeof lifeMarket>, id: string, amount_minor: bigint): void {
  const transfer = { id, debit_account_id: 'BOCHK/CNH/issuance', credit_account_id: `${FUND}/CNH` };
  const transfers = [{ ...transfer, amount_minor: amount_minor.toString() }];
  t.accept('operator', wire({ type: 'ledger.create_transfers', transfers }));
}

describe('margin calls that can be missed (GMRA 2011 para 4)', () => {
  test('a call the fund cannot cover is outstanding, paid later with financing.pay_margin', () => {
    // The fund holds no CNH of its own: after the start leg it has exactly the purchase price.
    const t = lifeMarket(0n);
    t.accept('operator', openRepoCommand({ margin_deadline_minutes: 30 }));
    const spend = {
      id: 'spend',
      debit_account_id: `${FUND}/CNH`,
      credit_account_id: 'BOCHK/CNH/issuance',
    };
    const amount_minor = (cnh(t, FUND) - 5_000_000n).toString();
    t.accept(
      'operator',
      wire({ type: 'ledger.create_transfers', transfers: [{ ...spend, amount_minor }] }),
    );
    at(t, '2026-01-07', '10:00');
    assertRefused(t, 'HARBOUR', pay, 'MARGIN_CALL_NONE');
    // The call of 5,100,000 (default.test.ts works it out) is more than the fund's 5,000,000.
    const events = t.accept('HSBC', call('10000000000')).events;
    const outstanding = events.find((e) => e.type === 'margin_call_outstanding');
    assert.ok(outstanding?.type === 'margin_call_outstanding');
    assert.equal(outstanding.amount_minor, 5_100_000n);
    assert.equal(outstanding.deadline_us, t.now_us + 30 * 60_000_000);
    assert.equal(t.hub.state.financing.repos.get('repo-1')?.cash_margin_minor, 0n);
    assertRefused(t, 'HSBC', pay, 'MARGIN_NOT_PAYER');
    assertRefused(t, 'PEARL', pay, 'NOT_AUTHORIZED');
    assertRefused(t, 'HARBOUR', pay, 'INSUFFICIENT_FUNDS');
    topUp(t, 'top-up', 100_000n);
    const [fund_cash, hsbc_cash] = [cnh(t, FUND), cnh(t, 'HSBC')];
    const paid = t.accept('HARBOUR', pay).events.find((e) => e.type === 'margin_paid');
    assert.ok(paid?.type === 'margin_paid');
    assert.equal(paid.amount_minor, 5_100_000n);
    assert.equal(paid.cash_margin_minor, 5_100_000n);
    assert.equal(fund_cash - cnh(t, FUND), 5_100_000n);
    assert.equal(cnh(t, 'HSBC') - hsbc_cash, 5_100_000n);
    assert.equal(t.hub.state.financing.margin_calls.size, 0);
    assertRefused(t, 'HARBOUR', pay, 'MARGIN_CALL_NONE');
    // Covered now at the same price.
    assertRefused(t, 'HSBC', call('10000000000'), 'MARGIN_BELOW_MINIMUM');
    t.hub.checkInvariants();
  });

  test('a close on the repurchase date clears an outstanding call', () => {
    const t = lifeMarket(0n);
    t.accept('operator', openRepoCommand());
    const spend = {
      id: 'spend',
      debit_account_id: `${FUND}/CNH`,
      credit_account_id: 'BOCHK/CNH/issuance',
    };
    const amount_minor = (cnh(t, FUND) - 1_000_000n).toString();
    t.accept(
      'operator',
      wire({ type: 'ledger.create_transfers', transfers: [{ ...spend, amount_minor }] }),
    );
    at(t, '2026-01-12', '10:00');
    t.accept('HSBC', call('9000000000'));
    assert.equal(t.hub.state.financing.margin_calls.size, 1);
    // Cash for the end leg (the repurchase price), not paid as margin.
    topUp(t, 'top-up', 110_000_000n);
    t.accept('HARBOUR', wire({ type: 'financing.close_repo', repo_id: 'repo-1' }));
    assert.equal(t.hub.state.financing.margin_calls.size, 0);
    assert.equal(t.hub.state.financing.repos.size, 0);
  });

  test('property: over random price paths cash is conserved and the margin held is the sum paid', () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('call' as const),
        px_e8: fc.bigInt(9_000_000_000n, 11_500_000_000n),
      }),
      fc.record({ kind: fc.constant('pay' as const) }),
      fc.record({ kind: fc.constant('top_up' as const), amount_minor: fc.bigInt(1n, 5_000_000n) }),
    );
    type Step =
      | { kind: 'call'; px_e8: bigint }
      | { kind: 'pay' }
      | { kind: 'top_up'; amount_minor: bigint };
    const seen = new Set<string>();
    const run = (fund_cash_minor: bigint, steps: readonly Step[]) => {
      const t = lifeMarket(fund_cash_minor);
      t.accept('operator', openRepoCommand({ minimum_transfer_minor: '0', rounding_minor: '1' }));
      // The fund spends the purchase price: it pays margin from its own cash only.
      const spend = {
        id: 'spend',
        debit_account_id: `${FUND}/CNH`,
        credit_account_id: 'BOCHK/CNH/issuance',
      };
      const amount_minor = (cnh(t, FUND) - fund_cash_minor).toString();
      t.accept(
        'operator',
        wire({ type: 'ledger.create_transfers', transfers: [{ ...spend, amount_minor }] }),
      );
      at(t, '2026-01-07', '10:00');
      const total = assetTotal(t, 'CNH');
      let pair = cnh(t, FUND) + cnh(t, 'HSBC');
      let paid_minor = 0n;
      steps.forEach((s, index) => {
        if (s.kind === 'top_up') {
          topUp(t, `top-up-${index}`, s.amount_minor);
          pair += s.amount_minor;
          return;
        }
        const result = t.submit('HARBOUR', s.kind === 'call' ? call(s.px_e8) : pay);
        paid_minor += paidIn(result.events);
        for (const e of result.events)
          seen.add(e.type === 'margin_called' ? `called:${e.from}` : e.type);
        assert.equal(assetTotal(t, 'CNH'), total);
        assert.equal(cnh(t, FUND) + cnh(t, 'HSBC'), pair);
        assert.equal(t.hub.state.financing.repos.get('repo-1')?.cash_margin_minor, paid_minor);
      });
      t.hub.checkInvariants();
    };
    const steps = fc.array(step, { minLength: 1, maxLength: 12 });
    fc.assert(fc.property(fc.bigInt(0n, 8_000_000n), steps, run), { numRuns: 25, seed: 15 });
    // The paths reached every case: paid at once either way, missed, paid later.
    for (const kind of [
      'called:seller',
      'called:buyer',
      'margin_call_outstanding',
      'margin_paid',
    ]) {
      assert.ok(seen.has(kind), kind);
    }
  });
});

/** Margin paid in a command's events, signed as held by the buyer (+ from the seller). */
function paidIn(events: readonly HubEvent[]): bigint {
  let paid = 0n;
  for (const e of events) {
    if (e.type !== 'margin_called' && e.type !== 'margin_paid') continue;
    paid += e.from === 'seller' ? e.amount_minor : -e.amount_minor;
  }
  return paid;
}

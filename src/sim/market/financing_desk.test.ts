import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Mulberry32 } from '../../kernel/random.js';
import { secondOfDay, timestampAt } from '../../kernel/time.js';
import { type DeskRun, runDeskMinutes } from './desk_testing.js';
import { FinancingDesk, SHOCK_SECOND } from './financing_desk.js';

interface Run extends DeskRun {
  readonly digest: string;
  readonly desk: FinancingDesk;
}

/**
 * The repo desk alone on the demo's genesis, one step a minute of hub time from Monday 5 January
 * 2026 09:00 to Wednesday 7 January 16:30 (a tick when it has nothing to send).
 */
function runDesk(seed: number): Run {
  const desk = new FinancingDesk(new Mulberry32(seed));
  const run = runDeskMinutes(
    timestampAt('2026-01-05', '09:00'),
    timestampAt('2026-01-07', '16:30'),
    (state, now) => desk.step(state, now),
  );
  return { ...run, digest: run.hub.digest(), desk };
}

const of = (run: Run, type: string) => run.events.filter((e) => e.event.type === type);

describe('the demo repo desk over three demo days', () => {
  const run = runDesk(7);

  test('opens repos to the PLPs, closes them when due, refused nothing', () => {
    assert.deepEqual(run.rejected, []);
    const opened = of(run, 'repo_opened');
    const closed = of(run, 'repo_closed');
    assert.ok(opened.length >= 5, `${opened.length} repos opened`);
    assert.ok(closed.length >= 2, `${closed.length} repos closed`);
    for (const { event } of opened) {
      assert.ok(event.type === 'repo_opened');
      assert.ok(['BOCHK', 'HSBC', 'SCBHK'].includes(event.terms.buyer), event.terms.buyer);
      assert.equal(event.terms.currency, 'CNH');
    }
    // Each close is on or after its repurchase date, of a repo the desk opened.
    for (const { event, timestamp_us } of closed) {
      assert.ok(event.type === 'repo_closed');
      const open = opened.find(
        (o) => o.event.type === 'repo_opened' && o.event.repo_id === event.repo_id,
      );
      assert.ok(open !== undefined && open.event.type === 'repo_opened', event.repo_id);
      const due = open.event.terms.repurchase_date as string;
      assert.ok(timestamp_us >= timestampAt(due, '00:00'), `${event.repo_id} closed before ${due}`);
      assert.ok(event.days >= 1);
    }
  });

  test('the 11:00 shock calls margin from the sellers; the recovery calls it back', () => {
    const calls = of(run, 'margin_called');
    const shocked = calls.filter(
      (c) => c.event.type === 'margin_called' && c.event.from === 'seller',
    );
    assert.ok(shocked.length >= 1, 'a seller delivered margin');
    for (const c of shocked) assert.ok(secondOfDay(c.timestamp_us) >= SHOCK_SECOND);
    const back = calls.filter((c) => c.event.type === 'margin_called' && c.event.from === 'buyer');
    assert.ok(back.length >= 1, 'a buyer returned margin after the recovery');
  });

  test('the closing valuation is published each day; the same seed gives the same hub', () => {
    const valuations = of(run, 'bond_valuation_published').map(
      (e) => e.event.type === 'bond_valuation_published' && e.event.date,
    );
    assert.deepEqual(valuations, ['2026-01-05', '2026-01-06', '2026-01-07']);
    assert.equal(runDesk(7).digest, run.digest);
    assert.notEqual(runDesk(8).digest, run.digest);
  });

  test('a desk restarted during a day prices the CGB as the one that ran all along', () => {
    const state = run.hub.state;
    const fresh = new FinancingDesk(new Mulberry32(7));
    fresh.step(state, timestampAt('2026-01-07', '10:00'));
    const morning = 10 * 3600;
    const ran = run.desk.priceE8(state, '2026-01-07', morning);
    assert.ok(ran !== null);
    assert.equal(fresh.priceE8(state, '2026-01-07', morning), ran);
    // The shock: 2.50 per 100 off from 11:00.
    assert.equal(run.desk.priceE8(state, '2026-01-07', SHOCK_SECOND), ran - 250_000_000n);
  });
});

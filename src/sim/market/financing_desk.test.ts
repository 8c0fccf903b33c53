import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Hub, type HubEvent } from '../../hub/index.js';
import { Mulberry32 } from '../../kernel/random.js';
import { secondOfDay, timestampAt } from '../../kernel/time.js';
import { DEMO_START_US, genesisSubmissions } from '../genesis.js';
import { FinancingDesk, SHOCK_SECOND } from './financing_desk.js';

interface Run {
  readonly events: Array<{ event: HubEvent; timestamp_us: number }>;
  readonly rejected: string[];
  readonly digest: string;
  readonly hub: Hub;
  readonly desk: FinancingDesk;
}

/**
 * The repo desk alone on the demo's genesis, one step a minute of hub time from Monday 5 January
 * 2026 09:00 to Wednesday 7 January 16:30 (a tick when it has nothing to send).
 */
function runDesk(seed: number): Run {
  const hub = new Hub();
  const events: Run['events'] = [];
  const rejected: string[] = [];
  const apply = (participant: string, command: unknown, timestamp_us: number) => {
    const result = hub.apply({
      seq: hub.seq + 1,
      timestamp_us: Math.max(timestamp_us, hub.now_us),
      participant,
      idempotency_key: null,
      command: command as never,
    });
    if (result.status === 'rejected')
      rejected.push(`${(command as { type: string }).type}:${result.rejection?.code}`);
    for (const event of result.events) events.push({ event, timestamp_us: hub.now_us });
  };
  for (const s of genesisSubmissions()) apply(s.participant, s.command, DEMO_START_US);
  const desk = new FinancingDesk(new Mulberry32(seed));
  const end_us = timestampAt('2026-01-07', '16:30');
  for (let now = timestampAt('2026-01-05', '09:00'); now <= end_us; now += 60_000_000) {
    const steps = desk.step(hub.state, now);
    if (steps.length === 0) apply('operator', { type: 'hub.tick' }, now);
    for (const s of steps) apply(s.participant, s.command, now);
  }
  return { events, rejected, digest: hub.digest(), hub, desk };
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

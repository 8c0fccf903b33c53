import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Mulberry32 } from '../../kernel/random.js';
import { marketDate, secondOfDay, timestampAt } from '../../kernel/time.js';
import { type DeskRun, runDeskMinutes } from './desk_testing.js';
import { FacilityDesk } from './facility_desk.js';
import { FinancingDesk } from './financing_desk.js';

interface Run extends DeskRun {
  readonly digest: string;
}

/**
 * The facility desk beside the repo desk (as the demo runs them: the facility desk first) on the
 * demo's genesis, one step a minute of hub time from Monday 5 January 2026 09:00 to Wednesday
 * 7 January 16:30 (a tick when neither has anything to send).
 */
function runDesks(seed: number): Run {
  const rng = new Mulberry32(seed);
  const repo_desk = new FinancingDesk(rng.fork());
  const desk = new FacilityDesk(rng.fork(), (state, today, second) =>
    repo_desk.priceE8(state, today, second),
  );
  const run = runDeskMinutes(
    timestampAt('2026-01-05', '09:00'),
    timestampAt('2026-01-07', '16:30'),
    (state, now) => [...desk.step(state, now), ...repo_desk.step(state, now)],
  );
  return { ...run, digest: run.hub.digest() };
}

const of = (run: Run, type: string) => run.events.filter((e) => e.event.type === type);

describe('the demo facility desk over three demo days', () => {
  const run = runDesks(7);

  test('nothing it or the repo desk sends is refused', () => {
    assert.deepEqual(run.rejected, []);
  });

  test('the fixings: three business days before the first, then each day from 11:15', () => {
    const published = of(run, 'facility_rate_published');
    const hibor = published.flatMap(({ event, timestamp_us }) =>
      event.type === 'facility_rate_published' && event.name === 'CNH_HIBOR_ON'
        ? [[event.date, marketDate(timestamp_us), secondOfDay(timestamp_us)] as const]
        : [],
    );
    // 1 January is a holiday, 3 and 4 January a weekend: the three days before are 30 and
    // 31 December and 2 January, published at the first step.
    assert.deepEqual(hibor.map(([date]) => date).sort(), [
      '2025-12-30',
      '2025-12-31',
      '2026-01-02',
      '2026-01-05',
      '2026-01-06',
      '2026-01-07',
    ]);
    for (const [date, on, second] of hibor)
      if (date >= '2026-01-05') assert.ok(on === date && second >= 11.25 * 3600, date);
    assert.equal(published.length, 4 * 6, 'four rates a day');
  });

  test('intraday drawings each day, repaid before the cut-off, but one rolled and repaid the next day', () => {
    const drawn = of(run, 'facility_drawn').map(
      (e) => e.event.type === 'facility_drawn' && e.event.drawing,
    );
    const intraday = drawn.filter((d) => d !== false && d.tenor === 'intraday');
    const days = new Set(intraday.map((d) => d !== false && d.trade_date));
    assert.deepEqual([...days], ['2026-01-05', '2026-01-06', '2026-01-07']);
    const rolled = of(run, 'facility_rolled_overnight');
    assert.ok(rolled.length >= 1, 'an intraday drawing rolled to overnight');
    const repaid = of(run, 'facility_repaid');
    for (const r of rolled) {
      assert.ok(r.event.type === 'facility_rolled_overnight');
      const id = r.event.drawing_id;
      const back = repaid.find(
        (x) => x.event.type === 'facility_repaid' && x.event.drawing_id === id,
      );
      assert.ok(back !== undefined, `${id} repaid`);
      assert.ok(marketDate(back.timestamp_us) > id.slice(3, 13), `${id} repaid the next day`);
    }
    // The others were repaid the same day, from 14:30, before 23:30.
    const outstanding = [...run.hub.state.financing.facilities.drawings.values()]
      .filter((d) => d.tenor === 'intraday')
      .map((d) => d.drawing_id);
    assert.ok(outstanding.length <= 1, outstanding.join());
    for (const d of intraday) {
      if (
        d === false ||
        rolled.some(
          (r) =>
            r.event.type === 'facility_rolled_overnight' && r.event.drawing_id === d.drawing_id,
        )
      )
        continue;
      const back = repaid.find(
        (x) => x.event.type === 'facility_repaid' && x.event.drawing_id === d.drawing_id,
      );
      // The last day's drawing left to roll is still out at 16:30.
      if (back === undefined && d.trade_date === '2026-01-07' && outstanding.includes(d.drawing_id))
        continue;
      assert.ok(back !== undefined, `${d.drawing_id} repaid`);
      assert.equal(marketDate(back.timestamp_us), d.trade_date);
      assert.ok(secondOfDay(back.timestamp_us) >= 14.5 * 3600);
    }
    assert.ok(
      intraday.some((d) => d !== false && d.plp_line),
      'a drawing under a PLP line',
    );
    assert.ok(
      drawn.some((d) => d !== false && d.facility === 'trade'),
      'a trade-facility drawing',
    );
  });

  test('HSBC posts received bonds to OTC Clear and has them back before the repo closes', () => {
    const posted = of(run, 'otc_margin_posted');
    assert.ok(posted.length >= 1, 'a posting');
    const closed = of(run, 'repo_closed');
    for (const p of posted) {
      assert.ok(p.event.type === 'otc_margin_posted');
      assert.ok(p.event.reuse_of !== null);
      const { reuse_of: repo_id, posting_id } = p.event;
      const close = closed.find(
        (c) => c.event.type === 'repo_closed' && c.event.repo_id === repo_id,
      );
      if (close === undefined) continue;
      const release = of(run, 'otc_margin_released').find(
        (r) => r.event.type === 'otc_margin_released' && r.event.posting_id === posting_id,
      );
      assert.ok(release !== undefined && release.timestamp_us <= close.timestamp_us);
    }
  });

  test('the same seed gives the same hub', () => {
    assert.equal(runDesks(7).digest, run.digest);
  });
});

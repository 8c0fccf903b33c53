import assert from 'node:assert/strict';
import { test } from 'node:test';
import { figureOf, MOUTAI, ofKind, Script } from './fixtures.js';
import { meanAbsDeviation, upperTail } from './herding.js';

const ALGOS = Array.from({ length: 10 }, (_, i) => `algo-${i}`);

/** Each account takes liquidity `side` once, two seconds apart, against LUJIAZUI's quotes. */
function takers(
  s: Script,
  accounts: readonly string[],
  sides: readonly ('buy' | 'sell')[],
  first_id: number,
): void {
  accounts.forEach((owner, k) => {
    const side = sides[k % sides.length] as 'buy' | 'sell';
    const maker = first_id + 2 * k;
    s.order({
      id: maker,
      owner: 'LUJIAZUI',
      participant: 'LUJIAZUI',
      side: side === 'buy' ? 'sell' : 'buy',
      price: 146_000,
      qty: 100,
    });
    s.order({ id: maker + 1, owner, side, price: 146_000, qty: 100 });
    if (side === 'buy') s.trade(maker + 1, maker, 146_000, 100, 'buy');
    else s.trade(maker, maker + 1, 146_000, 100, 'sell');
    s.advance(2_000);
  });
}

test('alerts when ten accounts take the same side of one stock in the same minute', () => {
  const s = new Script(undefined, '10:00:01');
  takers(s, ALGOS, ['buy'], 100);
  const [alert] = ofKind(s.alerts, 'convergent_trading');
  assert.ok(alert !== undefined);
  assert.equal(alert.subtype, 'buy');
  assert.equal(alert.instrument, MOUTAI);
  assert.equal(alert.owners.length, 8, 'raised as soon as the eighth account makes it unlikely');
  assert.ok(
    alert.owners.every((o) => ALGOS.includes(o)),
    'the market maker is not in the herd',
  );
  assert.equal(figureOf(alert, 'accounts'), 8);
  assert.equal(ofKind(s.alerts, 'convergent_trading').length, 1, 'one alert per herd');
});

test('does not alert on a balanced window, or on accounts spread over several windows', () => {
  const balanced = new Script(undefined, '10:00:01');
  takers(balanced, ALGOS, ['buy', 'sell'], 100);
  assert.deepEqual(ofKind(balanced.alerts, 'convergent_trading'), []);
  const spread = new Script(undefined, '10:00:01');
  for (const [k, owner] of ALGOS.entries()) {
    takers(spread, [owner], ['buy'], 100 + 10 * k);
    spread.advance(40_000);
  }
  assert.deepEqual(ofKind(spread.alerts, 'convergent_trading'), []);
});

test('binomial tail and LSV adjustment factor match hand-computed values', () => {
  assert.equal(upperTail(10, 10, 0.5), 1 / 1024);
  assert.ok(Math.abs(upperTail(4, 0, 0.3) - 1) < 1e-12);
  assert.ok(Math.abs(upperTail(12, 11, 0.5) - 13 / 4096) < 1e-15);
  // E|B/2 − 1/2| for B ~ Bin(2, 1/2): 1/4·1/2 + 1/2·0 + 1/4·1/2 = 1/4.
  assert.ok(Math.abs(meanAbsDeviation(2, 0.5) - 0.25) < 1e-15);
});

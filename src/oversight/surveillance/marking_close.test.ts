import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timestampAt } from '../../kernel/time.js';
import { DAY, figureOf, MOUTAI, ofKind, Script } from './fixtures.js';

const MARKER = 'cn-pro-zhao';
const A = 'cn-retail-liu';
const B = 'hk-retail-chan';
const BASE = 145_990;

/** Quiet two-way trading once a minute from 09:30 to `until`, the price wobbling by one tick. */
function quietDay(s: Script, until: string, buyer = A): number {
  s.at('09:30').phase(MOUTAI, 'closed', 'continuous');
  let id = 1_000;
  const end = timestampAt(DAY, until);
  for (let minute = 0; s.now_us < end; minute += 1) {
    const price = BASE + (minute % 2);
    s.order({ id, owner: buyer, side: 'buy', price, qty: 200 });
    s.order({ id: id + 1, owner: B, side: 'sell', price, qty: 200 });
    s.trade(id, id + 1, price, 200, minute % 2 === 0 ? 'sell' : 'buy');
    id += 2;
    s.advance(60_000);
  }
  return id;
}

/** The marker takes the offer three times in the last minutes, lifting the price `step` each time. */
function markUp(s: Script, id: number, step: number): void {
  s.at('14:54');
  for (let k = 1; k <= 3; k += 1) {
    const price = BASE + k * step;
    s.order({ id: id + k * 2, owner: B, side: 'sell', price, qty: 300 });
    s.order({ id: id + k * 2 + 1, owner: MARKER, side: 'buy', price, qty: 300 });
    s.trade(id + k * 2 + 1, id + k * 2, price, 300, 'buy');
    s.advance(40_000);
  }
}

function closingAuction(s: Script, id: number, price: number): ReturnType<Script['emit']> {
  s.at('14:57').phase(MOUTAI, 'continuous', 'auction_no_cancel');
  s.at('14:58').order({ id, owner: MARKER, side: 'buy', price: price + 100, qty: 1_000 });
  s.order({ id: id + 1, owner: A, side: 'sell', price, qty: 1_000 });
  s.at('15:00').trade(id, id + 1, price, 1_000, 'auction');
  return s.phase(MOUTAI, 'auction_no_cancel', 'closed');
}

test('alerts at the close when one owner’s aggressive buying lifted the closing price', () => {
  const s = new Script();
  const id = quietDay(s, '14:50');
  markUp(s, id, 60);
  const raised = closingAuction(s, id + 100, BASE + 240);
  const [alert] = ofKind(raised, 'marking_the_close');
  assert.ok(alert !== undefined, 'raised in the batch that closes the auction');
  assert.deepEqual(alert.owners, [MARKER]);
  assert.equal(alert.subtype, 'closing_auction');
  assert.equal(figureOf(alert, 'close_price_units'), BASE + 240);
  const reference = figureOf(alert, 'reference_price_units') as number;
  assert.equal(
    figureOf(alert, 'close_move_ticks'),
    BASE + 240 - reference,
    'A-share tick: RMB 0.01',
  );
  assert.ok((figureOf(alert, 'one_way_share_bps') as number) >= 2_500);
  assert.ok(alert.evidence.trades.some((t) => t.aggressor === 'auction'));
  const close = `${Math.floor((BASE + 240) / 100)}.${String((BASE + 240) % 100).padStart(2, '0')}`;
  assert.match(alert.summary, / in 600519 one way /);
  assert.ok(alert.summary.endsWith(` → ${close})`), alert.summary);
});

test('does not alert when the close did not move', () => {
  const s = new Script();
  const id = quietDay(s, '14:50');
  markUp(s, id, 0);
  closingAuction(s, id + 100, BASE);
  assert.deepEqual(ofKind(s.alerts, 'marking_the_close'), []);
});

test('does not alert when the owner’s share of the window is small', () => {
  const s = new Script();
  const id = quietDay(s, '14:50');
  markUp(s, id, 60);
  s.at('14:56');
  for (let k = 0; k < 10; k += 1) {
    s.order({ id: id + 200 + k * 2, owner: A, side: 'sell', price: BASE + 240, qty: 5_000 });
    s.order({ id: id + 201 + k * 2, owner: B, side: 'buy', price: BASE + 240, qty: 5_000 });
    s.trade(id + 201 + k * 2, id + 200 + k * 2, BASE + 240, 5_000, 'sell');
  }
  closingAuction(s, id + 300, BASE + 240);
  assert.deepEqual(ofKind(s.alerts, 'marking_the_close'), []);
});

test('does not alert on an account that traded the book all day (the close is not its focus)', () => {
  const s = new Script();
  const id = quietDay(s, '14:50', MARKER);
  markUp(s, id, 60);
  closingAuction(s, id + 100, BASE + 240);
  assert.deepEqual(ofKind(s.alerts, 'marking_the_close'), []);
});

test('the opening auction is not a close', () => {
  const s = new Script();
  s.at('09:15').phase(MOUTAI, 'closed', 'auction_input');
  s.order({ id: 1, owner: MARKER, side: 'buy', price: BASE + 500, qty: 1_000 });
  s.order({ id: 2, owner: A, side: 'sell', price: BASE, qty: 1_000 });
  s.at('09:25').trade(1, 2, BASE + 500, 1_000, 'auction');
  s.phase(MOUTAI, 'auction_input', 'auction_frozen');
  s.at('09:30').phase(MOUTAI, 'auction_frozen', 'continuous');
  assert.deepEqual(ofKind(s.alerts, 'marking_the_close'), []);
});

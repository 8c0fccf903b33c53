import assert from 'node:assert/strict';
import { test } from 'node:test';
import { surveillanceConfig } from './config.js';
import { figureOf, MOUTAI, ofKind, Script } from './fixtures.js';

const MAKER = 'LUJIAZUI'; // market_maker on XSHG and XSHE in the demo reference data

/** A day of continuous trading 09:30–11:30 and 13:00–14:57 with the maker's quotes from `quote`. */
function day(s: Script, quote: (s: Script) => void): ReturnType<Script['emit']> {
  s.at('09:30').phase(MOUTAI, 'closed', 'continuous');
  quote(s);
  s.at('11:30').phase(MOUTAI, 'continuous', 'closed');
  s.at('13:00').phase(MOUTAI, 'closed', 'continuous');
  return s.at('14:57').phase(MOUTAI, 'continuous', 'auction_no_cancel');
}

function quotes(s: Script, bid: number, ask: number, owner = MAKER, qty = 1_000): void {
  s.order({ id: 1, owner, participant: owner, side: 'buy', price: bid, qty });
  s.order({ id: 2, owner, participant: owner, side: 'sell', price: ask, qty });
}

test('alerts at the end of continuous trading when the maker quoted 25 % of it', () => {
  const s = new Script();
  const raised = day(s, (x) => {
    quotes(x, 145_995, 146_000);
    x.at('10:30').cancel(1);
  });
  const [alert] = ofKind(raised, 'market_maker_obligation');
  assert.ok(alert !== undefined, 'raised when the closing auction starts');
  assert.deepEqual(alert.owners, [MAKER]);
  assert.equal(alert.instrument, MOUTAI);
  assert.equal(figureOf(alert, 'presence_bps'), Math.floor((60 * 10_000) / 237));
  assert.equal(figureOf(alert, 'compliant_minutes'), 60);
  assert.equal(figureOf(alert, 'continuous_minutes'), 237);
});

test('does not alert when the maker quoted within the limits all day, lunch excluded', () => {
  const s = new Script();
  day(s, (x) => quotes(x, 145_995, 146_000));
  assert.deepEqual(ofKind(s.alerts, 'market_maker_obligation'), []);
});

test('a quote too wide or too small is not a compliant quote', () => {
  const wide = new Script();
  day(wide, (x) => quotes(x, 145_980, 146_000));
  assert.equal(ofKind(wide.alerts, 'market_maker_obligation').length, 1, '20 ticks > 10');
  const sensitive = surveillanceConfig('sensitive');
  const small = new Script(sensitive);
  day(small, (x) => quotes(x, 145_995, 146_000, MAKER, 400));
  assert.equal(ofKind(small.alerts, 'market_maker_obligation').length, 1, '4 lots < 5');
  const enough = new Script(sensitive);
  day(enough, (x) => quotes(x, 145_995, 146_000, MAKER, 500));
  assert.deepEqual(ofKind(enough.alerts, 'market_maker_obligation'), []);
});

test('an account without a market-making role has no obligation; an absent maker fails its own', () => {
  const s = new Script();
  day(s, (x) => {
    quotes(x, 145_995, 146_000, 'cn-pro-zhao');
    x.at('10:00').cancel(1);
  });
  const owners = ofKind(s.alerts, 'market_maker_obligation').map((a) => a.owners[0]);
  assert.deepEqual(owners, [MAKER]);
});

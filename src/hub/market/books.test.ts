import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Command, parseCommand } from '../../protocol/index.js';
import { DEMO_START_US, genesisSubmissions } from '../../sim/genesis.js';
import { Hub } from '../hub.js';
import { restoreHub, snapshotHub } from '../state.js';
import { TestHub } from '../testing.js';

const TENCENT = 'KYG875721634';

function wire(json: unknown): Command {
  const parsed = parseCommand(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.command;
}

function genesis(): TestHub {
  const t = new TestHub(DEMO_START_US);
  for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
  return t;
}

function hkStock(id: string, symbol: string, lot_size: number): Command {
  return wire({
    type: 'reference.register_security',
    security: {
      id,
      symbol,
      name: `Test ${symbol}`,
      market: 'XHKG',
      board: 'main',
      kind: 'stock',
      currency: 'HKD',
      lot_size,
      price_scale: 3,
      tick_table: 'hk_equity',
      listing_date: '2020-01-02',
      previous_close_units: 10_000,
    },
  });
}

/** The digest the hub had before its last `rejected` commands, which moved only seq and clock. */
function digestWithout(t: TestHub, rejected: number): string {
  const state = snapshotHub(t.hub.state);
  return new Hub(restoreHub({ ...state, seq: state.seq - rejected })).digest();
}

describe('hub: a security whose book could not open is refused at the door', () => {
  test('an HK lot whose largest order overflows the side volume is refused, not a halt', () => {
    const t = genesis();
    const before = t.hub.digest();
    // 3,000 lots × 2,863,312 × 2^20 orders is past 2^53: the book's assertion would halt the hub.
    const refused = t.submit('operator', hkStock('HK0000000015', '8001', 2_863_312));
    assert.equal(refused.status, 'rejected');
    assert.equal(refused.rejection?.code, 'ORDER_SIZE_MAX_TOO_LARGE');
    assert.deepEqual(refused.rejection?.details, {
      order_size_max_units: 8_589_936_000,
      orders_max: 1_048_576,
      order_size_max_units_limit: 8_589_934_591,
    });
    assert.equal(digestWithout(t, 1), before);
    assert.equal(t.hub.state.reference.securities.has('HK0000000015'), false);
    // One unit less fits; the hub carries on and opens the book.
    t.accept('operator', hkStock('HK0000000015', '8001', 2_863_311));
    assert.ok(t.hub.state.markets.markets.venues.get('XHKG')?.params.has('HK0000000015'));
  });

  test('the lot of a security with an open book cannot change; other fields can', () => {
    const t = genesis();
    const before = t.hub.digest();
    const update = (fields: Record<string, unknown>) =>
      wire({ type: 'reference.update_security', update: { id: TENCENT, ...fields } });
    const refused = t.submit('operator', update({ lot_size: 2 ** 53 - 1 }));
    assert.equal(refused.rejection?.code, 'LOT_SIZE_FIXED');
    assert.deepEqual(refused.rejection?.details, {
      security: TENCENT,
      lot_size: 100,
      requested_lot_size: 2 ** 53 - 1,
    });
    const also_refused = t.submit('operator', update({ lot_size: 200 }));
    assert.equal(also_refused.rejection?.code, 'LOT_SIZE_FIXED');
    assert.equal(digestWithout(t, 2), before);
    t.accept('operator', update({ lot_size: 100, name: 'Tencent Holdings Ltd' }));
    assert.equal(t.hub.state.reference.securities.get(TENCENT)?.name, 'Tencent Holdings Ltd');
  });
});

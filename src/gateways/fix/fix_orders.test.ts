import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MOUTAI, startTestServer, type TestServer, TRACKER } from '../http/testing.js';
import { type FixGateway, startFixGateway } from './index.js';
import { type Fields, type FixClient, startClient } from './testing.js';

const isReport =
  (cl_ord_id: string, exec_type: string) =>
  (m: Fields): boolean =>
    m.get(35) === '8' && m.get(11) === cl_ord_id && m.get(150) === exec_type;

function order(cl_ord_id: string, side: '1' | '2', price: string, quantity: number, owner: string) {
  return {
    ClOrdID: cl_ord_id,
    Account: owner,
    Instrument: { Symbol: TRACKER, SecurityID: TRACKER, SecurityIDSource: '4' },
    Side: side,
    TransactTime: new Date(),
    OrderQtyData: { OrderQty: quantity },
    OrdType: '2',
    Price: price,
    TimeInForce: '0',
  };
}

describe('FIX gateway: order entry', () => {
  let t: TestServer;
  let fix: FixGateway;
  const clients: FixClient[] = [];
  const connect = async (participant: string, password?: string) => {
    const client = startClient({
      port: fix.port,
      dictionary_path: fix.dictionary_path,
      comp_id: participant,
      password: password ?? t.key(participant),
    });
    clients.push(client);
    await client.logged_on;
    return client;
  };
  const liveOrders = () => t.server.gateway.engine.state.markets.markets.orders.size;

  before(async () => {
    t = await startTestServer();
    fix = await startFixGateway({
      engine: t.server.gateway.engine,
      keys: t.server.gateway.keys,
      data_dir: t.data_dir,
      port: 0,
    });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.drop().catch(() => undefined)));
    await fix.close();
    await t.close();
  });

  test('a Logon with a wrong password is answered by a Logout naming the code', async () => {
    const client = startClient({
      port: fix.port,
      dictionary_path: fix.dictionary_path,
      comp_id: 'HARBOUR',
      password: 'hk_not-the-key-of-harbour-at-all',
    });
    await assert.rejects(client.logged_on);
    const logout = await client.inbox.next((m) => m.get(35) === '5', 0, 'Logout');
    assert.match(logout.get(58) ?? '', /UNAUTHENTICATED/);
    assert.ok(!client.inbox.messages.some((m) => m.get(35) === 'A'), 'no Logon answer');
    assert.equal(fix.desk.session_count, 0);
  });

  test('an unknown SenderCompID is refused the same way', async () => {
    const client = startClient({
      port: fix.port,
      dictionary_path: fix.dictionary_path,
      comp_id: 'NOBODY',
      password: t.key('HARBOUR'),
    });
    await assert.rejects(client.logged_on);
    const logout = await client.inbox.next((m) => m.get(35) === '5', 0, 'Logout');
    assert.match(logout.get(58) ?? '', /UNAUTHENTICATED/);
  });

  test('a participant logs on with its API key and places an order', async () => {
    const harbour = await connect('HARBOUR');
    assert.equal(fix.desk.session_count, 1);
    harbour.send('D', order('fx-1', '1', '25.000', 500, 'hk-retail-chan'));
    const report = await harbour.inbox.next(isReport('fx-1', '0'), 0, 'ER new');
    assert.equal(report.get(39), '0');
    assert.equal(report.get(44), '25.000');
    assert.equal(report.get(151), '500');
    assert.equal(report.get(14), '0');
    assert.equal(report.get(1), 'hk-retail-chan');
    assert.equal(report.get(5002), 'domestic');
    const order_id = Number(report.get(37));
    const hub_order = t.server.gateway.engine.state.markets.markets.orders.get(order_id);
    assert.equal(hub_order?.participant, 'HARBOUR');
    assert.equal(hub_order?.price_units, 25_000);
  });

  test('an order the engine refuses gets ExecType 8 with the code in Text and OrdRejReason', async () => {
    const harbour = await connect('HARBOUR');
    const before_count = liveOrders();
    const seq_before = t.server.gateway.engine.state.seq;
    harbour.send('D', order('fx-bad-tick', '1', '25.0001', 500, 'hk-retail-chan'));
    const bad_price = await harbour.inbox.next(isReport('fx-bad-tick', '8'), 0, 'ER rejected');
    assert.equal(bad_price.get(39), '8');
    assert.match(bad_price.get(58) ?? '', /^INVALID_REQUEST: Price \(44\)/);
    assert.equal(t.server.gateway.engine.state.seq, seq_before, 'not even sequenced');
    harbour.send('D', order('fx-unknown-owner', '1', '25.000', 500, 'nobody-at-all'));
    const refused = await harbour.inbox.next(isReport('fx-unknown-owner', '8'), 0, 'ER rejected');
    const code = refused.get(5005) ?? '';
    assert.ok(code.length > 0);
    assert.ok((refused.get(58) ?? '').startsWith(`${code}: `));
    assert.ok(refused.has(103), 'OrdRejReason');
    assert.equal(liveOrders(), before_count, 'no order was added');
  });

  test('a ClOrdID already in use is refused as a duplicate (OrdRejReason 6)', async () => {
    const harbour = await connect('HARBOUR');
    harbour.send('D', order('dup-1', '1', '22.000', 500, 'hk-retail-chan'));
    await harbour.inbox.next(isReport('dup-1', '0'), 0, 'ER new');
    const before_count = liveOrders();
    harbour.send('D', order('dup-1', '1', '22.500', 500, 'hk-retail-chan'));
    const refused = await harbour.inbox.next(isReport('dup-1', '8'), 0, 'ER rejected');
    assert.equal(refused.get(103), '6');
    assert.equal(refused.get(5005), 'DUPLICATE_CLIENT_ORDER_ID');
    assert.equal(liveOrders(), before_count);
  });

  test('two sessions cross: both get fills, the drop copy sees both', async () => {
    const operator = await connect('operator');
    const harbour = await connect('HARBOUR');
    const peak = await connect('PEAK');
    const seen = operator.inbox.messages.length;
    harbour.send('D', order('cross-b', '1', '25.500', 1_000, 'hk-retail-chan'));
    await harbour.inbox.next(isReport('cross-b', '0'), 0, 'ER new');
    peak.send('D', order('cross-s', '2', '25.500', 500, 'hk-inst-insurer'));
    const sell = await peak.inbox.next(isReport('cross-s', 'F'), 0, 'ER fill (sell)');
    assert.equal(sell.get(39), '2');
    assert.equal(sell.get(32), '500');
    assert.equal(sell.get(31), '25.500');
    const buy = await harbour.inbox.next(isReport('cross-b', 'F'), 0, 'ER partial (buy)');
    assert.equal(buy.get(39), '1');
    assert.equal(buy.get(14), '500');
    assert.equal(buy.get(151), '500');
    assert.equal(buy.get(6), '25.5000000');
    assert.ok(!harbour.inbox.messages.some((m) => m.get(11) === 'cross-s'), 'not the other side');
    await operator.inbox.next(isReport('cross-b', 'F'), seen, 'drop copy of the buy');
    const copy = await operator.inbox.next(isReport('cross-s', 'F'), seen, 'drop copy of the sell');
    assert.equal(copy.get(5004), 'PEAK');
  });

  test('cancel-replace and cancel, and a cancel of a finished order is too late', async () => {
    const harbour = await connect('HARBOUR');
    harbour.send('D', order('cr-1', '1', '24.000', 1_000, 'hk-retail-chan'));
    const placed = await harbour.inbox.next(isReport('cr-1', '0'), 0, 'ER new');
    const order_id = Number(placed.get(37));
    harbour.send('G', {
      ...order('cr-2', '1', '24.500', 1_500, 'hk-retail-chan'),
      OrigClOrdID: 'cr-1',
    });
    const replaced = await harbour.inbox.next(isReport('cr-2', '5'), 0, 'ER replaced');
    assert.equal(replaced.get(41), 'cr-1');
    assert.equal(replaced.get(44), '24.500');
    assert.equal(replaced.get(151), '1500');
    assert.equal(replaced.get(38), '1500');
    const hub_order = t.server.gateway.engine.state.markets.markets.orders.get(order_id);
    assert.equal(hub_order?.price_units, 24_500);
    harbour.send('F', {
      ClOrdID: 'cr-3',
      OrigClOrdID: 'cr-2',
      Instrument: { Symbol: TRACKER },
      Side: '1',
      TransactTime: new Date(),
    });
    const cancelled = await harbour.inbox.next(isReport('cr-3', '4'), 0, 'ER cancelled');
    assert.equal(cancelled.get(41), 'cr-2');
    assert.equal(cancelled.get(39), '4');
    assert.equal(cancelled.get(151), '0');
    assert.equal(t.server.gateway.engine.state.markets.markets.orders.has(order_id), false);
    harbour.send('F', {
      ClOrdID: 'cr-4',
      OrigClOrdID: 'cr-2',
      Instrument: { Symbol: TRACKER },
      Side: '1',
      TransactTime: new Date(),
    });
    const late = await harbour.inbox.next(
      (m) => m.get(35) === '9' && m.get(11) === 'cr-4',
      0,
      'OrderCancelReject',
    );
    assert.equal(late.get(102), '0');
    assert.equal(late.get(434), '1');
    assert.match(late.get(58) ?? '', /^ORDER_FINISHED/);
  });

  test("another participant's order is an unknown order and stays as it was", async () => {
    const harbour = await connect('HARBOUR');
    const peak = await connect('PEAK');
    harbour.send('D', order('mine-1', '1', '23.000', 500, 'hk-retail-chan'));
    const placed = await harbour.inbox.next(isReport('mine-1', '0'), 0, 'ER new');
    const order_id = Number(placed.get(37));
    const seq_before = t.server.gateway.engine.state.seq;
    peak.send('F', {
      ClOrdID: 'steal-1',
      OrigClOrdID: 'mine-1',
      OrderID: String(order_id),
      Instrument: { Symbol: TRACKER },
      Side: '1',
      TransactTime: new Date(),
    });
    const refused = await peak.inbox.next(
      (m) => m.get(35) === '9' && m.get(11) === 'steal-1',
      0,
      'OrderCancelReject',
    );
    assert.equal(refused.get(102), '1');
    assert.equal(refused.get(37), 'NONE', 'nothing about the order is shown');
    assert.equal(t.server.gateway.engine.state.markets.markets.orders.has(order_id), true);
    assert.equal(t.server.gateway.engine.state.seq, seq_before);
  });

  test('a Northbound order carries the BCAN in 5001 and comes back with route 5002', async () => {
    const harbour = await connect('HARBOUR');
    const northbound = (cl_ord_id: string, bcan: string) => ({
      ...order(cl_ord_id, '1', '1450.00', 100, 'hk-retail-chan'),
      Instrument: { Symbol: '600519' },
      HutongBCAN: bcan,
    });
    harbour.send('D', northbound('nb-1', '1000000001'));
    const accepted = await harbour.inbox.next(isReport('nb-1', '0'), 0, 'ER new');
    assert.equal(accepted.get(5002), 'northbound');
    assert.equal(accepted.get(48), MOUTAI);
    assert.equal(accepted.get(44), '1450.00');
    harbour.send('D', northbound('nb-2', '1000000099'));
    const refused = await harbour.inbox.next(isReport('nb-2', '8'), 0, 'ER rejected');
    assert.equal(refused.get(103), '10', 'OrdRejReason: invalid investor id');
    assert.match(refused.get(5005) ?? '', /BCAN|INVESTOR_ID/);
  });

  test('an unsupported message type gets a BusinessMessageReject', async () => {
    const harbour = await connect('HARBOUR');
    harbour.send('H', { ClOrdID: 'mine-1', Instrument: { Symbol: TRACKER }, Side: '1' });
    const reject = await harbour.inbox.next((m) => m.get(35) === 'j', 0, 'BusinessMessageReject');
    assert.equal(reject.get(372), 'H');
    assert.equal(reject.get(380), '3');
    assert.match(reject.get(58) ?? '', /^UNSUPPORTED_MESSAGE_TYPE/);
  });
});

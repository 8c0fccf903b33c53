import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { startTestServer, type TestServer, TRACKER } from '../http/testing.js';
import { type FixGateway, startFixGateway } from './index.js';
import { type Fields, startClient } from './testing.js';

describe('FIX gateway: restart', () => {
  const stores = mkdtempSync(join(tmpdir(), 'hutong-fix-restart-'));
  let t: TestServer | null = null;
  let fix: FixGateway | null = null;
  const start = async (data_dir?: string) => {
    t = await startTestServer(data_dir === undefined ? {} : { data_dir });
    fix = await startFixGateway({
      engine: t.server.gateway.engine,
      keys: t.server.gateway.keys,
      data_dir: t.data_dir,
      port: 0,
    });
    return { t, fix };
  };
  const stop = async (keep_data: boolean) => {
    await fix?.close();
    await t?.close(keep_data);
    fix = null;
    t = null;
  };
  after(async () => {
    await stop(false);
    rmSync(stores, { recursive: true, force: true });
  });

  test('sequence numbers and live orders survive a restart of the server', async () => {
    const first = await start();
    const connect = (reset: boolean, server: { t: TestServer; fix: FixGateway }) =>
      startClient({
        port: server.fix.port,
        dictionary_path: server.fix.dictionary_path,
        comp_id: 'HARBOUR',
        password: server.t.key('HARBOUR'),
        reset,
        store_dir: stores,
      });
    const before = connect(true, first);
    await before.logged_on;
    before.send('D', {
      ClOrdID: 'keep-1',
      Account: 'hk-retail-chan',
      Instrument: { Symbol: TRACKER, SecurityID: TRACKER, SecurityIDSource: '4' },
      Side: '1',
      TransactTime: new Date(),
      OrderQtyData: { OrderQty: 500 },
      OrdType: '2',
      Price: '21.000',
    });
    const placed = await before.inbox.next((m) => m.get(11) === 'keep-1', 0, 'ER new');
    await before.logout();
    const last_seq = Math.max(...before.inbox.messages.map((m) => Number(m.get(34))));
    const data_dir = first.t.data_dir;
    await stop(true);

    const second = await start(data_dir);
    const after_restart = connect(false, second);
    await after_restart.logged_on;
    const logon = await after_restart.inbox.next((m) => m.get(35) === 'A', 0, 'Logon answer');
    assert.equal(Number(logon.get(34)), last_seq + 1, 'the server resumed its numbering');
    assert.notEqual(logon.get(141), 'Y');
    assert.ok(!after_restart.inbox.messages.some((m) => m.get(35) === '2'), 'no resend needed');
    after_restart.send('F', {
      ClOrdID: 'keep-2',
      OrigClOrdID: 'keep-1',
      Instrument: { Symbol: TRACKER },
      Side: '1',
      TransactTime: new Date(),
    });
    const isCancel = (m: Fields) => m.get(35) === '8' && m.get(150) === '4';
    const cancelled = await after_restart.inbox.next(isCancel, 0, 'ER cancelled');
    assert.equal(cancelled.get(37), placed.get(37), 'the order placed before the restart');
    assert.equal(cancelled.get(11), 'keep-2');
    assert.equal(cancelled.get(41), 'keep-1');
    assert.equal(Number(cancelled.get(34)), last_seq + 2);
    await after_restart.logout();
  });
});

import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type CommandReply, httpClient, orderBody, TRACKER, temporaryDataDir } from './testing.js';

const MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
  exited: Promise<number | null>;
}

/** Starts `hutong start` as a real process and waits for its banner. */
function startHub(data_dir: string, extra: readonly string[]): Promise<Running> {
  const child = spawn(
    process.execPath,
    // The trading-hours clock: the orders placed here stay live whatever the test's pace.
    [MAIN, 'start', '--data', data_dir, '--port', '0', '--clock', 'trading', ...extra],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner:\n${output}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /console: +(http:\/\/[\d.:]+)\/console\//.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => output, exited });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    exited.then((code) => reject(new Error(`exited ${code} before its banner:\n${output}`)));
  });
}

function keyOf(data_dir: string, participant: string): string {
  const file = JSON.parse(readFileSync(join(data_dir, 'api-keys.json'), 'utf8')) as {
    keys: Array<{ participant: string; key: string }>;
  };
  const record = file.keys.find((k) => k.participant === participant);
  if (record === undefined) throw new Error(`no key for ${participant}`);
  return record.key;
}

async function placeOrder(url: string, data_dir: string, id: string): Promise<CommandReply> {
  const reply = await httpClient(url, keyOf(data_dir, 'HARBOUR')).post(
    '/v1/orders',
    orderBody({
      client_order_id: id,
      instrument: TRACKER,
      side: 'buy',
      price_units: 25_000,
      quantity_units: 500,
      owner: 'hk-retail-chan',
    }),
  );
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.as<CommandReply>();
}

describe('restart', () => {
  const data_dir = temporaryDataDir();
  after(() => rmSync(join(data_dir, '..'), { recursive: true, force: true }));

  test('SIGTERM stops gracefully with the journal flushed, and a restart resumes from it', async () => {
    const first = await startHub(data_dir, ['--sim-speed', '200']);
    assert.match(first.output(), /demo market set up from genesis/);
    const order = await placeOrder(first.url, data_dir, 'keep-me');
    const operator = httpClient(first.url, keyOf(data_dir, 'operator'));
    for (let seq = 0; seq < order.seq + 200; ) {
      seq = (await operator.get('/v1/status')).as<{ seq: number }>().seq; // the simulator is busy
    }
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0, first.output());
    const stopped = /stopped at seq (\d+)/.exec(first.output());
    assert.ok(stopped?.[1] !== undefined, first.output());
    const stopped_seq = Number(stopped[1]);
    const verify = spawnSync(process.execPath, [MAIN, 'verify', '--data', data_dir], {
      encoding: 'utf8',
    });
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);

    const second = await startHub(data_dir, ['--no-sim']);
    assert.match(
      second.output(),
      new RegExp(
        `resumed from the journal at seq ${stopped_seq} \\(snapshot ${stopped_seq} \\+ 0 replayed\\)`,
      ),
    );
    const status = (
      await httpClient(second.url, keyOf(data_dir, 'operator')).get('/v1/status')
    ).as<{ seq: number; opened: { torn_tail_bytes: number } }>();
    assert.ok(status.seq >= stopped_seq);
    assert.equal(status.opened.torn_tail_bytes, 0);
    const live = await httpClient(second.url, keyOf(data_dir, 'HARBOUR')).get(
      `/v1/orders/${order.order_id}`,
    );
    assert.equal(live.as<{ client_order_id: string; status: string }>().client_order_id, 'keep-me');
    assert.equal(live.as<{ status: string }>().status, 'live');
    second.child.kill('SIGTERM');
    assert.equal(await second.exited, 0);
  });

  test('after a crash (SIGKILL) every acknowledged command is still there', async () => {
    const running = await startHub(data_dir, ['--sim-speed', '500']);
    const acked = await placeOrder(running.url, data_dir, 'survive-a-crash');
    running.child.kill('SIGKILL');
    await running.exited;
    const restarted = await startHub(data_dir, ['--no-sim']);
    const seen = await httpClient(restarted.url, keyOf(data_dir, 'HARBOUR')).get(
      `/v1/orders/${acked.order_id}`,
    );
    assert.equal(seen.status, 200);
    assert.equal(seen.as<{ client_order_id: string }>().client_order_id, 'survive-a-crash');
    restarted.child.kill('SIGTERM');
    assert.equal(await restarted.exited, 0);
  });
});

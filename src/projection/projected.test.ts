import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CommandResult, Envelope } from '../hub/index.js';
import { plainJson } from '../kernel/codec.js';
import { packProjected, unpackProjected } from './projected.js';
import { commandRow } from './stored.js';

const envelope = (seq: number, type: string): Envelope =>
  ({
    seq,
    timestamp_us: 1_700_000_000_000_000 + seq,
    participant: 'BUND',
    idempotency_key: null,
    command: { type },
  }) as unknown as Envelope;

const result = (
  seq: number,
  first_event_seq: number,
  events: unknown[],
  rejection: { code: string; message: string } | null = null,
): CommandResult =>
  ({
    seq,
    status: rejection === null ? 'accepted' : 'rejected',
    rejection,
    duplicate_of: null,
    first_event_seq,
    events,
  }) as unknown as CommandResult;

test('a packed group unpacks to each command row with its business events, newlines and bigints included', () => {
  const batch: Array<[Envelope, CommandResult]> = [
    [
      envelope(1, 'market.submit_order'),
      result(1, 10, [
        { type: 'order_accepted', order_id: 1, note: 'two\nlines "quoted"' },
        { type: 'bbo', bid: 1 },
        { type: 'transfer_created', amount: 150_000n },
      ]),
    ],
    [
      envelope(2, 'market.submit_order'),
      result(2, 13, [], { code: 'NO_SUCH_ORDER', message: 'No\norder' }),
    ],
    [envelope(3, 'hub.tick'), result(3, 13, [{ type: 'bbo', bid: 2 }])],
    [envelope(4, 'market.cancel_order'), result(4, 14, [{ type: 'order_cancelled', order_id: 1 }])],
  ];
  const commands = unpackProjected(packProjected(batch));
  assert.equal(commands.length, 4);
  batch.forEach(([e, r], i) => {
    const business = r.events
      .map((event, j) => ({ event, event_seq: r.first_event_seq + j }))
      .filter(({ event }) => (event as { type: string }).type !== 'bbo');
    assert.deepEqual(commands[i], {
      ...commandRow(e, r),
      event_seqs: business.map((b) => b.event_seq),
      bodies: business.map((b) => plainJson(b.event)),
    });
  });
  assert.deepEqual(commands[0]?.event_seqs, [10, 12]);
  assert.equal(commands[0]?.bodies[1], '{"type":"transfer_created","amount":"150000"}');
});

test('a group without business events unpacks to rows without bodies', () => {
  const commands = unpackProjected(
    packProjected([[envelope(5, 'hub.tick'), result(5, 20, [{ type: 'bbo', bid: 1 }])]]),
  );
  assert.deepEqual(commands[0]?.bodies, []);
  assert.deepEqual(commands[0]?.event_seqs, []);
  assert.equal(commands[0]?.event_count, 1);
});

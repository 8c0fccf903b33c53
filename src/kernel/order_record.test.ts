import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decode, encode, encodeRecord } from './codec.js';

const SEP = '\u001f';
const isWellFormed = (text: string) =>
  (text as unknown as { isWellFormed(): boolean }).isWellFormed();

function benchOrder(): Record<string, unknown> {
  return {
    seq: 4_107,
    timestamp_us: 1_767_607_200_000_000,
    participant: 'HARBOUR',
    idempotency_key: null,
    command: {
      type: 'market.submit_order',
      client_order_id: 'b0',
      instrument: 'CNE0000018R8',
      side: 'buy',
      order_type: 'limit',
      time_in_force: 'day',
      post_only: false,
      price_units: 146_000,
      quantity_units: 100,
      owner: 'hk-inst-fund',
      bcan: '1000000003',
    },
  };
}

/** What a reader gets from `text` must be what it gets from the JSON, key order included. */
function assertReadsAsJson(text: string, value: unknown): void {
  const json = encode(value);
  const decoded = decode(text);
  assert.deepStrictEqual(decoded, decode(json));
  // JSON.stringify follows key order: equal text means equal order at every level.
  assert.equal(JSON.stringify(decoded), json);
}

test("the bench's order is a compact record, a quarter of its JSON, read back as the JSON is", () => {
  const envelope = benchOrder();
  const record = encodeRecord(envelope);
  assert.equal(
    record,
    `~4107${SEP}1767607200000000${SEP}HARBOUR${SEP}${SEP}b0${SEP}CNE0000018R8${SEP}b${SEP}l${SEP}d${SEP}0${SEP}146000${SEP}100${SEP}hk-inst-fund${SEP}b1000000003`,
  );
  assert.ok(record.length * 3 < encode(envelope).length);
  assertReadsAsJson(record, envelope);
});

test('every optional field, a key and every enum value round-trip in the schema order', () => {
  for (const [side, order_type, time_in_force, post_only] of [
    ['sell', 'market', 'gtc', true],
    ['buy', 'enhanced_limit', 'ioc', false],
    ['sell', 'at_auction', 'fok', true],
  ] as const) {
    const envelope = {
      ...benchOrder(),
      idempotency_key: '',
      command: {
        type: 'market.submit_order',
        client_order_id: '',
        instrument: 'KYG875721634',
        side,
        order_type,
        time_in_force,
        post_only,
        price_units: 0,
        quantity_units: Number.MAX_SAFE_INTEGER,
        owner: 'cn-inst-fund',
        venue: 'XHKG',
        stp_mode: 'cancel_resting',
        bcan: '',
        channel: 'XSHE',
      },
    };
    const record = encodeRecord(envelope);
    assert.ok(record.startsWith('~'), record);
    assertReadsAsJson(record, envelope);
  }
});

/** An envelope changed by `change`, which must then be written as JSON. */
function assertFallsBack(change: (envelope: Record<string, unknown>) => void): void {
  const envelope = benchOrder();
  change(envelope);
  const record = encodeRecord(envelope);
  assert.equal(record, encode(envelope));
  assert.deepStrictEqual(decode(record), decode(encode(envelope)));
}

const orderOf = (envelope: Record<string, unknown>) => envelope.command as Record<string, unknown>;

test('anything the layout cannot represent exactly is written as JSON', () => {
  assertFallsBack((e) => {
    orderOf(e).colour = 'red'; // unknown key
  });
  assertFallsBack((e) => {
    const { client_order_id, ...rest } = orderOf(e);
    e.command = { ...rest, client_order_id }; // another key order
  });
  assertFallsBack((e) => {
    const { bcan, ...rest } = orderOf(e);
    e.command = { ...rest, channel: 'XSHG', bcan }; // optional fields out of the schema's order
  });
  assertFallsBack((e) => {
    delete orderOf(e).order_type; // a default not filled in
  });
  assertFallsBack((e) => {
    orderOf(e).venue = undefined; // JSON leaves it out
  });
  assertFallsBack((e) => {
    e.idempotency_key = undefined;
  });
  assertFallsBack((e) => {
    e.extra = 1; // unknown envelope key
  });
  assertFallsBack((e) => {
    orderOf(e).type = 'market.cancel_order';
  });
  assertFallsBack((e) => {
    orderOf(e).side = 'short';
  });
  assertFallsBack((e) => {
    orderOf(e).post_only = 'no';
  });
  assertFallsBack((e) => {
    orderOf(e).price_units = 1.5;
  });
  assertFallsBack((e) => {
    orderOf(e).price_units = 2 ** 53;
  });
  assertFallsBack((e) => {
    orderOf(e).quantity_units = 100n; // a bigint: tagged JSON
  });
  assertFallsBack((e) => {
    orderOf(e).price_units = '146000';
  });
  assertFallsBack((e) => {
    orderOf(e).bcan = 1_000_000_003;
  });
  assertFallsBack((e) => {
    e.seq = '4107';
  });
  assertFallsBack((e) => {
    e.command = Object.assign(Object.create(null), orderOf(e));
  });
  assertFallsBack((e) => {
    orderOf(e).client_order_id = `b${SEP}0`; // the separator
  });
  assertFallsBack((e) => {
    e.participant = `HAR${SEP}BOUR`;
  });
  assertFallsBack((e) => {
    orderOf(e).owner = 'fund\ud800'; // a lone surrogate: JSON escapes it
  });
  assertFallsBack((e) => {
    e.idempotency_key = `k${SEP}`;
  });
});

test('a malformed compact record is a SyntaxError, as malformed JSON is', () => {
  const record = encodeRecord(benchOrder());
  const fields = record.split(SEP);
  const replaced = (index: number, value: string) =>
    fields.map((field, i) => (i === index ? value : field)).join(SEP);
  for (const bad of [
    '~',
    fields.slice(0, 12).join(SEP),
    replaced(6, 'x'), // side
    replaced(7, ''), // order type
    replaced(9, 'true'), // post_only
    replaced(10, '1.5'), // price
    replaced(11, ''), // quantity
    replaced(0, '~'), // seq
    replaced(3, 'key'), // idempotency key without its prefix
    `${record}${SEP}xXHKG`, // unknown optional tag
    `${record}${SEP}vXHKG`, // venue after bcan
  ]) {
    assert.throws(() => decode(bad), SyntaxError, bad);
  }
});

const oddText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('', SEP, `a${SEP}b`, '~', "'", '\ud800', 'é中文', 'b0', 'v', '0'),
);
const integer = fc.oneof(
  fc.nat(),
  fc.maxSafeInteger(),
  fc.constantFrom(0, -0, Number.MAX_SAFE_INTEGER),
  fc.double(),
);

/** A submit-order envelope with any subset of the optional fields, keys in the schema's order. */
const envelopes = fc
  .record({
    seq: integer,
    timestamp_us: integer,
    participant: oddText,
    idempotency_key: fc.option(oddText),
    client_order_id: oddText,
    instrument: oddText,
    side: fc.constantFrom('buy', 'sell', 'hold'),
    order_type: fc.constantFrom('limit', 'market', 'enhanced_limit', 'at_auction'),
    time_in_force: fc.constantFrom('day', 'gtc', 'ioc', 'fok'),
    post_only: fc.boolean(),
    price_units: integer,
    quantity_units: integer,
    owner: oddText,
    optionals: fc.record(
      { venue: oddText, stp_mode: oddText, bcan: oddText, channel: oddText },
      { requiredKeys: [] },
    ),
  })
  .map(({ seq, timestamp_us, participant, idempotency_key, optionals, ...order }) => ({
    seq,
    timestamp_us,
    participant,
    idempotency_key,
    command: { type: 'market.submit_order', ...order, ...optionals },
  }));

test('property: any submit-order envelope reads back as its JSON does, key order included', () => {
  fc.assert(
    fc.property(envelopes, (envelope) => {
      const record = encodeRecord(envelope);
      assertReadsAsJson(record, envelope);
      // Compact exactly when it fits: known side, safe integers, strings without US or lone surrogates.
      const { command } = envelope;
      const texts: unknown[] = [
        envelope.participant,
        envelope.idempotency_key ?? '',
        command.client_order_id,
      ];
      texts.push(command.instrument, command.owner, ...Object.values(command).slice(10));
      const numbers = [
        envelope.seq,
        envelope.timestamp_us,
        command.price_units,
        command.quantity_units,
      ];
      const fits =
        command.side !== 'hold' &&
        numbers.every((n) => Number.isSafeInteger(n)) &&
        texts.every((t) => typeof t === 'string' && !t.includes(SEP) && isWellFormed(t));
      assert.equal(record.startsWith('~'), fits, record);
    }),
    { numRuns: 2_000 },
  );
});

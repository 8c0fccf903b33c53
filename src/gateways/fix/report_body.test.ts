import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DefinitionFactory, ElasticBuffer, type FixDefinitions } from 'jspurefix';
import { AsciiEncoder } from 'jspurefix/dist/buffer/ascii/ascii-encoder.js';
import type { HubState } from '../../hub/index.js';
import { ensureDictionary } from './dictionary.js';
import type { FixOrder, OrderChange } from './orders.js';
import { ENCODED_BODY, encodedExecutionReport } from './report_body.js';
import { changeReport, type FixMessage, rejectedOrderReport } from './reports.js';

const SOH = 0x01;
const PIPE = 0x7c;
const TRACKER = 'HK2800008867';
const TIME_US = 1_765_059_983_592_417;

/** Only what reports.ts reads of the hub's state: the securities' symbols and price scales. */
const STATE = {
  now_us: TIME_US,
  reference: {
    securities: new Map([[TRACKER, { id: TRACKER, symbol: '2800', price_scale: 3 }]]),
  },
} as unknown as HubState;

function order(overrides: Partial<FixOrder> = {}): FixOrder {
  return {
    order_id: 4_711,
    participant: 'PEAK',
    owner: 'hk-inst-insurer',
    instrument: TRACKER,
    side: 'sell',
    route: 'domestic',
    venue: 'XHKG',
    cl_ord_id: 'cl-1',
    orig_cl_ord_id: null,
    price_units: 25_500,
    cum_units: 0,
    leaves_units: 500,
    notional_units: 0n,
    status: 'live',
    ...overrides,
  };
}

const filled = order({ cum_units: 300, leaves_units: 200, notional_units: 7_650_000n });
const CHANGES: ReadonlyArray<readonly [string, OrderChange]> = [
  ['new', { kind: 'new', order: order() }],
  ['new market order (no Price)', { kind: 'new', order: order({ price_units: 0 }) }],
  ['trade', { kind: 'trade', order: filled, last_units: 300, last_price_units: 25_500 }],
  [
    'cancelled by a request',
    {
      kind: 'cancelled',
      order: order({ status: 'cancelled', leaves_units: 0, cl_ord_id: 'cl-2' }),
      reason: 'cancelled by the owner',
      orig_cl_ord_id: 'cl-1',
    },
  ],
  [
    'restated (empty reason)',
    { kind: 'restated', order: filled, reason: '', orig_cl_ord_id: null },
  ],
  ['replaced', { kind: 'replaced', order: order({ cl_ord_id: 'cl-3' }), orig_cl_ord_id: 'cl-2' }],
];

describe('FIX: pre-encoded ExecutionReport bodies', () => {
  let definitions: FixDefinitions;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hutong-fix-body-'));
    definitions = await new DefinitionFactory().getDefinitions(ensureDictionary(dir));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The body as jspurefix's encoder writes it, delimiters swapped back to SOH as it sends. */
  function jspurefixBody(report: FixMessage): Buffer {
    const buffer = new ElasticBuffer();
    const encoder = new AsciiEncoder(buffer, definitions, undefined, SOH, PIPE);
    encoder.encode(report, 'ExecutionReport');
    return encoder.trim();
  }

  /** The pre-encoded text as the transmitter writes it into its buffer. */
  function preEncodedBody(report: FixMessage): Buffer {
    const encoded = encodedExecutionReport(report) as Record<symbol, unknown>;
    const text = encoded[ENCODED_BODY];
    assert.equal(typeof text, 'string', 'the report was pre-encoded');
    const buffer = new ElasticBuffer();
    buffer.writeString(text as string);
    return buffer.copy();
  }

  for (const [name, change] of CHANGES) {
    test(`a ${name} report has jspurefix's bytes`, () => {
      const report = changeReport(STATE, change, `9.${change.order.order_id}`, TIME_US);
      const expected = jspurefixBody(report);
      assert.ok(expected.length > 100, 'jspurefix encoded the report');
      assert.equal(preEncodedBody(report).toString('latin1'), expected.toString('latin1'));
    });
  }

  test("a rejected order's report, non-ASCII Text included, has jspurefix's bytes", () => {
    const rejected = {
      cl_ord_id: 'cl-9',
      participant: 'PEAK',
      owner: 'hk-inst-insurer',
      instrument: TRACKER,
      side: '2',
      quantity: 500,
    };
    const rejection = { code: 'INVALID_REQUEST', message: 'Price (44): the instrument’s unit' };
    const report = rejectedOrderReport(STATE, rejected, rejection, 'R12', TIME_US);
    assert.equal(
      preEncodedBody(report).toString('latin1'),
      jspurefixBody(report).toString('latin1'),
    );
  });

  test('a report it cannot write exactly is left for jspurefix, unchanged', () => {
    const report = changeReport(STATE, { kind: 'new', order: order() }, '1.1', TIME_US);
    const cases: FixMessage[] = [
      { ...report, NotInTheLayout: 'x' },
      { ...report, LeavesQty: 0.5 },
      { ...report, LeavesQty: -1 },
      { ...report, Text: null },
      { ...report, Side: true },
      { ...report, Instrument: { ...(report.Instrument as object), SecurityExchange: 'XHKG' } },
      { ...report, TransactTime: new Date(Date.UTC(99_999, 0, 1)) },
    ];
    for (const odd of cases) assert.equal(encodedExecutionReport(odd), odd);
  });

  test('timestamps: each report gets its own time, not the last one kept', () => {
    const change: OrderChange = { kind: 'new', order: order() };
    for (const time_us of [
      TIME_US,
      TIME_US + 1_000,
      TIME_US,
      Date.UTC(2027, 0, 1, 0, 0, 0, 7) * 1e3,
    ]) {
      const report = changeReport(STATE, change, '1.1', time_us);
      assert.equal(
        preEncodedBody(report).toString('latin1'),
        jspurefixBody(report).toString('latin1'),
      );
    }
  });
});

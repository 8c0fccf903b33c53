/**
 * Commands on the wire: parsing (COMMAND_INVALID with the field), dispatch to the domain, and a
 * settlement day that replays, and restores from a snapshot, to the same digest.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sha256Hex } from '../kernel/digest.js';
import { restoreLedger, snapshotLedger } from '../ledger/index.js';
import { DEFAULT_RESOLVER } from './accounts.js';
import { applyPosttradeCommand, parsePosttradeCommand } from './commands.js';
import { checkPosttradeInvariants } from './invariants.js';
import { setReserveCap } from './reserve.js';
import { exportSese023 } from './sese023_io.js';
import { restorePosttrade, snapshotPosttrade } from './snapshot.js';
import {
  createWorld,
  envOf,
  GREEN_HKD,
  holders,
  idOf,
  MMF_TOKEN,
  MOUTAI,
  mint,
  openInfrastructure,
  TENCENT,
  TEST_INSTRUMENTS,
  type World,
  worldText,
} from './testing.js';

function world(): World {
  const w = createWorld();
  openInfrastructure(w, {
    cn: [MOUTAI],
    hk: [TENCENT],
    other: [GREEN_HKD, MMF_TOKEN],
    cash: ['HKD', 'CNY', 'e-HKD'],
  });
  holders(w, ['A', 'B', 'sb', 'nb', 'cn', 'LIONROCK', 'aff', 'HSBC', 'fund'], {
    [TENCENT]: 1_000n,
    [MOUTAI]: 1_000n,
    [GREEN_HKD]: 0n,
    [MMF_TOKEN]: 0n,
    HKD: 100_000_000n,
    CNY: 100_000_000n,
    'e-HKD': 100_000_000n,
  });
  mint(w, idOf('HSBC', GREEN_HKD), 1_000_000n);
  mint(w, idOf('BOCHK', 'HKD'), 100_000_000n);
  mint(w, idOf('HKSCC', 'HKD', 'ccp'), 100_000_000n);
  mint(w, idOf('HDX', 'HKD', 'reserve_fund'), 10_000_000n);
  assert.ok(setReserveCap(w.state, envOf(w), 5_000_000n).ok);
  return w;
}

const T = 1_767_571_200_000_000;

function trade(id: string, fields: Record<string, unknown>) {
  return {
    type: 'posttrade.capture_trade',
    trade: {
      trade_id: id,
      instrument: TENCENT,
      market: 'XHKG',
      price_units: 620_000,
      quantity_units: 100,
      buyer: 'B',
      seller: 'A',
      buyer_participant: 'PEAK',
      seller_participant: 'HARBOUR',
      buy_route: 'domestic',
      sell_route: 'domestic',
      buy_venue: 'XHKG',
      sell_venue: 'XHKG',
      timestamp_us: T,
      trade_date: '2026-01-05',
      currency: 'HKD',
      price_scale: 3,
      ...fields,
    },
  };
}

/** A settlement day's commands as they arrive on the wire, with the time each is applied. */
function day(): Array<[number, unknown]> {
  return [
    [T, trade('t:1', {})],
    [T, trade('t:2', { buyer: 'sb', buy_route: 'southbound', quantity_units: 200 })],
    [
      T,
      trade('t:3', {
        seller: 'cn',
        buyer: 'nb',
        buy_route: 'northbound',
        instrument: MOUTAI,
        market: 'XSHG',
        currency: 'CNY',
        price_units: 146_000,
        price_scale: 2,
      }),
    ],
    [
      T,
      trade('t:4', {
        seller: 'HSBC',
        buyer: 'fund',
        instrument: GREEN_HKD,
        market: 'CMU',
        price_units: 99_875,
        quantity_units: 20_000,
        face_value_minor: '100',
        cash_asset: 'e-HKD',
      }),
    ],
    [
      T,
      trade('t:5', {
        seller: 'aff',
        sell_route: 'vatp_affiliate',
        buy_route: 'vatp_local',
        instrument: MMF_TOKEN,
        market: 'VATP',
        price_units: 100_000,
        price_scale: 4,
        quantity_units: 1_000,
      }),
    ],
    [
      T + 1,
      {
        type: 'posttrade.run_cycle',
        cycle_id: 'CN-0105',
        settlement_date: '2026-01-05',
        groups: ['CSDC'],
      },
    ],
    [
      T + 2,
      {
        type: 'posttrade.set_settlement_rate',
        trade_date: '2026-01-05',
        buy_rate: '0.91234',
        sell_rate: '0.91000',
      },
    ],
    [
      T + 3,
      {
        type: 'posttrade.execute_buy_in',
        instruction_id: 't:5',
        agent: 'LIONROCK',
        price_units: 101_000,
        date: '2026-01-05',
      },
    ],
    [
      T + 4,
      {
        type: 'posttrade.run_cycle',
        cycle_id: 'ALL-0106',
        settlement_date: '2026-01-06',
        end_of_day: true,
      },
    ],
    [
      T + 5,
      {
        type: 'posttrade.run_cycle',
        cycle_id: 'ALL-0107',
        settlement_date: '2026-01-07',
        end_of_day: true,
      },
    ],
    [T + 6, { type: 'posttrade.collect_penalties' }],
  ];
}

function apply(w: World, at_us: number, wire: unknown) {
  w.now_us = at_us;
  const parsed = parsePosttradeCommand(wire);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
  return applyPosttradeCommand(w.state, envOf(w), parsed.value, TEST_INSTRUMENTS);
}

test('a settlement day of commands settles everything and keeps every invariant', () => {
  const w = world();
  mint(w, idOf('LIONROCK', MMF_TOKEN), 1_000n);
  for (const [at_us, wire] of day()) {
    const outcome = apply(w, at_us, wire);
    assert.ok(outcome.ok, outcome.ok ? '' : `${outcome.code} ${outcome.message}`);
    checkPosttradeInvariants(w.state, w.ledger, DEFAULT_RESOLVER);
  }
  const statuses = [...w.state.instructions.values()].map(
    (i) => `${i.id}:${i.status}:${i.closure}`,
  );
  assert.deepEqual(statuses, [
    't:1/S:settled:settled',
    't:1/B:settled:settled',
    't:2/S:settled:settled',
    't:2/B:settled:settled',
    't:3/S:settled:settled',
    't:3/B:settled:settled',
    't:4:settled:settled',
    't:5:cancelled:bought_in',
  ]);
});

function digestAfter(
  commands: Array<[number, unknown]>,
  from?: World,
): { digest: string; world: World } {
  const w = from ?? world();
  if (from === undefined) mint(w, idOf('LIONROCK', MMF_TOKEN), 1_000n);
  for (const [at_us, wire] of commands) apply(w, at_us, wire);
  return { digest: sha256Hex(worldText(w)), world: w };
}

test('a settlement day replays to the same digest, and so does a restart from a snapshot', () => {
  const commands = day();
  const first = digestAfter(commands);
  const second = digestAfter(commands);
  assert.equal(first.digest, second.digest);
  for (const cut of [1, 5, 7, 9]) {
    const head = digestAfter(commands.slice(0, cut)).world;
    const restored: World = {
      ...head,
      ledger: restoreLedger(snapshotLedger(head.ledger)),
      state: restorePosttrade(snapshotPosttrade(head.state)),
    };
    assert.equal(worldText(restored), worldText(head));
    const tail = digestAfter(commands.slice(cut), restored);
    assert.equal(tail.digest, first.digest, `restart after command ${cut}`);
  }
});

test('malformed commands are refused with COMMAND_INVALID and the field', () => {
  const cases: Array<[unknown, string]> = [
    [{ type: 'posttrade.nope' }, 'type'],
    [{ type: 'posttrade.run_cycle', settlement_date: '2026-01-05' }, 'cycle_id'],
    [{ type: 'posttrade.run_cycle', cycle_id: 'c', settlement_date: '5 Jan' }, 'settlement_date'],
    [{ type: 'posttrade.set_reserve_cap', cap_minor: '-5' }, 'cap_minor'],
    [{ type: 'posttrade.cancel_instruction', instruction_id: 'x', extra: 1 }, ''],
    [trade('t:1', { market: 'NASDAQ' }), 'trade.market'],
  ];
  for (const [wire, field] of cases) {
    const parsed = parsePosttradeCommand(wire);
    assert.equal(parsed.ok ? '' : parsed.code, 'COMMAND_INVALID');
    assert.equal(parsed.ok ? '' : parsed.details.field, field);
  }
});

test('import and export go through the command too; an exchange ISIN is refused', () => {
  const w = world();
  const captured = apply(
    w,
    T,
    trade('t:4', {
      seller: 'HSBC',
      buyer: 'fund',
      instrument: GREEN_HKD,
      market: 'CMU',
      price_units: 99_875,
      quantity_units: 20_000,
      face_value_minor: '100',
      cash_asset: 'e-HKD',
    }),
  );
  assert.ok(captured.ok);
  const xml = exportSese023(w.state, 't:4', 'RECE');
  assert.ok(xml.ok);
  const other = world();
  const imported = apply(other, T, { type: 'posttrade.import_sese023', xml: xml.value });
  assert.ok(imported.ok, imported.ok ? '' : imported.message);
  const exchange = exportSese023(w.state, 't:4', 'DELI');
  assert.ok(exchange.ok);
  const before = worldText(other);
  const refused = apply(other, T, {
    type: 'posttrade.import_sese023',
    xml: exchange.value
      .replace(`<ISIN>${GREEN_HKD}</ISIN>`, `<ISIN>${TENCENT}</ISIN>`)
      .replace('<TxId>t:4', '<TxId>t:9'),
  });
  assert.equal(refused.ok ? '' : refused.code, 'SESE023_INVALID');
  assert.equal(worldText(other), before);
});

/**
 * Property tests: random trading days across every stream, with failures injected (short
 * balances, frozen accounts at any point, FX bank failures), checked after every step against
 * the ledger's invariants (every asset conserved), posttrade's invariants, and a replay of the
 * settled legs: every ledger balance equals its opening balance plus exactly the legs posttrade
 * recorded as settled, so no leg ever moved without its counterpart. Netting equals gross.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  checkLedgerInvariants,
  createTransfers,
  OPERATOR_ACTOR,
  postedBalance,
} from '../ledger/index.js';
import { DEFAULT_RESOLVER } from './accounts.js';
import { captureTrade } from './capture.js';
import { posttradeConfig } from './config.js';
import { runCycle } from './cycle.js';
import { setSettlementRate } from './fx.js';
import { checkPosttradeInvariants } from './invariants.js';
import {
  createWorld,
  envOf,
  freeze,
  GREEN_HKD,
  holders,
  idOf,
  MMF_TOKEN,
  MOUTAI,
  mint,
  openInfrastructure,
  TENCENT,
  tradeOf,
  type World,
} from './testing.js';
import type { TradeForSettlement } from './types.js';

const OWNERS = ['o0', 'o1', 'o2', 'o3'];
const SEED = 20_260_105;

interface TradeSpec {
  readonly kind: 'hk' | 'sb_buy' | 'sb_sell' | 'nb' | 'bond' | 'vatp';
  readonly seller: number;
  readonly buyer: number;
  readonly quantity: number;
  readonly price: number;
}

type Step =
  | { readonly op: 'trade'; readonly spec: TradeSpec }
  | { readonly op: 'freeze'; readonly owner: number; readonly asset: number }
  | { readonly op: 'cycle' };

const ASSETS = [TENCENT, MOUTAI, GREEN_HKD, MMF_TOKEN, 'HKD', 'CNY', 'e-HKD'];

const spec: fc.Arbitrary<TradeSpec> = fc.record({
  kind: fc.constantFrom('hk', 'sb_buy', 'sb_sell', 'nb', 'bond', 'vatp'),
  seller: fc.nat(OWNERS.length - 1),
  buyer: fc.nat(OWNERS.length - 1),
  quantity: fc.integer({ min: 1, max: 400 }),
  price: fc.integer({ min: 1, max: 50 }),
});

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: spec.map((s) => ({ op: 'trade' as const, spec: s })) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('freeze' as const),
      owner: fc.nat(OWNERS.length + 1),
      asset: fc.nat(ASSETS.length - 1),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ op: 'cycle' as const }) },
);

function world(funding: readonly bigint[], config = posttradeConfig()): World {
  const w = createWorld(config);
  openInfrastructure(w, {
    cn: [MOUTAI],
    hk: [TENCENT],
    other: [GREEN_HKD, MMF_TOKEN],
    cash: ['HKD', 'CNY', 'e-HKD'],
  });
  holders(w, OWNERS, {
    [TENCENT]: 0n,
    [MOUTAI]: 0n,
    [GREEN_HKD]: 0n,
    [MMF_TOKEN]: 0n,
    HKD: 0n,
    CNY: 0n,
    'e-HKD': 0n,
  });
  OWNERS.forEach((owner, k) => {
    const units = funding[k] ?? 0n;
    for (const asset of [TENCENT, MOUTAI, GREEN_HKD, MMF_TOKEN]) mint(w, idOf(owner, asset), units);
    for (const asset of ['HKD', 'CNY', 'e-HKD']) mint(w, idOf(owner, asset), units * 10_000n);
  });
  mint(w, idOf('BOCHK', 'HKD'), 10_000_000n);
  mint(w, idOf('BOCHK', 'CNY'), 10_000_000n);
  assert.ok(
    setSettlementRate(w.state, {
      trade_date: '2026-01-05',
      buy_rate: '0.9123',
      sell_rate: '0.9101',
    }).ok,
  );
  return w;
}

function tradeFor(s: TradeSpec, index: number): TradeForSettlement | undefined {
  const seller = OWNERS[s.seller] as string;
  const buyer = OWNERS[s.buyer] as string;
  const base = {
    trade_id: `p:${index}`,
    seller,
    buyer,
    quantity_units: s.quantity,
    price_units: s.price * 1_000,
  };
  switch (s.kind) {
    case 'hk':
      return tradeOf(base);
    case 'sb_buy':
      return tradeOf({ ...base, buy_route: 'southbound' });
    case 'sb_sell':
      return tradeOf({ ...base, sell_route: 'southbound' });
    case 'nb':
      return tradeOf({
        ...base,
        instrument: MOUTAI,
        market: 'XSHG',
        currency: 'CNY',
        price_scale: 2,
        price_units: s.price * 100,
        buy_route: 'northbound',
      });
    case 'bond':
      if (seller === buyer) return undefined;
      return tradeOf({
        ...base,
        instrument: GREEN_HKD,
        market: 'CMU',
        face_value_minor: 100n,
        price_units: 99_000 + s.price,
        cash_asset: 'e-HKD',
      });
    case 'vatp':
      if (seller === buyer) return undefined;
      return tradeOf({
        ...base,
        instrument: MMF_TOKEN,
        market: 'VATP',
        price_scale: 4,
        price_units: s.price * 10_000,
        sell_route: 'vatp_affiliate',
        buy_route: 'vatp_local',
      });
  }
}

/** Opening balance of every account, before any settlement. */
function balances(w: World): Map<string, bigint> {
  const map = new Map<string, bigint>();
  for (const account of w.ledger.accounts.values()) map.set(account.id, postedBalance(account));
  return map;
}

/** Every balance must be its opening balance plus the legs posttrade recorded as settled. */
function checkReplay(w: World, opening: ReadonlyMap<string, bigint>): void {
  const expected = new Map(opening);
  const ids = w.state.accounts.ids;
  const move = (from: number, to: number, amount: bigint) => {
    if (amount === 0n) return;
    const f = ids[from] as string;
    const t = ids[to] as string;
    expected.set(f, (expected.get(f) ?? 0n) - amount);
    expected.set(t, (expected.get(t) ?? 0n) + amount);
  };
  for (const i of w.state.instructions.values()) {
    move(i.sec_from, i.sec_to, i.settled_quantity_units);
    if (i.cash_from >= 0) move(i.cash_from, i.cash_to, i.settled_cash_minor);
    if (i.rmb_from >= 0) move(i.rmb_from, i.rmb_to, i.settled_rmb_minor);
    // DvP: a same-day instruction never has one leg settled without the other.
    if (i.securities_date === i.cash_date && i.payment === 'APMT' && i.cash_minor > 0n) {
      assert.equal(
        i.settled_quantity_units === 0n,
        i.settled_cash_minor === 0n,
        `${i.id} DvP split`,
      );
      if (i.fx !== 'none')
        assert.equal(i.settled_cash_minor === 0n, i.settled_rmb_minor === 0n, `${i.id} FX split`);
    }
    assert.ok(
      i.settled_cash_minor === 0n || i.settled_quantity_units > 0n,
      `${i.id} cash before securities`,
    );
  }
  addFxDeals(w, expected);
  for (const account of w.ledger.accounts.values()) {
    if (account.owner === 'MINT') continue;
    assert.equal(
      postedBalance(account),
      expected.get(account.id) ?? 0n,
      `balance of ${account.id}`,
    );
  }
}

/** The southbound FX deals of every kept report, as moves between the FX bank and ChinaClear. */
function addFxDeals(w: World, expected: Map<string, bigint>): void {
  for (const report of w.state.reports.values()) {
    for (const deal of report.fx) {
      const bank_hkd = idOf('BOCHK', 'HKD');
      const bank_rmb = idOf('BOCHK', 'CNY');
      const agent_hkd = idOf('CSDC', 'HKD', 'agent');
      const agent_rmb = idOf('CSDC', 'CNY', 'agent');
      const [hkd_from, hkd_to, rmb_from, rmb_to] =
        deal.direction === 'buy_hkd'
          ? [bank_hkd, agent_hkd, agent_rmb, bank_rmb]
          : [agent_hkd, bank_hkd, bank_rmb, agent_rmb];
      expected.set(hkd_from, (expected.get(hkd_from) ?? 0n) - deal.hkd_minor);
      expected.set(hkd_to, (expected.get(hkd_to) ?? 0n) + deal.hkd_minor);
      expected.set(rmb_from, (expected.get(rmb_from) ?? 0n) - deal.rmb_minor);
      expected.set(rmb_to, (expected.get(rmb_to) ?? 0n) + deal.rmb_minor);
    }
  }
}

const DATES = ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09'];

function runSteps(w: World, steps: readonly Step[]): void {
  const opening = balances(w);
  let cycles = 0;
  steps.forEach((s, index) => {
    if (s.op === 'trade') {
      const trade = tradeFor(s.spec, index);
      if (trade !== undefined) assert.ok(captureTrade(w.state, envOf(w), trade).ok);
    } else if (s.op === 'freeze') {
      const owner = [...OWNERS, 'BOCHK', 'HKSCC'][s.owner] as string;
      const role = owner === 'HKSCC' ? 'ccp' : 'holding';
      const account = w.ledger.accounts.get(idOf(owner, ASSETS[s.asset] as string, role));
      if (account !== undefined) freeze(w, account.id, !account.frozen);
    } else {
      const date = DATES[Math.min(cycles, DATES.length - 1)] as string;
      cycles += 1;
      const outcome = runCycle(w.state, envOf(w), {
        cycle_id: `c${cycles}`,
        settlement_date: date,
        end_of_day: true,
      });
      assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    }
    checkLedgerInvariants(w.ledger);
    checkPosttradeInvariants(w.state, w.ledger, DEFAULT_RESOLVER);
    checkReplay(w, opening);
  });
}

test('every asset is conserved and no DvP or PvP leg settles alone, whatever fails when', () => {
  fc.assert(
    fc.property(
      fc.array(fc.bigInt({ min: 0n, max: 600n }), { minLength: 4, maxLength: 4 }),
      fc.array(step, { minLength: 1, maxLength: 40 }),
      (funding, steps) => runSteps(world(funding), steps),
    ),
    { seed: SEED, numRuns: 150 },
  );
});

test('the same holds when every netting batch is split into one-transfer hold batches', () => {
  const config = posttradeConfig({ net_batch_transfers_max: 1 });
  fc.assert(
    fc.property(
      fc.array(fc.bigInt({ min: 0n, max: 600n }), { minLength: 4, maxLength: 4 }),
      fc.array(step, { minLength: 1, maxLength: 30 }),
      (funding, steps) => {
        const w = world(funding, config);
        runSteps(w, steps);
        assert.equal(w.ledger.pending_count, 0, 'no hold is left pending');
      },
    ),
    { seed: SEED + 1, numRuns: 80 },
  );
});

test('a failure injected at each account of a batch leaves every DvP and the PvP whole', () => {
  const specs: TradeSpec[] = [
    { kind: 'hk', seller: 0, buyer: 1, quantity: 100, price: 10 },
    { kind: 'sb_buy', seller: 1, buyer: 2, quantity: 50, price: 12 },
    { kind: 'sb_sell', seller: 2, buyer: 3, quantity: 30, price: 11 },
    { kind: 'hk', seller: 3, buyer: 0, quantity: 70, price: 9 },
  ];
  const capture = (w: World) => {
    specs.forEach((s, k) => {
      assert.ok(captureTrade(w.state, envOf(w), tradeFor(s, k) as TradeForSettlement).ok);
    });
  };
  const probe = world([1_000n, 1_000n, 1_000n, 1_000n]);
  capture(probe);
  const accounts = [...probe.state.accounts.ids, idOf('BOCHK', 'HKD'), idOf('BOCHK', 'CNY')];
  const reasons = new Set<string>();
  for (const target of accounts) {
    for (const how of ['freeze', 'drain'] as const) {
      const w = world([1_000n, 1_000n, 1_000n, 1_000n]);
      capture(w);
      injectFailure(w, target, how);
      const opening = balances(w);
      const outcome = runCycle(w.state, envOf(w), {
        cycle_id: 'c1',
        settlement_date: '2026-01-07',
      });
      assert.ok(outcome.ok);
      checkLedgerInvariants(w.ledger);
      checkPosttradeInvariants(w.state, w.ledger, DEFAULT_RESOLVER);
      checkReplay(w, opening);
      for (const i of w.state.instructions.values()) reasons.add(i.fail_reason);
    }
  }
  for (const reason of [
    'short_securities',
    'short_cash',
    'account_frozen',
    'counterparty_failed',
    'fx_failed',
  ]) {
    assert.ok(reasons.has(reason), `some injection caused ${reason}`);
  }
});

/** Freezes the account, or sends everything in it back to where it was minted. */
function injectFailure(w: World, id: string, how: 'freeze' | 'drain'): void {
  const account = w.ledger.accounts.get(id);
  assert.ok(account);
  if (how === 'freeze') {
    freeze(w, id);
    return;
  }
  const amount = postedBalance(account);
  if (amount <= 0n) return;
  const drained = createTransfers(
    w.ledger,
    [
      {
        id: `drain/${id}`,
        debit_account_id: id,
        credit_account_id: `MINT/${account.asset}/issuance`,
        amount_minor: amount,
      },
    ],
    { actor: OPERATOR_ACTOR, timestamp_us: w.now_us, sink: w.ledger_events },
  );
  assert.ok(drained.ok);
}

test('netting gives the same final balances as settling every instruction gross', () => {
  const funded = posttradeConfig();
  const gross_streams = { ...funded.streams };
  for (const key of ['hk_domestic', 'cn_domestic', 'northbound'] as const) {
    gross_streams[key] = { ...gross_streams[key], model: 'gross' };
  }
  const gross = posttradeConfig({ streams: gross_streams });
  const kinds = fc.constantFrom<TradeSpec['kind']>('hk', 'nb', 'bond', 'vatp');
  const trades = fc.array(
    fc.record({
      kind: kinds,
      seller: fc.nat(3),
      buyer: fc.nat(3),
      quantity: fc.integer({ min: 1, max: 300 }),
      price: fc.integer({ min: 1, max: 50 }),
    }),
    { minLength: 1, maxLength: 40 },
  );
  fc.assert(
    fc.property(trades, (specs) => {
      const results = [funded, gross].map((config) => {
        const w = world([100_000n, 100_000n, 100_000n, 100_000n], config);
        mint(w, idOf('HKSCC', 'HKD', 'ccp'), 1_000_000_000n);
        mint(w, idOf('CSDC', 'CNY', 'ccp'), 1_000_000_000n);
        specs.forEach((s, k) => {
          const trade = tradeFor(s, k);
          if (trade !== undefined) assert.ok(captureTrade(w.state, envOf(w), trade).ok);
        });
        DATES.forEach((date, k) => {
          assert.ok(runCycle(w.state, envOf(w), { cycle_id: `c${k}`, settlement_date: date }).ok);
        });
        for (const i of w.state.instructions.values()) assert.equal(i.status, 'settled', i.id);
        return [...w.ledger.accounts.values()]
          .filter((a) => a.owner !== 'HUTONG')
          .map((a) => `${a.id}=${postedBalance(a)}`)
          .join('\n');
      });
      assert.equal(results[0], results[1]);
    }),
    { seed: SEED + 2, numRuns: 100 },
  );
});

/**
 * For the hub's PvP property (pvp_property.test.ts): a small hub ready for payments (the demo's
 * parties and cash assets only, so a digest after every command stays cheap), random actions on
 * it with failures injected at every step of a payment's life, and their commands.
 * @module
 */

import fc from 'fast-check';
import { timestampAt } from '../../kernel/index.js';
import type { Command } from '../../protocol/index.js';
import { genesisSubmissions } from '../../sim/genesis.js';
import { issuanceAccountId } from '../accounts.js';
import { wire } from '../bonds/testing.js';
import { Hub } from '../hub.js';
import { restoreHub, snapshotHub } from '../state.js';
import { TestHub } from '../testing.js';
import { linkBankAccountInputs } from './accounts.js';
import {
  ALICE,
  CN_BANK,
  HK_BANK,
  ids,
  LI,
  LINK_BANK,
  PREFUND_MINOR,
  paymentsSetUp,
  WANG,
} from './testing.js';

/** Who issues each ledger asset of the payments accounts (the demo's cash assets). */
export const ISSUER: Readonly<Record<string, string>> = { HKD: 'HKMA', CNY: 'PBOC', CNH: 'BOCHK' };

/**
 * A second bank with link positions at both systems, funded: the operator may make it the RMB
 * link bank, and it may quote. BOCHK stays the first.
 */
export const OTHER_LINK_BANK = 'SCBHK';

/** Where a run starts (HK time, Monday 5 January 2026): by day, near 23:00, near midnight. */
export const START_CLOCKS = ['10:00:00', '22:59:50', '23:59:50'] as const;

/** Most runs by day, when payments go both ways; some across 23:00 and midnight. */
export const startClockArbitrary = fc.oneof(
  { weight: 3, arbitrary: fc.constant(START_CLOCKS[0]) },
  fc.constantFrom(START_CLOCKS[1], START_CLOCKS[2]),
);

type Person = { id: string; id_type: string; name: string; bank: string; account: string };
type Payee = {
  side: 'HK' | 'MAINLAND';
  bank: string;
  account: string;
  name: string;
  mobile: string;
};

/** Payees by side; the last of each has a proxy but no deposit account on the ledger. */
export const PAYEES: Readonly<Record<'HK' | 'MAINLAND', readonly Payee[]>> = {
  HK: [
    { side: 'HK', ...ALICE },
    { side: 'HK', bank: HK_BANK, account: 'HK-404', name: 'HO Siu Ling', mobile: '+852 9234 5678' },
  ],
  MAINLAND: [
    { side: 'MAINLAND', ...WANG },
    { side: 'MAINLAND', ...LI },
    { side: 'MAINLAND', bank: CN_BANK, account: 'CN-404', name: '赵强', mobile: '137 0013 7000' },
  ],
};
export const ALL_PAYEES: readonly Payee[] = [...PAYEES.HK, ...PAYEES.MAINLAND];
const SOUTHBOUND_PAYERS: readonly Person[] = [WANG, LI];

/** Accounts an operator may drain, refill or freeze to make a step fail. */
export const TARGET_ACCOUNTS: readonly string[] = [
  ids.aliceHkd,
  ids.aliceCnh,
  ids.wang,
  ids.li,
  ids.hkBankHkd,
  ids.hkBankCnh,
  ids.cnBankCny,
  ids.linkHkd,
  ids.linkCnhFps,
  ids.linkCnyIbps,
  ids.linkPosHkd,
  ids.linkPosCnh,
  ids.linkPosCny,
];

function proxyJson(p: Payee, type: 'payments.register_proxy' | 'payments.remove_proxy') {
  const proxy = { side: p.side, proxy_type: 'mobile', value: p.mobile };
  if (type === 'payments.remove_proxy') return { type, ...proxy };
  return { type, ...proxy, bank: p.bank, account: p.account, name: p.name };
}

/** The base hub's envelopes by start clock, built once. */
const base_envelopes = new Map<string, TestHub['envelopes']>();

/** The demo's parties and cash assets, their issuance accounts, then the payments set-up. */
function buildBase(clock: string): TestHub {
  const t = new TestHub(timestampAt('2026-01-05', clock));
  for (const s of genesisSubmissions()) {
    const type = s.command.type;
    if (type === 'reference.register_party' || type === 'reference.register_cash_asset') {
      t.accept(s.participant, s.command);
    }
  }
  const accounts = Object.entries(ISSUER).map(([asset, issuer]) => ({
    ...{ id: issuanceAccountId(issuer, asset), owner: issuer, asset, purpose: 'issuance' },
    ...{ debits_must_not_exceed_credits: false, credits_must_not_exceed_debits: true },
  }));
  t.accept('operator', wire({ type: 'ledger.create_accounts', accounts }));
  for (const [who, json] of paymentsSetUp()) t.accept(who, wire(json));
  const link = linkBankAccountInputs(OTHER_LINK_BANK);
  t.accept('operator', wire({ type: 'ledger.create_accounts', accounts: link }));
  const transfers = link.map((a) => ({
    ...{
      id: `fund-${a.id}`,
      debit_account_id: issuanceAccountId(ISSUER[a.asset] as string, a.asset),
    },
    ...{ credit_account_id: a.id, amount_minor: `${PREFUND_MINOR}` },
  }));
  t.accept('operator', wire({ type: 'ledger.create_transfers', transfers }));
  for (const p of [PAYEES.HK[1], PAYEES.MAINLAND[2]]) {
    if (p !== undefined) t.accept(p.bank, wire(proxyJson(p, 'payments.register_proxy')));
  }
  return t;
}

/** A fresh small hub at `clock` on the first day, from envelopes built once per clock. */
export function smallPaymentsHub(clock: string): TestHub {
  let envelopes = base_envelopes.get(clock);
  if (envelopes === undefined) {
    envelopes = buildBase(clock).envelopes;
    base_envelopes.set(clock, envelopes);
  }
  const t = new TestHub(timestampAt('2026-01-05', clock));
  for (const e of envelopes) {
    t.envelopes.push(e);
    t.hub.apply(e);
  }
  return t;
}

/** The same hub restored from its snapshot, with the same journal: a restart. */
export function restarted(t: TestHub): TestHub {
  const next = new TestHub(t.now_us, new Hub(restoreHub(snapshotHub(t.hub.state))));
  next.envelopes.push(...t.envelopes);
  return next;
}

// ---- actions ----

/**
 * How a converting payment gets its quote: agreed (the rate stated), unstated (the id only),
 * stale (11 s old), at the wrong rate, none, from the other link bank, or from the payer's own
 * bank, HSBC, which has no link position.
 */
const QUOTE_WAYS = [
  'agreed',
  'unstated',
  'stale',
  'wrong_rate',
  'none',
  'other_link',
  'no_position',
] as const;

export type Action =
  | {
      kind: 'pay';
      direction: 'northbound' | 'southbound';
      payer: number;
      payee: number;
      fx: boolean;
      amount_minor: bigint;
      credit: boolean;
      quote: (typeof QUOTE_WAYS)[number];
      rate_e8: bigint;
      wrong_actor: boolean;
    }
  | { kind: 'confirm' | 'refuse_return' | 'expire'; pick: number; wrong_actor: boolean }
  | { kind: 'recall' | 'return'; pick: number; reason: string; wrong_actor: boolean }
  | { kind: 'advance'; seconds: number }
  | { kind: 'proxy'; remove: boolean; who: number }
  | { kind: 'lookup'; who: number }
  | {
      kind: 'settings';
      cap_unit: string | null;
      single_cap_minor: bigint | null;
      hkd_per_cny_e8: bigint | null;
      link_bank: string | null;
    }
  | { kind: 'drain'; account: number; keep_minor: bigint }
  | { kind: 'refill'; account: number }
  | { kind: 'freeze'; account: number; frozen: boolean }
  | { kind: 'resend'; pick: number; same: boolean }
  | { kind: 'restart' };

const rarely = fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, fc.constant(true));

const payArbitrary = fc.record({
  kind: fc.constant('pay' as const),
  direction: fc.constantFrom('northbound' as const, 'southbound' as const),
  payer: fc.nat(1),
  payee: fc.nat(2),
  fx: fc.boolean(),
  // Mostly up to 6,000.00, so two reach the HK$10,000 day; some up to 250,000.00 (the quota).
  amount_minor: fc.oneof(
    { weight: 4, arbitrary: fc.bigInt({ min: 1n, max: 600_000n }) },
    fc.bigInt({ min: 1n, max: 25_000_000n }),
  ),
  credit: fc.boolean(),
  quote: fc.constantFrom(...QUOTE_WAYS),
  rate_e8: fc.bigInt({ min: 80_000_000n, max: 120_000_000n }),
  wrong_actor: rarely,
});

/** An earlier payment by its place in the run (see `picked`). */
const pick = fc.nat(40);

export const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  { weight: 8, arbitrary: payArbitrary },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      seconds: fc.integer({ min: 1, max: 45 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('confirm' as const, 'refuse_return' as const, 'expire' as const),
      pick,
      wrong_actor: rarely,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('recall' as const),
      pick,
      // camt.056 reasons, and one that is none.
      reason: fc.constantFrom('DUPL', 'FRAD', 'CUST', 'ZZZZ'),
      wrong_actor: rarely,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('return' as const),
      pick,
      // pacs.004 reasons, and one that is none.
      reason: fc.constantFrom('AC04', 'FOCR', 'CUST', 'ZZZZ'),
      wrong_actor: rarely,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('proxy' as const),
      remove: fc.boolean(),
      who: fc.nat(4),
    }),
  },
  fc.record({ kind: fc.constant('lookup' as const), who: fc.nat(4) }),
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('settings' as const),
      cap_unit: fc.option(fc.constantFrom('person_per_institution', 'person', 'account')),
      single_cap_minor: fc.option(fc.constantFrom(0n, 10_000_00n, 300_000_00n)),
      hkd_per_cny_e8: fc.option(fc.constantFrom(0n, 95_000_000n, 108_700_000n)),
      link_bank: fc.option(fc.constantFrom(LINK_BANK, OTHER_LINK_BANK, HK_BANK, 'NO-SUCH-BANK')),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('drain' as const),
      account: fc.nat(TARGET_ACCOUNTS.length - 1),
      keep_minor: fc.constantFrom(0n, 1_00n, 5_000_00n),
    }),
  },
  fc.record({ kind: fc.constant('refill' as const), account: fc.nat(TARGET_ACCOUNTS.length - 1) }),
  fc.record({
    kind: fc.constant('freeze' as const),
    account: fc.nat(TARGET_ACCOUNTS.length - 1),
    frozen: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('resend' as const), pick, same: fc.boolean() }),
  fc.record({ kind: fc.constant('restart' as const) }),
);

// ---- commands ----

/** One command to send, and who sends it. */
export interface Step {
  readonly participant: string;
  readonly json: Record<string, unknown>;
}

/** What a run remembers: the payments it submitted, by end-to-end id, with their bodies. */
export interface RunModel {
  readonly submits: Map<string, { participant: string; json: Record<string, unknown> }>;
  next: number;
}

function other_bank(bank: string): string {
  return bank === HK_BANK ? CN_BANK : HK_BANK;
}

/** A payment the hub kept, or (one time in as many as there are, plus one) an unknown id. */
function picked(t: TestHub, n: number): string {
  const kept = [...t.hub.state.payments.book.payments.keys()];
  return kept[n % (kept.length + 1)] ?? 'P-UNKNOWN';
}

function balanceOf(t: TestHub, id: string): bigint {
  const a = t.hub.state.ledger.accounts.get(id);
  return a === undefined ? 0n : a.credits_posted - a.debits_posted;
}

type PayAction = Extract<Action, { kind: 'pay' }>;

/** The quote a converting payment needs, the ways it can go wrong, then the payment. */
function payCommands(model: RunModel, a: PayAction): Array<Step | number> {
  const e2e = `P${model.next}`;
  model.next += 1;
  const northbound = a.direction === 'northbound';
  const payer = northbound ? ALICE : (SOUTHBOUND_PAYERS[a.payer] as Person);
  const payees = PAYEES[northbound ? 'MAINLAND' : 'HK'];
  const payee = payees[a.payee % payees.length] as Payee;
  const send_currency = a.fx && northbound ? 'HKD' : 'CNY';
  const receive_currency = a.fx && !northbound ? 'HKD' : 'CNY';
  const steps: Array<Step | number> = [];
  const fx: Record<string, unknown> = {};
  if (a.fx && a.quote !== 'none') {
    const quote_id = `Q${e2e}`;
    const bank =
      { other_link: OTHER_LINK_BANK, no_position: HK_BANK }[a.quote as string] ?? LINK_BANK;
    steps.push({
      participant: bank,
      json: {
        ...{ type: 'payments.quote', quote_id, bank, from: send_currency },
        ...{ to: receive_currency, rate_e8: `${a.rate_e8}` },
      },
    });
    // A quote is good for 10 s: 11 s later it has expired.
    if (a.quote === 'stale') steps.push(11);
    fx.quote_id = quote_id;
    if (a.quote === 'agreed') fx.agreed_rate_e8 = `${a.rate_e8}`;
  }
  if (a.quote === 'wrong_rate') fx.agreed_rate_e8 = `${a.rate_e8 + 1n}`;
  const { id, id_type, name, bank, account } = payer;
  const json = {
    ...{ type: 'payments.submit', end_to_end_id: e2e, direction: a.direction },
    ...{ payer: { id, id_type, name, bank, account } },
    ...{ payee_proxy: { type: 'mobile', value: payee.mobile }, send_currency, receive_currency },
    ...{ amount_minor: `${a.amount_minor}`, purpose: 'p2p', credit: a.credit, ...fx },
  };
  const participant = a.wrong_actor ? other_bank(bank) : bank;
  model.submits.set(e2e, { participant: bank, json });
  steps.push({ participant, json });
  return steps;
}

/** The bank a step on payment `e2e` comes from: its payer's or its payee's. */
function bankOf(t: TestHub, e2e: string, role: 'payer' | 'payee'): string {
  const payment = t.hub.state.payments.book.payments.get(e2e)?.payment;
  if (payment === undefined) return HK_BANK;
  return role === 'payer' ? payment.instruction.payer.bank : (payment.payee?.bank ?? CN_BANK);
}

type LifeAction = Extract<Action, { pick: number; wrong_actor: boolean }>;

/** A step in an earlier payment's life (or an unknown one's), by the bank that may take it. */
function lifeCommand(t: TestHub, a: LifeAction): Step {
  const end_to_end_id = picked(t, a.pick);
  if (a.kind === 'expire') {
    return { participant: 'operator', json: { type: 'payments.expire', end_to_end_id } };
  }
  const role = a.kind === 'recall' ? 'payer' : 'payee';
  const bank = bankOf(t, end_to_end_id, role);
  const participant = a.wrong_actor ? other_bank(bank) : bank;
  const type = {
    confirm: 'payments.confirm_credit',
    refuse_return: 'payments.refuse_return',
    recall: 'payments.recall',
    return: 'payments.return',
  }[a.kind];
  const reason = 'reason' in a ? { reason: a.reason } : {};
  return { participant, json: { type, end_to_end_id, ...reason } };
}

type LedgerAction = Extract<Action, { kind: 'drain' | 'refill' | 'freeze' }>;

/** The operator drains, refills or freezes an account, so that a later step fails (or not). */
function ledgerCommand(t: TestHub, a: LedgerAction, n: number): Step {
  const id = TARGET_ACCOUNTS[a.account] as string;
  if (a.kind === 'freeze') {
    const json = { type: 'ledger.set_frozen', account_id: id, frozen: a.frozen, reason: 'test' };
    return { participant: 'operator', json };
  }
  const asset = t.hub.state.ledger.accounts.get(id)?.asset ?? 'HKD';
  const issuance = issuanceAccountId(ISSUER[asset] as string, asset);
  const balance = balanceOf(t, id);
  // Drained to `keep_minor` (back to the issuer), or refilled to 1,000,000.00 from it.
  const [from, to, amount] =
    a.kind === 'drain'
      ? [id, issuance, balance - a.keep_minor]
      : [issuance, id, 1_000_000_00n - balance];
  const transfer = { id: `${a.kind}-${n}`, debit_account_id: from, credit_account_id: to };
  const amount_minor = `${amount > 0n ? amount : 0n}`;
  return {
    participant: 'operator',
    json: { type: 'ledger.create_transfers', transfers: [{ ...transfer, amount_minor }] },
  };
}

function settingsCommand(a: Extract<Action, { kind: 'settings' }>): Step {
  const json: Record<string, unknown> = { type: 'payments.set_settings' };
  if (a.cap_unit !== null) json.cap_unit = a.cap_unit;
  if (a.single_cap_minor !== null) json.single_cap_cny_minor = { default: `${a.single_cap_minor}` };
  if (a.hkd_per_cny_e8 !== null) json.hkd_per_cny_e8 = `${a.hkd_per_cny_e8}`;
  if (a.link_bank !== null) json.rmb_link_bank = a.link_bank;
  return { participant: 'operator', json };
}

/**
 * The commands of action number `n`, in order; a number is seconds for the hub's clock to move
 * first (sent as a `hub.tick`). Read from the hub as it is now.
 */
export function commandsOf(
  t: TestHub,
  model: RunModel,
  a: Action,
  n: number,
): Array<Step | number> {
  switch (a.kind) {
    case 'pay':
      return payCommands(model, a);
    case 'advance':
      return [a.seconds];
    case 'proxy': {
      const p = ALL_PAYEES[a.who] as Payee;
      const type = a.remove ? 'payments.remove_proxy' : 'payments.register_proxy';
      return [{ participant: p.bank, json: proxyJson(p, type) }];
    }
    case 'lookup': {
      const p = ALL_PAYEES[a.who] as Payee;
      const bank = p.side === 'HK' ? CN_BANK : HK_BANK;
      const json = {
        type: 'payments.lookup',
        bank,
        side: p.side,
        proxy_type: 'mobile',
        value: p.mobile,
      };
      return [{ participant: bank, json }];
    }
    case 'settings':
      return [settingsCommand(a)];
    case 'resend': {
      // Any payment sent before, kept or refused: the same body again, or another one.
      const sent = [...model.submits.values()];
      const known = sent[a.pick % Math.max(sent.length, 1)];
      if (known === undefined) return [];
      const json = a.same ? known.json : { ...known.json, amount_minor: '1' };
      return [{ participant: known.participant, json }];
    }
    case 'restart':
      return [];
    case 'drain':
    case 'refill':
    case 'freeze':
      return [ledgerCommand(t, a, n)];
    default:
      return [lifeCommand(t, a)];
  }
}

export function commandOf(step: Step): Command {
  return wire(step.json);
}

/**
 * Repos opened and closed through the hub (issue 15's target: 200,000 repos/s): each repo is two
 * commands applied by `Hub.apply` in memory (no journal): `financing.open_repo`, an open repo of
 * CNY 1 m of face of the CGB from an overseas fund to a Primary Liquidity Provider, whose start
 * leg is captured into posttrade and settles DvP at once on the ledger through the nominee
 * chains; then `financing.close_repo`, whose end leg settles the same way. Every repo is opened
 * first and then every one closed, so the book holds `count` open repos at its peak (the checks
 * on the collateral register must not grow with the book). Set-up (genesis, the bond, the
 * accounts, the positions) is untimed; every leg is checked settled after.
 * @module
 */

import { CGB_2016_19 } from '../../bonds/index.js';
import { bondHoldingChain } from '../../hub/accounts.js';
import type { Command } from '../../hub/index.js';
import { timestampAt } from '../../kernel/time.js';
import { parseCommand } from '../../protocol/index.js';
import { DEMO_START_US } from '../../sim/genesis.js';
import { Driver } from '../bonds/hub_rfq.js';

const CGB = CGB_2016_19.isin;
const SELLER = 'hk-inst-fund';
const PLP = 'HSBC';

function op(d: Driver, json: unknown): void {
  d.wire('operator', json);
}

function registerCgb(d: Driver): void {
  op(d, {
    type: 'reference.register_security',
    security: {
      ...{ id: CGB, symbol: '019547', name: 'CGB 2016-19 (bench)', market: 'CIBM', kind: 'bond' },
      ...{ currency: 'CNY', board: 'unlisted', lot_size: 10, price_scale: 3, issuer: 'MOF' },
      ...{ tick_table: 'uniform', listing_date: '2016-09-26' },
      bond: { coupon_ppm: 32_700, maturity_date: '2046-08-22', face_value_minor: '10000' },
    },
  });
  const coupon = { kind: 'fixed', rate_e12: '32700000000' };
  const amounts = { face_value_minor: '10000', min_denomination_minor: '10000' };
  op(d, { type: 'bonds.register', terms: { ...CGB_2016_19, coupon, ...amounts } });
  op(d, {
    type: 'bonds.set_investor_access',
    investor: SELLER,
    northbound: true,
    southbound_channel: null,
  });
  op(d, { type: 'financing.set_plps', parties: [PLP] });
}

/** The owner's nominee chain in the CGB, opened where missing; returns its holding account. */
function chainOf(d: Driver, owner: string): string {
  const security = d.hub.state.reference.securities.get(CGB);
  const chain = security && bondHoldingChain(d.hub.state.reference, owner, security);
  if (chain === undefined) throw new Error(`no holding chain for ${owner}`);
  const missing = chain.filter((a) => !d.hub.state.ledger.accounts.has(a.id));
  if (missing.length > 0) op(d, { type: 'ledger.create_accounts', accounts: missing });
  return chain.at(-1)?.id as string;
}

function setUp(count: number): Driver {
  const d = new Driver(DEMO_START_US);
  d.genesis();
  d.now_us = timestampAt('2026-01-05', '10:00');
  registerCgb(d);
  const issuance = {
    ...{ id: `CCDC/${CGB}/issuance`, owner: 'CCDC', asset: CGB, purpose: 'available' },
    ...{ debits_must_not_exceed_credits: false, credits_must_not_exceed_debits: true },
  };
  const cnh = {
    ...{ id: `${SELLER}/CNH`, owner: SELLER, asset: 'CNH', purpose: 'available' },
    ...{ debits_must_not_exceed_credits: true, credits_must_not_exceed_debits: false },
  };
  op(d, { type: 'ledger.create_accounts', accounts: [issuance, cnh] });
  const holding = chainOf(d, SELLER);
  chainOf(d, PLP);
  const lend = { debit_account_id: 'BOCHK/CNH/issuance' };
  op(d, {
    type: 'ledger.create_transfers',
    transfers: [
      {
        id: 'bench-cgb',
        debit_account_id: issuance.id,
        credit_account_id: holding,
        // CNY 1 m of face (10,000 units) for each repo open at once.
        amount_minor: String(10_000 * count),
      },
      {
        id: 'bench-cnh-plp',
        ...lend,
        credit_account_id: `${PLP}/CNH`,
        // The purchase prices of the whole book (about CNY 1.05 m each), and to spare.
        amount_minor: String(110_000_000n * BigInt(count)),
      },
      { id: 'bench-cnh-fund', ...lend, credit_account_id: cnh.id, amount_minor: '100000000' },
    ],
  });
  return d;
}

/** The two commands of repo `i`, parsed at the door before the clock starts. */
function commands(i: number): [Command, Command] {
  const repo_id = `B${i}`;
  const open = parseCommand({
    type: 'financing.open_repo',
    ...{ repo_id, seller: SELLER, buyer: PLP, isin: CGB },
    ...{ face_minor: '100000000', px_e8: '10512000000', currency: 'CNH' },
    ...{ repurchase_date: null, rate_e12: '18500000000', day_count: 'ACT/365F' },
    haircut_ppm: 20_000,
  });
  const close = parseCommand({ type: 'financing.close_repo', repo_id });
  if (!open.ok || !close.ok) throw new Error('hub repo bench: a command did not parse');
  return [open.command, close.command];
}

/** Repos (open and close) per second through the hub; checks every leg settled. */
export function measureHubRepos(count: number): number {
  const d = setUp(count);
  const instructions = d.hub.state.posttrade.instructions;
  const before = instructions.size;
  const repos = Array.from({ length: count }, (_, i) => commands(i));
  const start = process.hrtime.bigint();
  for (const [open] of repos) {
    d.now_us += 10;
    d.apply(PLP, open);
  }
  for (const [, close] of repos) {
    d.now_us += 10;
    d.apply(PLP, close);
  }
  const rate = (count * 1e9) / Number(process.hrtime.bigint() - start);
  let settled = 0;
  for (const instruction of instructions.values()) {
    if (instruction.trade_id.startsWith('REPO:') && instruction.status === 'settled') settled += 1;
  }
  if (instructions.size - before !== 2 * count || settled !== 2 * count) {
    throw new Error(`hub repo bench: ${settled} of ${2 * count} legs settled`);
  }
  if (d.hub.state.financing.repos.size !== 0) throw new Error('hub repo bench left repos open');
  return rate;
}

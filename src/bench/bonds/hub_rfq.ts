/**
 * RFQ cycles through the hub (issue 14's target: 200,000 complete cycles/s): each cycle is five
 * commands applied by `Hub.apply` in memory (no journal): a Southbound QuoteRequest, three
 * Quotes, the acceptance, which concludes the trade, counts it in the Southbound bond quota and
 * captures it into posttrade, where it settles gross at once (T+0) on the ledger. Buys and sells
 * alternate so positions and the quota stay bounded. Set-up (genesis, accounts) is untimed.
 * @module
 */

import { bondHoldingChain } from '../../hub/accounts.js';
import type { Command, CommandResult, Envelope } from '../../hub/index.js';
import { Hub } from '../../hub/index.js';
import { timestampAt } from '../../kernel/time.js';
import { parseCommand } from '../../protocol/index.js';
import { GREEN_USD_TERMS as GREEN_USD } from '../../sim/demo_bonds.js';
import { DEMO_START_US, genesisSubmissions } from '../../sim/genesis.js';

export { GREEN_USD };

const BOND = GREEN_USD.isin;
const MAKERS = ['BOCHK', 'SCBHK', 'HSBC'];
const QUOTE_IDS = ['Q1', 'Q2', 'Q3'];
const INVESTOR = 'cn-inst-fund';
const S = 1_000_000;

export class Driver {
  readonly hub = new Hub();
  now_us: number;

  constructor(start_us: number) {
    this.now_us = start_us;
  }

  genesis(): void {
    for (const s of genesisSubmissions()) this.apply(s.participant, s.command);
  }

  apply(participant: string, command: Command): CommandResult {
    const envelope: Envelope = {
      seq: this.hub.seq + 1,
      timestamp_us: this.now_us,
      participant,
      idempotency_key: null,
      command,
    };
    const result = this.hub.apply(envelope);
    if (result.status !== 'accepted') {
      throw new Error(`${command.type} refused: ${result.rejection?.code}`);
    }
    return result;
  }

  wire(participant: string, json: unknown): CommandResult {
    const parsed = parseCommand(json);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    return this.apply(participant, parsed.command);
  }
}

function account(id: string, asset: string) {
  const limits = { debits_must_not_exceed_credits: true, credits_must_not_exceed_debits: false };
  return { id, owner: INVESTOR, asset, purpose: 'available', ...limits };
}

function setUp(): Driver {
  const d = new Driver(DEMO_START_US);
  d.genesis();
  d.now_us = timestampAt('2026-01-05', '10:00');
  d.wire('operator', { type: 'bonds.register', terms: GREEN_USD });
  for (const dealer of MAKERS) {
    d.wire('operator', { type: 'bonds.register_maker', dealer, direction: 'southbound' });
  }
  d.wire('operator', {
    type: 'bonds.set_investor_access',
    investor: INVESTOR,
    northbound: false,
    southbound_channel: 'bond_connect',
  });
  d.wire('operator', {
    type: 'bonds.set_quota_fx_rates',
    date: '2026-01-05',
    rates: { USD: '7.1' },
  });
  const cash = `${INVESTOR}/USD`;
  // The Mainland investor holds through SHCH's nominee account in CMU (docs/bonds.md §8.8).
  const security = d.hub.state.reference.securities.get(BOND);
  const chain = security && bondHoldingChain(d.hub.state.reference, INVESTOR, security);
  if (chain === undefined) throw new Error('no holding chain for the bench investor');
  d.wire('operator', {
    type: 'ledger.create_accounts',
    accounts: [account(cash, 'USD'), ...chain],
  });
  const funding = { debit_account_id: 'HSBC/USD/issuance', credit_account_id: cash };
  d.wire('operator', {
    type: 'ledger.create_transfers',
    transfers: [{ id: 'bench-funding', ...funding, amount_minor: '10000000000' }],
  });
  return d;
}

function cycle(d: Driver, i: number): void {
  const id = `R${i}`;
  d.now_us += 10;
  d.apply('PEARL', {
    type: 'bonds.request_quote',
    quote_req_id: id,
    requester: INVESTOR,
    security_id: BOND,
    side: (i & 1) === 0 ? 'buy' : 'sell',
    order_qty_minor: 100_000_000n,
    price_type: 'percent_of_par',
    dealers: MAKERS,
    quote_window_us: 60 * S,
    settlement_date: '2026-01-05',
  });
  for (let k = 0; k < 3; k += 1) {
    d.apply(MAKERS[k] as string, {
      type: 'bonds.quote',
      quote_id: QUOTE_IDS[k] as string,
      quote_req_id: id,
      dealer: MAKERS[k] as string,
      px_e8: 9_950_000_000n + BigInt(k * 5_000_000),
      valid_until_us: d.now_us + 30 * S,
    });
  }
  d.apply('PEARL', {
    type: 'bonds.respond',
    quote_resp_id: id,
    quote_req_id: id,
    quote_resp_type: 'hit_lift',
    quote_id: QUOTE_IDS[(i >> 1) % 3] as string,
  });
}

/** Complete RFQ cycles per second through the hub; checks every trade settled. */
export function measureHubRfqCycles(count: number): number {
  const d = setUp();
  const instructions = d.hub.state.posttrade.instructions;
  const before = instructions.size;
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) cycle(d, i);
  const rate = (count * 1e9) / Number(process.hrtime.bigint() - start);
  let settled = 0;
  for (const instruction of instructions.values()) {
    if (instruction.trade_id.startsWith('BOND:') && instruction.status === 'settled') settled += 1;
  }
  if (instructions.size - before !== count || settled !== count) {
    throw new Error(`hub rfq bench: ${settled} of ${count} trades settled`);
  }
  return rate;
}

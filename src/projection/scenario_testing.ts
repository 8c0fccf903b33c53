/**
 * A real hub's results for the projection tests: the demo genesis, the repo market's set-up, the
 * order workload (trades), an order replaced and cancelled, a partial fill, holds posted, voided
 * and expired, an account frozen and unfrozen, a balance above 2^64, a rejection, a retry under
 * an idempotency key, a repo with a bond valuation and a margin call.
 * @module
 */

import { allotments, buildOrders } from '../bench/orders/workload.js';
import type { CommandResult, Envelope, HubEvent } from '../hub/index.js';
import { TestHub } from '../hub/testing.js';
import { timestampAt } from '../kernel/time.js';
import { type Command, parseCommand } from '../protocol/index.js';
import { DEMO_CGB_TERMS, financingSetUpSubmissions } from '../sim/demo_financing.js';
import { DEMO_START_US, genesisSubmissions } from '../sim/genesis.js';

/** 2^64 + 12,345: past what a signed or unsigned 64-bit column holds. */
export const BIG_AMOUNT_MINOR = 2n ** 64n + 12_345n;
export const BIG_ACCOUNT = 'HARBOUR/HKD';

export interface Scenario {
  readonly results: Array<readonly [Envelope, CommandResult]>;
}

const wire = (json: Record<string, unknown>): Command => {
  const parsed = parseCommand(json);
  if (!parsed.ok) throw new Error(`scenario: ${JSON.stringify(parsed.problems)}`);
  return parsed.command;
};

export function scenario(): Scenario {
  const t = new TestHub(DEMO_START_US);
  const results: Array<readonly [Envelope, CommandResult]> = [];
  const submit = (participant: string, command: Command, key: string | null = null) => {
    const result = t.submit(participant, command, key);
    results.push([t.envelopes[t.envelopes.length - 1] as Envelope, result]);
    return result;
  };
  for (const s of genesisSubmissions()) submit(s.participant, s.command);
  for (let stage = financingSetUpSubmissions(t.hub.state); stage.length > 0; ) {
    for (const s of stage) submit(s.participant, s.command);
    stage = financingSetUpSubmissions(t.hub.state);
  }
  submit('operator', allotments(t.hub, 40));
  t.now_us = timestampAt('2026-01-05', '10:00');
  submit('operator', wire({ type: 'hub.tick' }));
  for (const [participant, command] of buildOrders(40)) submit(participant, command);
  orderLife(submit);
  ledgerLife(t, submit);
  repoLife(t, submit);
  return { results };
}

type Submit = (participant: string, command: Command, key?: string | null) => CommandResult;

function orderIdOf(result: CommandResult): number {
  const accepted = result.events.find((e) => e.type === 'order_accepted');
  if (accepted?.type !== 'order_accepted') throw new Error('scenario: order not accepted');
  return accepted.order_id;
}

/** A resting buy replaced then cancelled; a buy of two lots filled by one, the rest cancelled. */
function orderLife(submit: Submit): void {
  const order = {
    type: 'market.submit_order',
    instrument: 'CNE0000018R8',
    order_type: 'limit',
    time_in_force: 'day',
    post_only: false,
    owner: 'hk-inst-fund',
    bcan: '1000000003',
  };
  // Hong Kong domestic: a Connect order may not be amended.
  const domestic = {
    ...{ type: 'market.submit_order', instrument: 'GB0005405286', order_type: 'enhanced_limit' },
    ...{ time_in_force: 'day', post_only: false, owner: 'hk-retail-chan', side: 'buy' },
  };
  const rest = submit(
    'HARBOUR',
    wire({ ...domestic, client_order_id: 'rest', price_units: 100_000, quantity_units: 400 }),
  );
  const rest_id = orderIdOf(rest);
  const replace = { type: 'market.replace_order', order_id: rest_id };
  submit('HARBOUR', wire({ ...replace, price_units: 101_000, quantity_units: 800 }));
  submit('HARBOUR', wire({ type: 'market.cancel_order', order_id: rest_id }));
  const two = submit(
    'HARBOUR',
    wire({
      ...order,
      client_order_id: 'two',
      side: 'buy',
      price_units: 146_000,
      quantity_units: 200,
    }),
  );
  submit(
    'PEAK',
    wire({
      ...order,
      ...{ client_order_id: 'one', side: 'sell', price_units: 146_000, quantity_units: 100 },
      ...{ owner: 'hk-inst-insurer', bcan: '2000000002' },
    }),
  );
  submit('HARBOUR', wire({ type: 'market.cancel_order', order_id: orderIdOf(two) }));
}

function ledgerLife(t: TestHub, submit: Submit): void {
  const transfer = (id: string, extra: Record<string, unknown>) => ({
    id,
    debit_account_id: 'HARBOUR/HKD',
    credit_account_id: 'HKSARG/HKD',
    ...extra,
  });
  const transfers = (...list: Array<Record<string, unknown>>) =>
    wire({ type: 'ledger.create_transfers', transfers: list });
  submit('operator', transfers(transfer('hold-post', { action: 'hold', amount_minor: '100' })));
  submit('operator', transfers(transfer('hold-void', { action: 'hold', amount_minor: '200' })));
  submit(
    'operator',
    transfers(transfer('hold-late', { action: 'hold', amount_minor: '300', timeout_s: 60 })),
  );
  submit(
    'operator',
    transfers(
      { id: 'post-1', action: 'post', pending_id: 'hold-post' },
      { id: 'void-1', action: 'void', pending_id: 'hold-void' },
    ),
  );
  const big = {
    ...{ id: 'big', debit_account_id: 'HKMA/HKD/issuance', credit_account_id: BIG_ACCOUNT },
    amount_minor: BIG_AMOUNT_MINOR.toString(),
  };
  submit('operator', transfers(big));
  // Refused: more than HKSARG holds (a rejection is projected as a command row too).
  submit('operator', transfers({ ...big, id: 'over', debit_account_id: 'HKSARG/HKD' }));
  const retry = transfers(transfer('keyed', { amount_minor: '7' }));
  submit('operator', retry, 'key-1');
  submit('operator', retry, 'key-1');
  const freeze = { type: 'ledger.set_frozen', account_id: 'HKSARG/HKD', reason: 'test' };
  submit('operator', wire({ ...freeze, frozen: true }));
  submit('operator', wire({ ...freeze, frozen: false }));
  t.advance(120);
  submit('operator', wire({ type: 'hub.tick' }));
}

/** hk-inst-fund repos CGB to HSBC; the bond is valued, its price falls, HSBC calls margin. */
function repoLife(t: TestHub, submit: Submit): void {
  submit(
    'HARBOUR',
    wire({
      type: 'financing.open_repo',
      ...{ repo_id: 'repo-1', seller: 'hk-inst-fund', buyer: 'HSBC', isin: DEMO_CGB_TERMS.isin },
      ...{ face_minor: '1000000000', px_e8: '10000000000', currency: 'CNH' },
      ...{ repurchase_date: '2026-01-12', rate_e12: '18500000000', day_count: 'ACT/365F' },
      ...{ haircut_ppm: 20_000, minimum_transfer_minor: '1000000', rounding_minor: '100000' },
    }),
  );
  t.now_us = timestampAt('2026-01-06', '10:00');
  submit('operator', wire({ type: 'hub.tick' }));
  submit(
    'operator',
    wire({
      type: 'bonds.publish_valuation',
      ...{ isin: DEMO_CGB_TERMS.isin, date: '2026-01-05', yield_e12: '20000000000' },
    }),
  );
  submit('HSBC', wire({ type: 'financing.call_margin', repo_id: 'repo-1', px_e8: '9000000000' }));
}

/** The event types the scenario must produce, so the tests cover every table's changes. */
export const SCENARIO_EVENT_TYPES: readonly HubEvent['type'][] = [
  'account_created',
  'transfer_created',
  'transfer_batch_created',
  'hold_expired',
  'account_frozen',
  'account_unfrozen',
  'order_accepted',
  'trade',
  'order_cancelled',
  'order_replaced',
  'repo_opened',
  'bond_valuation_published',
  'margin_called',
];

/**
 * A coupon run at scale (issue 14's target: 1,000,000 holders in under 1 s, conservation
 * checked after): the USD green bond tranche held by `holders` extra investors (1,000 units
 * each) besides genesis's, and one `bonds.pay_coupon` applied by `Hub.apply` in memory. The
 * holders, their accounts and holdings are put straight into the hub's state by the domain
 * functions (untimed; a million reference and ledger commands would take minutes to set up);
 * the run itself goes through the hub like any command. After it: the payer paid exactly what
 * the holders received, and the ledger's invariants hold.
 * @module
 */

import { accountDirectoryOf } from '../../hub/directory.js';
import { timestampAt } from '../../kernel/time.js';
import {
  type AccountInput,
  checkLedgerInvariants,
  createAccounts,
  createTransferBatch,
  OPERATOR_ACTOR,
} from '../../ledger/index.js';
import { registerInvestor } from '../../reference/index.js';
import { Driver, GREEN_USD } from './hub_rfq.js';

const BOND = 'HKHTGB25USD6';
const UNITS = 1_000n;
const SILENT = { emit: () => undefined };

function holderAccounts(d: Driver, count: number): void {
  const state = d.hub.state;
  const limits = { debits_must_not_exceed_credits: true, credits_must_not_exceed_debits: false };
  const directory = accountDirectoryOf(state);
  for (let start = 0; start < count; start += 4_000) {
    const inputs: AccountInput[] = [];
    for (let i = start; i < Math.min(count, start + 4_000); i += 1) {
      const owner = `h${i}`;
      const investor = { id: owner, type: 'institutional' as const, jurisdiction: 'HK' };
      const registered = registerInvestor(state.reference, {
        ...investor,
        broker: 'HARBOUR',
        id_document_country: 'HK',
      });
      if (!registered.ok) throw new Error(registered.message);
      inputs.push({
        id: `${BOND}/CMU/${owner}`,
        owner,
        asset: BOND,
        purpose: 'available',
        ...limits,
      });
      inputs.push({ id: `${owner}/USD`, owner, asset: 'USD', purpose: 'available', ...limits });
    }
    const created = createAccounts(state.ledger, inputs, directory, d.now_us, SILENT);
    if (!created.ok) throw new Error(created.message);
  }
}

function issueToHolders(d: Driver, count: number): void {
  const ledger = d.hub.state.ledger;
  const issuance = ledger.accounts.get(`HKMA/${BOND}/issuance`);
  if (issuance === undefined) throw new Error('no issuance account');
  const credits = new Int32Array(count);
  for (let i = 0; i < count; i += 1) {
    const account = ledger.accounts.get(`${BOND}/CMU/h${i}`);
    if (account === undefined) throw new Error('holder account missing');
    credits[i] = account.handle;
  }
  const issued = createTransferBatch(
    ledger,
    {
      id: 'bench-issue',
      codes: ['issue'],
      count,
      debit_handles: new Int32Array(count).fill(issuance.handle),
      credit_handles: credits,
      amounts_minor: new Array<bigint>(count).fill(UNITS),
      code_indices: new Uint8Array(count),
      references: new Array<string>(count).fill('bench'),
    },
    { actor: OPERATOR_ACTOR, timestamp_us: d.now_us, sink: SILENT },
    count,
  );
  if (!issued.ok) throw new Error(issued.message);
}

/** Milliseconds of one coupon run to `holders` extra holders; checks conservation after. */
export function measureCouponRun(holders: number): number {
  const d = new Driver(timestampAt('2026-01-04', '20:00'));
  d.genesis();
  d.now_us = timestampAt('2026-01-05', '10:00');
  d.wire('operator', { type: 'bonds.register', terms: GREEN_USD });
  // Genesis's two investor holders of the tranche have no USD accounts: open them.
  const limits = { debits_must_not_exceed_credits: true, credits_must_not_exceed_debits: false };
  const usd = (owner: string) => ({
    id: `${owner}/USD`,
    owner,
    asset: 'USD',
    purpose: 'available',
  });
  d.wire('operator', {
    type: 'ledger.create_accounts',
    accounts: ['hk-inst-fund', 'hk-inst-insurer'].map((owner) => ({ ...usd(owner), ...limits })),
  });
  holderAccounts(d, holders);
  issueToHolders(d, holders);
  d.now_us = timestampAt('2026-05-19', '08:00'); // before the hub's own 09:00 run
  d.wire('operator', { type: 'hub.tick' });
  const payer = d.hub.state.ledger.accounts.get('HKSARG/USD');
  if (payer === undefined) throw new Error('no payer');
  const paid_before = payer.debits_posted;
  const start = process.hrtime.bigint();
  const result = d.wire('operator', {
    type: 'bonds.pay_coupon',
    isin: BOND,
    coupon_date: '2026-05-19',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const event = result.events.find((e) => e.type === 'bond_coupon_paid');
  if (event?.type !== 'bond_coupon_paid' || event.holders < holders) throw new Error('no run');
  if (payer.debits_posted - paid_before !== event.total_minor) throw new Error('not conserved');
  checkLedgerInvariants(d.hub.state.ledger);
  return ms;
}

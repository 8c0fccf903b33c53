import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type AccountInput,
  checkLedgerInvariants,
  createLedgerState,
  createTransfers,
  OPERATOR_ACTOR,
  postedBalance,
} from '../ledger/index.js';
import { EventLog, issuance, openAccounts } from '../ledger/testing.js';
import { investorInputSchema, registerInvestor } from '../reference/index.js';
import { connectAccountId, connectAccountLayout, holdingAccountId } from './index.js';
import { demoReference, expectRefused, must, readyState, SEC } from './testing.js';

const reference = demoReference();

describe('tiered holding: the account layout', () => {
  const layout = must(connectAccountLayout(reference, { securities: [SEC.MOUTAI, SEC.TENCENT] }));
  const byId = new Map(layout.map((a) => [a.id, a]));

  test('Northbound: HKSCC omnibus at ChinaClear → CCEP/TTEP omnibus → clients', () => {
    assert.deepEqual(byId.get(`${SEC.MOUTAI}/CSDC/HKSCC`), {
      id: `${SEC.MOUTAI}/CSDC/HKSCC`,
      owner: 'HKSCC',
      asset: SEC.MOUTAI,
      purpose: 'omnibus',
      debits_must_not_exceed_credits: true,
      credits_must_not_exceed_debits: false,
      omnibus: true,
    });
    assert.equal(byId.get(`${SEC.MOUTAI}/HKSCC/HARBOUR`)?.parent_id, `${SEC.MOUTAI}/CSDC/HKSCC`);
    assert.equal(byId.get(`${SEC.MOUTAI}/HKSCC/PEAK`)?.parent_id, `${SEC.MOUTAI}/CSDC/HKSCC`);
    assert.equal(
      byId.get(`${SEC.MOUTAI}/HARBOUR/hk-retail-chan`)?.parent_id,
      `${SEC.MOUTAI}/HKSCC/HARBOUR`,
    );
    assert.equal(byId.get(`${SEC.MOUTAI}/HARBOUR/HARBOUR`)?.owner, 'HARBOUR', 'the house account');
    assert.equal(byId.has(`${SEC.MOUTAI}/HKSCC/KOWLOON`), false, 'no China Connect, no account');
  });

  test('Southbound mirrors it, one ChinaClear omnibus per channel', () => {
    for (const [tag] of [['SH'], ['SZ']]) {
      assert.equal(byId.get(`${SEC.TENCENT}/HKSCC/CSDC.${tag}`)?.owner, 'CSDC');
      assert.equal(
        byId.get(`${SEC.TENCENT}/CSDC.${tag}/BUND`)?.parent_id,
        `${SEC.TENCENT}/HKSCC/CSDC.${tag}`,
      );
      assert.equal(
        byId.get(`${SEC.TENCENT}/BUND.${tag}/cn-retail-zhang`)?.parent_id,
        `${SEC.TENCENT}/CSDC.${tag}/BUND`,
      );
    }
    assert.equal(
      byId.has(`${SEC.TENCENT}/BUND.SH/qfii-us-pension`),
      false,
      'foreign clients do not go Southbound',
    );
  });

  test('connectAccountId names the same accounts the layout makes', () => {
    assert.equal(
      connectAccountId('sh_northbound', 'HARBOUR', 'hk-retail-chan', SEC.MOUTAI),
      `${SEC.MOUTAI}/HARBOUR/hk-retail-chan`,
    );
    assert.equal(
      connectAccountId('sz_southbound', 'BUND', 'cn-retail-zhang', SEC.TENCENT),
      `${SEC.TENCENT}/BUND.SZ/cn-retail-zhang`,
    );
    for (const id of [
      connectAccountId('sh_northbound', 'HARBOUR', 'hk-retail-chan', SEC.MOUTAI),
      connectAccountId('sz_southbound', 'BUND', 'cn-retail-zhang', SEC.TENCENT),
    ]) {
      assert.ok(byId.has(id), id);
    }
  });

  test('parents come before children, and the whole demo layout is deterministic', () => {
    const seen = new Set<string>();
    for (const account of layout) {
      if (account.parent_id !== undefined) assert.ok(seen.has(account.parent_id), account.id);
      seen.add(account.id);
    }
    assert.deepEqual(must(connectAccountLayout(reference)), must(connectAccountLayout(reference)));
  });

  test('refuses UNKNOWN_PARTY without HKSCC or ChinaClear, and ACCOUNT_ID_TOO_LONG', () => {
    const state = readyState(reference);
    expectRefused(state, 'UNKNOWN_PARTY', () =>
      connectAccountLayout(reference, { parties: { hkscc: 'NOPE', chinaclear: 'CSDC' } }),
    );
    const ref = demoReference();
    must(
      registerInvestor(
        ref,
        investorInputSchema.parse({
          id: `a${'x'.repeat(55)}`,
          type: 'retail',
          jurisdiction: 'HK',
          broker: 'HARBOUR',
          id_document_country: 'HK',
        }),
      ),
    );
    expectRefused(state, 'ACCOUNT_ID_TOO_LONG', () =>
      connectAccountLayout(ref, { securities: [SEC.MOUTAI] }),
    );
  });
});

describe('tiered holding: each tier reconciles to the one above in the ledger', () => {
  test('shares issued to clients and moved between brokers keep every omnibus equal to its tier', () => {
    const ledger = createLedgerState();
    const accounts: AccountInput[] = [
      issuance('CSDC/issuance/moutai', 'CSDC', SEC.MOUTAI),
      ...must(connectAccountLayout(reference, { securities: [SEC.MOUTAI] })),
    ];
    openAccounts(ledger, accounts);
    const chan = holdingAccountId(SEC.MOUTAI, 'HARBOUR', 'hk-retail-chan');
    const wong = holdingAccountId(SEC.MOUTAI, 'PEAK', 'hk-retail-wong');
    const transfers = [
      {
        id: 't1',
        debit_account_id: 'CSDC/issuance/moutai',
        credit_account_id: chan,
        amount_minor: 1_000n,
        code: 'mint',
      },
      {
        id: 't2',
        debit_account_id: 'CSDC/issuance/moutai',
        credit_account_id: wong,
        amount_minor: 500n,
        code: 'mint',
      },
      {
        id: 't3',
        debit_account_id: chan,
        credit_account_id: wong,
        amount_minor: 200n,
        code: 'transfer',
      },
    ];
    const outcome = createTransfers(ledger, transfers, {
      actor: OPERATOR_ACTOR,
      timestamp_us: 1,
      sink: new EventLog(),
    });
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const balance = (id: string) => {
      const account = ledger.accounts.get(id);
      assert.ok(account, id);
      return postedBalance(account);
    };
    assert.equal(balance(`${SEC.MOUTAI}/CSDC/HKSCC`), 1_500n);
    assert.equal(balance(`${SEC.MOUTAI}/HKSCC/HARBOUR`), 800n);
    assert.equal(balance(`${SEC.MOUTAI}/HKSCC/PEAK`), 700n);
    checkLedgerInvariants(ledger);
  });
});

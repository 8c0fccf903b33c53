import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SharedBookClass } from '../../market/index.js';
import { type Command, parseCommand } from '../../protocol/index.js';
import { type Investor, recordSharedBookOptIn, registerInvestor } from '../../reference/index.js';
import { demoState, expectRefused } from '../../reference/testing.js';
import { DEMO_START_US, genesisSubmissions } from '../../sim/genesis.js';
import { TestHub } from '../testing.js';
import { checkFatf } from './handlers.js';
import { sharedBookClass } from './request.js';

function wire(json: unknown): Command {
  const parsed = parseCommand(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.command;
}

const OPT_IN = {
  investor: 'hk-retail-chan',
  date: '2026-01-05',
  suitability_assessed: true,
  risk_disclosure_acknowledged: true,
};

describe('shared order book: retail opt-in and FATF jurisdictions', () => {
  test('a retail client matches across venues only after a recorded opt-in', () => {
    const t = new TestHub(DEMO_START_US);
    for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
    const state = t.hub.state;
    assert.equal(sharedBookClass(state, 'hk-retail-chan'), SharedBookClass.RETAIL_NOT_OPTED_IN);
    const result = t.accept(
      'operator',
      wire({ type: 'reference.record_shared_book_opt_in', opt_in: OPT_IN }),
    );
    assert.deepEqual(
      result.events.map((e) => e.type),
      ['investor_updated'],
    );
    assert.equal(sharedBookClass(state, 'hk-retail-chan'), SharedBookClass.RETAIL_OPTED_IN);
    assert.equal(sharedBookClass(state, 'hk-pro-lam'), SharedBookClass.PROFESSIONAL);
    assert.equal(sharedBookClass(state, 'HDXG'), SharedBookClass.PROFESSIONAL, 'a house account');
    const refused = t.submit(
      'HARBOUR',
      wire({ type: 'reference.record_shared_book_opt_in', opt_in: OPT_IN }),
    );
    assert.equal(refused.rejection?.code, 'NOT_AUTHORIZED');
  });

  test('an owner the reference data does not know is treated as retail without an opt-in', () => {
    const t = new TestHub(DEMO_START_US);
    for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
    assert.equal(sharedBookClass(t.hub.state, 'nobody'), SharedBookClass.RETAIL_NOT_OPTED_IN);
  });

  test('an opt-in is refused without suitability and disclosure, for professionals, and for unknown investors', () => {
    const state = demoState();
    expectRefused(state, 'OPT_IN_INCOMPLETE', (s) =>
      recordSharedBookOptIn(s, { ...OPT_IN, suitability_assessed: false }),
    );
    expectRefused(state, 'OPT_IN_INCOMPLETE', (s) =>
      recordSharedBookOptIn(s, { ...OPT_IN, risk_disclosure_acknowledged: false }),
    );
    expectRefused(state, 'OPT_IN_NOT_APPLICABLE', (s) =>
      recordSharedBookOptIn(s, { ...OPT_IN, investor: 'hk-pro-lam' }),
    );
    expectRefused(state, 'UNKNOWN_INVESTOR', (s) =>
      recordSharedBookOptIn(s, { ...OPT_IN, investor: 'nobody' }),
    );
    expectRefused(state, 'INVALID_DATE', (s) =>
      recordSharedBookOptIn(s, { ...OPT_IN, date: '2026-02-30' }),
    );
  });

  test('clients in FATF high-risk jurisdictions are refused an opt-in and the shared book', () => {
    const state = demoState();
    const registered = registerInvestor(state, {
      id: 'ir-retail-test',
      type: 'retail',
      jurisdiction: 'IR',
      broker: 'HARBOUR',
      id_document_country: 'IR',
    });
    assert.ok(registered.ok);
    expectRefused(state, 'FATF_HIGH_RISK_JURISDICTION', (s) =>
      recordSharedBookOptIn(s, { ...OPT_IN, investor: 'ir-retail-test' }),
    );
    const t = new TestHub(DEMO_START_US);
    for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
    assert.equal(checkFatf(t.hub.state, 'HDXG', 'HDXG'), undefined, 'Singapore is not listed');
    t.hub.state.reference.investors.set(
      'ir-retail-test',
      state.investors.get('ir-retail-test') as Investor,
    );
    const refused = checkFatf(t.hub.state, 'HDXG', 'ir-retail-test');
    assert.equal(refused?.code, 'FATF_HIGH_RISK_JURISDICTION');
    assert.equal(refused?.details.jurisdiction, 'IR');
  });
});

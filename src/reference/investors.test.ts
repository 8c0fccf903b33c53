import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { InvestorInput, PartyInput } from './commands.js';
import { type InvestorType, registerInvestor } from './investors.js';
import { registerParty } from './parties.js';
import { createReferenceState, type ReferenceState } from './state.js';
import { expectRefused } from './testing.js';

const CHAN: InvestorInput = {
  id: 'hk-retail-chan',
  type: 'retail',
  jurisdiction: 'HK',
  broker: 'HARBOUR',
  bcan: '1000000001',
  id_document_country: 'HK',
};

function market(): ReferenceState {
  const state = createReferenceState();
  const parties: PartyInput[] = [
    {
      id: 'HARBOUR',
      name: 'Harbour',
      roles: ['broker'],
      jurisdiction: 'HK',
      exchange_participant_of: ['XHKG'],
      china_connect: 'ccep',
    },
    {
      id: 'PEAK',
      name: 'Peak',
      roles: ['broker'],
      jurisdiction: 'HK',
      exchange_participant_of: ['XHKG'],
      china_connect: 'ttep',
    },
    {
      id: 'KOWLOON',
      name: 'Kowloon',
      roles: ['broker'],
      jurisdiction: 'HK',
      exchange_participant_of: ['XHKG'],
    },
    { id: 'HSBC', name: 'HSBC', roles: ['bank'], jurisdiction: 'HK' },
  ];
  for (const party of parties) assert.ok(registerParty(state, party).ok);
  assert.ok(registerInvestor(state, CHAN).ok);
  return state;
}

describe('registering investors', () => {
  test('stores the record with professional and institutional flags derived from the type', () => {
    const state = market();
    assert.deepEqual(state.investors.get(CHAN.id), {
      ...CHAN,
      professional: false,
      institutional: false,
    });
    const flags: Record<InvestorType, [boolean, boolean]> = {
      retail: [false, false],
      professional: [true, false],
      institutional: [true, true],
      qfii: [true, true],
    };
    for (const [type, [professional, institutional]] of Object.entries(flags)) {
      const outcome = registerInvestor(state, {
        id: `x-${type}`,
        type: type as InvestorType,
        jurisdiction: 'HK',
        broker: 'KOWLOON',
        id_document_country: 'HK',
      });
      assert.ok(outcome.ok);
      assert.equal(outcome.value.professional, professional, type);
      assert.equal(outcome.value.institutional, institutional, type);
    }
  });

  test('keeps the Southbound 20-day assets as a bigint in CNY minor units', () => {
    const state = market();
    const outcome = registerInvestor(state, {
      id: 'cn-retail-zhang',
      type: 'retail',
      jurisdiction: 'CN',
      broker: 'KOWLOON',
      id_document_country: 'CN',
      southbound_assets_20d_avg_minor: 60_000_000n,
    });
    assert.ok(outcome.ok);
    assert.equal(outcome.value.southbound_assets_20d_avg_minor, 60_000_000n);
    expectRefused(state, 'INVALID_AMOUNT', (s) =>
      registerInvestor(s, {
        ...CHAN,
        id: 'neg',
        bcan: undefined,
        southbound_assets_20d_avg_minor: -1n,
      }),
    );
  });

  test('refuses malformed and taken ids (investors and parties share a namespace)', () => {
    const state = market();
    expectRefused(state, 'INVALID_INVESTOR_ID', (s) =>
      registerInvestor(s, { ...CHAN, id: 'chan tai man' }),
    );
    expectRefused(state, 'INVESTOR_EXISTS', (s) =>
      registerInvestor(s, { ...CHAN, bcan: '1000000009' }),
    );
    expectRefused(state, 'PARTY_EXISTS', (s) =>
      registerInvestor(s, { ...CHAN, id: 'HSBC', bcan: '1000000009' }),
    );
  });

  test('refuses an unknown type and bad countries', () => {
    const state = market();
    expectRefused(state, 'INVALID_INVESTOR_TYPE', (s) =>
      registerInvestor(s, { ...CHAN, id: 'x', type: 'whale' as InvestorType }),
    );
    const residence = expectRefused(state, 'INVALID_JURISDICTION', (s) =>
      registerInvestor(s, { ...CHAN, id: 'x', jurisdiction: 'XX' }),
    );
    assert.equal(residence.field, 'jurisdiction');
    const document = expectRefused(state, 'INVALID_JURISDICTION', (s) =>
      registerInvestor(s, { ...CHAN, id: 'x', id_document_country: 'CHN' }),
    );
    assert.equal(document.field, 'id_document_country');
  });

  test('refuses a broker that is unknown or not a broker', () => {
    const state = market();
    expectRefused(state, 'UNKNOWN_PARTY', (s) =>
      registerInvestor(s, { ...CHAN, id: 'x', broker: 'NOBODY' }),
    );
    expectRefused(state, 'PARTY_NOT_BROKER', (s) =>
      registerInvestor(s, { ...CHAN, id: 'x', broker: 'HSBC' }),
    );
  });

  test('a BCAN is well formed, assigned by a China Connect participant, and unique per broker', () => {
    const state = market();
    expectRefused(state, 'INVALID_BCAN', (s) =>
      registerInvestor(s, { ...CHAN, id: 'x', bcan: '0001' }),
    );
    expectRefused(state, 'BROKER_NOT_CONNECT_PARTICIPANT', (s) =>
      registerInvestor(s, { ...CHAN, id: 'x', broker: 'KOWLOON' }),
    );
    const details = expectRefused(state, 'BCAN_EXISTS', (s) =>
      registerInvestor(s, { ...CHAN, id: 'x' }),
    );
    assert.equal(details.investor, CHAN.id);
    assert.ok(
      registerInvestor(state, { ...CHAN, id: 'y', broker: 'PEAK' }).ok,
      'another broker may use the number',
    );
  });
});

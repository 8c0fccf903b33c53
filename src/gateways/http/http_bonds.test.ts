import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type CommandReply, type ErrorReply, startTestServer, type TestServer } from './testing.js';

const GREEN_USD_TERMS = {
  isin: 'HKHTGB25USD6',
  dti: 'HTGB25030',
  issuer_kind: 'hk_tokenized_green',
  issuer_name: 'Government of the HKSAR',
  currency: 'USD',
  coupon: { kind: 'fixed', rate_e12: '36330000000' },
  frequency: 2,
  day_count: 'ACT/ACT-ICMA',
  business_day_convention: 'following',
  yield_convention: 'annual',
  issue_date: '2025-11-19',
  maturity_date: '2028-11-19',
  face_value_minor: '100',
  min_denomination_minor: '1000000',
};

interface QuotaJson {
  readonly date: string;
  readonly daily_status: string;
  readonly daily_balance_minor: string | null;
  readonly annual_balance_minor: string;
}

describe('HTTP bonds', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  test('a bond registered by command is listed; a refusal keeps its stable code', async () => {
    const op = t.client('operator');
    const bad = await op.post('/v1/commands', {
      type: 'bonds.register',
      terms: { ...GREEN_USD_TERMS, day_count: 'ACT/999' },
    });
    assert.equal(bad.status, 422);
    assert.equal(bad.as<ErrorReply>().error.code, 'BOND_DAY_COUNT_INVALID');
    const registered = await op.post('/v1/commands', {
      type: 'bonds.register',
      terms: GREEN_USD_TERMS,
    });
    assert.equal(registered.status, 200, JSON.stringify(registered.body));
    assert.deepEqual(
      registered.as<CommandReply>().events.map((e) => e.type),
      ['bond_registered'],
    );
    const listed = await t.client('HARBOUR').get('/v1/bonds');
    assert.equal(listed.status, 200);
    const bonds = (listed.body as { bonds: Array<{ isin: string; face_value_minor: string }> })
      .bonds;
    assert.deepEqual(bonds, [{ ...GREEN_USD_TERMS }]);
  });

  test('the Southbound bond quota: figures for an operator, "sufficient" for a participant', async () => {
    const op = (await t.client('operator').get('/v1/bonds/quota')).as<QuotaJson>();
    assert.equal(op.daily_status, 'sufficient');
    assert.equal(op.daily_balance_minor, '2000000000000');
    assert.equal(op.annual_balance_minor, '50000000000000');
    const participant = (await t.client('PEARL').get('/v1/bonds/quota')).as<QuotaJson>();
    assert.equal(participant.daily_balance_minor, null);
  });
});

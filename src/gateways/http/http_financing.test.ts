import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays } from '../../kernel/index.js';
import { CGB, command, openRepo, setUpRepoMarket } from './financing_testing.js';
import { type ErrorReply, startTestServer, type TestServer } from './testing.js';

interface RepoJson {
  readonly repo_id: string;
  readonly seller: string;
  readonly buyer: string;
  readonly purchase_price_minor: string;
  readonly days: number;
  readonly term_days: number | null;
  readonly rate_e12: string;
  readonly repurchase_price_today_minor: string;
  readonly repurchase_price_at_end_minor: string | null;
  readonly cash_margin_minor: string;
  readonly valuation: null | {
    source: string;
    date: string;
    px_e8: string;
    market_value_minor: string;
    exposure_minor: string;
  };
}

interface ReposJson {
  readonly date: string;
  readonly repos: RepoJson[];
  readonly pairs: Array<{
    seller: string;
    buyer: string;
    repos: number;
    exposure_minor: string | null;
    valued: number;
  }>;
}

interface CallJson {
  readonly repo_id: string;
  readonly from: string;
  readonly amount_minor: string;
  readonly isin: string | null;
  readonly currency: string | null;
  readonly cash_margin_minor: string;
}

const reposOf = async (t: TestServer, who: string, query = '') =>
  (await t.client(who).get(`/v1/financing/repos${query}`)).as<ReposJson>();
const callsOf = async (t: TestServer, who: string, query = '') =>
  (await t.client(who).get(`/v1/financing/margin-calls${query}`)).as<{
    margin_calls: CallJson[];
  }>().margin_calls;
const ids = (repos: readonly { repo_id: string }[]) => repos.map((r) => r.repo_id).sort();

/** PP × rate × days / 365, half up: the price differential on ACT/365F (docs/financing.md §1). */
function differential(pp: bigint, rate_e12: bigint, days: number): bigint {
  const den = 365n * 10n ** 12n;
  return (2n * pp * rate_e12 * BigInt(days) + den) / (2n * den);
}

describe('HTTP financing', () => {
  let t: TestServer;
  let date = '';
  before(async () => {
    t = await startTestServer();
    date = await setUpRepoMarket(t);
  });
  after(() => t.close());

  test('the PLPs are public, with their names', async () => {
    const reply = await t.client('PEARL').get('/v1/financing/plps');
    assert.equal(reply.status, 200);
    const plps = (reply.body as { plps: Array<{ party: string; name: string }> }).plps;
    assert.deepEqual(
      plps.map((p) => p.party),
      ['BOCHK', 'HSBC', 'SCBHK'],
    );
    assert.equal(plps[0]?.name, 'Bank of China (Hong Kong) Limited');
  });

  test('open repos: money to the day, each party sees its own, an operator all', async () => {
    const face = '1000000000'; // CNY 10 m
    const fund = { seller: 'hk-inst-fund', by: 'HARBOUR', face_minor: face };
    await openRepo(t, { ...fund, repo_id: 'A', buyer: 'HSBC', repurchase_date: addDays(date, 7) });
    const sg = { seller: 'sg-inst-fund', by: 'HARBOUR', face_minor: face };
    await openRepo(t, { ...sg, repo_id: 'B', buyer: 'BOCHK', repurchase_date: null });
    const insurer = { seller: 'hk-inst-insurer', by: 'PEAK', face_minor: face };
    const c = await openRepo(t, {
      ...insurer,
      repo_id: 'C',
      buyer: 'SCBHK',
      repurchase_date: null,
    });
    const opened = c.events.find((e) => e.type === 'repo_opened') as unknown as {
      purchase_price_minor: string;
    };

    const all = await reposOf(t, 'operator');
    assert.equal(all.date, date);
    assert.deepEqual(ids(all.repos), ['A', 'B', 'C']);
    assert.deepEqual(ids(await reposOf(t, 'HARBOUR').then((r) => r.repos)), ['A', 'B']);
    assert.deepEqual(ids(await reposOf(t, 'PEAK').then((r) => r.repos)), ['C']);
    assert.deepEqual(ids(await reposOf(t, 'HSBC').then((r) => r.repos)), ['A']);
    assert.deepEqual(ids(await reposOf(t, 'LIONROCK').then((r) => r.repos)), []);
    assert.deepEqual(ids(await reposOf(t, 'operator', '?party=BOCHK').then((r) => r.repos)), ['B']);

    const a = all.repos.find((r) => r.repo_id === 'A') as RepoJson;
    const pp = BigInt(a.purchase_price_minor);
    assert.equal(a.days, 0);
    assert.equal(a.term_days, 7);
    assert.equal(a.repurchase_price_today_minor, a.purchase_price_minor);
    assert.equal(
      a.repurchase_price_at_end_minor,
      String(pp + differential(pp, BigInt(a.rate_e12), 7)),
    );
    assert.equal(a.valuation, null, 'no closing valuation of the CGB yet');
    const cview = (await t.client('SCBHK').get('/v1/financing/repos/C')).as<RepoJson>();
    assert.equal(cview.purchase_price_minor, opened.purchase_price_minor);
    assert.equal(cview.repurchase_price_at_end_minor, null);
    assert.equal(all.pairs.length, 3);
    assert.ok(all.pairs.every((p) => p.repos === 1 && p.exposure_minor === null && p.valued === 0));
  });

  test('a repo one may not see is answered like one that does not exist', async () => {
    for (const [who, id] of [
      ['PEAK', 'A'],
      ['operator', 'NONE'],
    ] as const) {
      const reply = await t.client(who).get(`/v1/financing/repos/${id}`);
      assert.equal(reply.status, 404);
      assert.equal(reply.as<ErrorReply>().error.code, 'UNKNOWN_REPO');
    }
  });

  test('exposure at the closing valuation; the margin call covers it; calls scoped', async () => {
    // The CGB's close at 3.10 %: below the 105.12 the repos were opened at.
    await command(t, 'operator', {
      type: 'bonds.publish_valuation',
      isin: CGB,
      date,
      yield_e12: '31000000000',
    });
    const a = (await t.client('HARBOUR').get('/v1/financing/repos/A')).as<RepoJson>();
    const v = a.valuation;
    assert.ok(v !== null);
    assert.equal(v.date, date);
    assert.ok(BigInt(v.px_e8) < 10_512_000_000n, v.px_e8);
    const after_haircut = (BigInt(v.market_value_minor) * 980_000n) / 1_000_000n;
    const exposure = BigInt(a.repurchase_price_today_minor) - after_haircut;
    assert.equal(v.exposure_minor, String(exposure));
    assert.ok(exposure > 1_000_000n, `exposure ${exposure}`);
    const pair = (await reposOf(t, 'operator')).pairs.find((p) => p.buyer === 'HSBC');
    assert.deepEqual([pair?.exposure_minor, pair?.valued], [String(exposure), 1]);

    await command(t, 'HSBC', { type: 'financing.call_margin', repo_id: 'A', px_e8: v.px_e8 });
    const called = ((exposure + 99_999n) / 100_000n) * 100_000n; // whole CNH 1,000s, up
    const calls = await callsOf(t, 'HARBOUR');
    assert.deepEqual(
      calls.map((x) => [x.repo_id, x.from, x.amount_minor, x.isin, x.currency]),
      [['A', 'seller', String(called), CGB, 'CNH']],
    );
    assert.deepEqual(await callsOf(t, 'PEAK'), []);
    assert.equal((await callsOf(t, 'operator', '?repo_id=A')).length, 1);
    assert.equal((await callsOf(t, 'operator', '?repo_id=B')).length, 0);
    const after = (await t.client('HSBC').get('/v1/financing/repos/A')).as<RepoJson>();
    assert.equal(after.cash_margin_minor, String(called));
    // Newer than the close, the call's price is the one the exposure is at now.
    assert.equal(after.valuation?.source, 'margin_call');
    assert.equal(after.valuation?.exposure_minor, String(exposure - called));
    const c = (await t.client('PEAK').get('/v1/financing/repos/C')).as<RepoJson>();
    assert.equal(c.valuation?.source, 'closing_valuation', 'C had no call: at the close');
  });

  test('a closed repo leaves the list; its calls stay, also after a restart', async () => {
    await command(t, 'BOCHK', { type: 'financing.close_repo', repo_id: 'B' });
    assert.deepEqual(ids((await reposOf(t, 'operator')).repos), ['A', 'C']);
    const data_dir = t.data_dir;
    await t.close(true);
    t = await startTestServer({ data_dir });
    const calls = await callsOf(t, 'HSBC');
    assert.deepEqual(
      calls.map((x) => [x.repo_id, x.isin, x.currency]),
      [['A', CGB, 'CNH']],
    );
    assert.deepEqual(ids((await reposOf(t, 'operator')).repos), ['A', 'C']);
    // C was opened before the restart and had no call then: its first call still names its bond.
    await command(t, 'SCBHK', { type: 'financing.call_margin', repo_id: 'C', px_e8: '9000000000' });
    const [first] = await callsOf(t, 'PEAK');
    assert.deepEqual([first?.repo_id, first?.isin, first?.currency], ['C', CGB, 'CNH']);
  });
});

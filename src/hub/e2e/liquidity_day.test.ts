/**
 * End to end through the hub: a liquidity day on Monday 5 January 2026 and the morning after
 * (issue 15's "done when", docs/financing.md §12).
 *
 * Two overseas institutions repo CNY 1 m of face of a Northbound CGB each to a Primary Liquidity
 * Provider (the fund to HSBC, the insurer to BOCHK). HSBC re-uses half of what it received as
 * initial margin at OTC Clear. BOCHK draws on the trade facility by repo, HSBC by an RMB/HKD FX
 * swap, and HSBC draws intraday on the RMB Liquidity Facility. At 14:00 the CGB falls from 105.12
 * to 100.00: the fund meets its margin call, the insurer (which has spent the cash) misses its
 * own, and BOCHK declares the default and closes out. At 23:30 HSBC's intraday funds roll to
 * overnight. On Tuesday HSBC repays the overnight drawing, takes its bonds back from OTC Clear,
 * and the fund's repo closes. Every figure below is worked by hand in the comments; every tier's
 * balance is checked, conservation holds, and the run replays from its envelopes to the same
 * digest.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timestampAt } from '../../kernel/time.js';
import { openBondChain, posted, wire } from '../bonds/testing.js';
import type { HubEvent } from '../events.js';
import { CGB, facilityMarket } from '../financing/facility_testing.js';
import { facilityUsage } from '../financing/facility_usage.js';
import { otcMarginAccountId } from '../financing/otc_accounts.js';
import { Hub } from '../hub.js';
import { restoreHub, snapshotHub } from '../state.js';
import type { TestHub } from '../testing.js';

const FUND = 'hk-inst-fund';
const INSURER = 'hk-inst-insurer';
/** CNY 1 m of face: 10,000 units of CNY 100. */
const REPO_FACE_MINOR = 100_000_000n;
/** Every PLP holds 500 m units of the CGB in facilityMarket. */
const PLP_UNITS = 500_000_000n;

const op = (t: TestHub, json: unknown) => t.accept('operator', wire(json));
const at = (t: TestHub, date: string, clock: string) => {
  t.now_us = timestampAt(date, clock);
};
const cnhAccount = (owner: string) => ({
  ...{ id: `${owner}/CNH`, owner, asset: 'CNH', purpose: 'available' },
  ...{ debits_must_not_exceed_credits: true, credits_must_not_exceed_debits: false },
});

/** Every event the day's commands produced, in order. */
const events: HubEvent[] = [];

function accept(t: TestHub, participant: string, command: ReturnType<typeof wire>): void {
  events.push(...t.accept(participant, command).events);
}

function eventsOf(type: HubEvent['type']): HubEvent[] {
  return events.filter((e) => e.type === type);
}

/** The market: facilityMarket's PLPs and HKMA accounts, the two institutions with their bonds. */
function market(): TestHub {
  const t = facilityMarket('2026-01-05', PLP_UNITS);
  at(t, '2026-01-05', '09:30');
  const fund = openBondChain(t, FUND, CGB);
  const insurer = openBondChain(t, INSURER, CGB);
  op(t, { type: 'ledger.create_accounts', accounts: [cnhAccount(FUND), cnhAccount(INSURER)] });
  const issue = { debit_account_id: `CCDC/${CGB}/issuance`, amount_minor: '20000' };
  const lend = { debit_account_id: 'BOCHK/CNH/issuance' };
  op(t, {
    type: 'ledger.create_transfers',
    transfers: [
      { id: 'cgb-fund', ...issue, credit_account_id: fund },
      { id: 'cgb-insurer', ...issue, credit_account_id: insurer },
      // RMB 100,000 and RMB 10,000 of their own CNH.
      { id: 'cnh-fund', ...lend, credit_account_id: `${FUND}/CNH`, amount_minor: '10000000' },
      { id: 'cnh-ins', ...lend, credit_account_id: `${INSURER}/CNH`, amount_minor: '1000000' },
    ],
  });
  op(t, { type: 'financing.set_otc_cap', member: 'HSBC', amount_minor: '1000000000' });
  for (const bank of ['BOCHK', 'HSBC']) {
    op(t, {
      type: 'financing.set_facility_allocation',
      ...{ bank, facility: 'trade', amount_minor: '100000000000' },
    });
  }
  return t;
}

/** An open repo of CNY 1 m of the CGB at 105.12, 1.85 %, 2 % haircut, margin in RMB 1,000s. */
function openRepo(repo_id: string, seller: string, buyer: string) {
  return wire({
    type: 'financing.open_repo',
    ...{ repo_id, seller, buyer, isin: CGB, face_minor: String(REPO_FACE_MINOR) },
    ...{ px_e8: '10512000000', currency: 'CNH', repurchase_date: null },
    ...{ rate_e12: '18500000000', day_count: 'ACT/365F', haircut_ppm: 20_000 },
    ...{ minimum_transfer_minor: '1000000', rounding_minor: '100000' },
  });
}

function units(t: TestHub, owner: string, custodian = owner): bigint {
  return posted(t, `${CGB}/${custodian}/${owner}`);
}

/** The CGB's tiers: CCDC's CMU account holds what CMU's participants hold, each what its own. */
function assertTiersAddUp(t: TestHub): void {
  const accounts = t.hub.state.ledger.by_asset.get(CGB) ?? [];
  const balance = (prefix: string) => {
    let sum = 0n;
    for (const a of accounts) {
      if (a.id.startsWith(prefix)) sum += a.credits_posted - a.debits_posted;
    }
    return sum;
  };
  assert.equal(posted(t, `${CGB}/CCDC/CMU`), balance(`${CGB}/CMU/`));
  for (const custodian of ['HSBC', 'BOCHK']) {
    assert.equal(posted(t, `${CGB}/CMU/${custodian}`), balance(`${CGB}/${custodian}/`));
  }
}

test('a liquidity day: repos with PLPs, re-use at OTC Clear, facility drawings, a price shock, a default, the intraday roll', () => {
  const t = market();
  const fund_cnh = posted(t, `${FUND}/CNH`);
  const hsbc_cnh = posted(t, 'HSBC/CNH');
  const hsbc_hkd = posted(t, 'HSBC/HKD');
  const bochk_cnh = posted(t, 'BOCHK/CNH');

  // 10:00, 10:05: the two repos. Value at 105.12: clean 105,120,000 fen plus accrued 1,208,478
  // (3.27 % / 2 × 136 / 184 days on CNY 1 m) = 106,328,478; purchase price after the 2 %
  // haircut, rounded down: 104,201,908 fen.
  at(t, '2026-01-05', '10:00');
  accept(t, 'HSBC', openRepo('r-fund', FUND, 'HSBC'));
  at(t, '2026-01-05', '10:05');
  accept(t, 'BOCHK', openRepo('r-insurer', INSURER, 'BOCHK'));
  assert.equal(t.hub.state.financing.repos.get('r-fund')?.purchase_price_minor, 104_201_908n);
  assert.equal(units(t, FUND, 'HSBC'), 10_000n);
  assert.equal(units(t, 'HSBC'), PLP_UNITS + 10_000n);
  // The insurer spends the cash it borrowed (it will not meet a call).
  at(t, '2026-01-05', '10:10');
  op(t, {
    type: 'ledger.create_transfers',
    transfers: [
      {
        ...{ id: 'insurer-spends', debit_account_id: `${INSURER}/CNH` },
        ...{ credit_account_id: 'SCBHK/CNH', amount_minor: '104000000' },
      },
    ],
  });

  // 10:30: HSBC re-uses 5,000 of the 10,000 units it received as initial margin at OTC Clear.
  at(t, '2026-01-05', '10:30');
  accept(
    t,
    'HSBC',
    wire({
      type: 'financing.post_otc_margin',
      ...{ posting_id: 'im-1', member: 'HSBC', account_category: 'house' },
      ...{ margin_type: 'initial', isin: CGB, face_minor: '50000000', px_e8: '10512000000' },
      reuse_of: 'r-fund',
    }),
  );
  assert.equal(units(t, 'HSBC'), PLP_UNITS + 5_000n);

  // 11:00: BOCHK draws CNH 500 m on the trade facility for a month against CNY 600 m of its own
  // CGB; 11:30: HSBC draws CNH 100 m by an FX swap at HKD 1.085 per CNH.
  at(t, '2026-01-05', '11:00');
  accept(
    t,
    'BOCHK',
    wire({
      type: 'financing.draw_facility',
      ...{ drawing_id: 'tf-repo', bank: 'BOCHK', facility: 'trade', tenor: '1m' },
      ...{ amount_minor: '50000000000', form: 'repo', purpose: 'trade_finance' },
      collateral: [{ isin: CGB, face_minor: '60000000000', px_e8: '10512000000' }],
    }),
  );
  at(t, '2026-01-05', '11:30');
  accept(
    t,
    'HSBC',
    wire({
      type: 'financing.draw_facility',
      ...{ drawing_id: 'tf-swap', bank: 'HSBC', facility: 'trade', tenor: '1m' },
      ...{ amount_minor: '10000000000', form: 'fx_swap', purpose: 'trade_finance' },
      ...{ fx_rate_e8: '108500000', hkd_rate_e12: '40000000000' },
    }),
  );
  // HKD 108,500,000.00 delivered: CNH 100 m × 1.085.
  assert.equal(posted(t, 'HSBC/HKD'), hsbc_hkd - 10_850_000_000n);

  // 12:00: HSBC draws CNH 1 bn intraday on the RMB Liquidity Facility against CNY 1.2 bn of its
  // own CGB. Received collateral it did not declare stays locked: all of it is not its own.
  at(t, '2026-01-05', '12:00');
  const intraday = (face_minor: string, reuse_of?: string) =>
    wire({
      type: 'financing.draw_facility',
      ...{ drawing_id: 'lf-intraday', bank: 'HSBC', facility: 'rmb_lf', tenor: 'intraday' },
      ...{ amount_minor: '100000000000', form: 'repo' },
      collateral: [{ isin: CGB, face_minor, px_e8: '10512000000', ...(reuse_of && { reuse_of }) }],
    });
  const refused = t.submit('HSBC', intraday(String((PLP_UNITS + 5_000n) * 10_000n)));
  assert.equal(refused.rejection?.code, 'REPO_COLLATERAL_LOCKED');
  accept(t, 'HSBC', intraday('120000000000'));

  // 14:00: the CGB falls to 100.00. Value 100,000,000 + 1,208,478 = 101,208,478, 99,184,308
  // after the haircut; exposure 104,201,908 − 99,184,308 = 5,017,600, called up to whole RMB
  // 1,000: 5,100,000 fen from each seller. The fund pays; the insurer has 1,201,908 fen and its
  // call is outstanding until 16:00 (two hours).
  at(t, '2026-01-05', '14:00');
  accept(
    t,
    'HSBC',
    wire({ type: 'financing.call_margin', repo_id: 'r-fund', px_e8: '10000000000' }),
  );
  accept(
    t,
    'BOCHK',
    wire({ type: 'financing.call_margin', repo_id: 'r-insurer', px_e8: '10000000000' }),
  );
  assert.equal(posted(t, `${FUND}/CNH`), fund_cnh + 104_201_908n - 5_100_000n);
  assert.equal(t.hub.state.financing.margin_calls.get('r-insurer')?.amount_minor, 5_100_000n);

  // 16:30: BOCHK declares the default. Close-out at 100.00 on the purchase day: the insurer owes
  // the repurchase price 104,201,908 less the Default Market Value 101,208,478 = 2,993,430; it
  // pays the 1,201,908 it has and BOCHK keeps a claim of 1,791,522. BOCHK keeps the bonds.
  at(t, '2026-01-05', '16:30');
  accept(
    t,
    'BOCHK',
    wire({ type: 'financing.declare_default', repo_id: 'r-insurer', px_e8: '10000000000' }),
  );
  assert.equal(posted(t, `${INSURER}/CNH`), 0n);
  const [claim] = [...t.hub.state.financing.claims.values()];
  assert.equal(claim?.amount_minor, 1_791_522n);
  assert.equal(claim?.creditor, 'BOCHK');
  // Of its 20,000 units the insurer keeps the 10,000 it did not repo; BOCHK keeps the rest.
  assert.equal(units(t, INSURER, 'HSBC'), 10_000n);
  assert.equal(t.hub.state.financing.collateral.received.has('r-insurer'), false);

  // 23:30: the intraday CNH 1 bn is not repaid; it rolls to overnight, due Tuesday.
  at(t, '2026-01-05', '23:30');
  accept(t, 'operator', wire({ type: 'hub.tick' }));
  assert.equal(eventsOf('facility_rolled_overnight').length, 1);
  assert.equal(t.hub.state.financing.facilities.drawings.get('lf-intraday')?.tenor, 'overnight');

  // Tuesday 10:00: HSBC repays. One day at the overnight rate, 2.1166…% (the average of the
  // last three CNH HIBOR fixings, 1.6166…%, plus 50 bp): 1e11 × 0.021166… / 365 = 5,799,087 fen.
  at(t, '2026-01-06', '10:00');
  accept(t, 'HSBC', wire({ type: 'financing.repay_facility', drawing_id: 'lf-intraday' }));
  const repaid = eventsOf('facility_repaid').at(-1) as { interest_minor?: bigint };
  assert.equal(repaid.interest_minor, 5_799_087n);

  // The fund's repo cannot close while half its bonds are at OTC Clear; HSBC takes them back.
  at(t, '2026-01-06', '10:30');
  const early = t.submit('HSBC', wire({ type: 'financing.close_repo', repo_id: 'r-fund' }));
  assert.equal(early.rejection?.code, 'REPO_COLLATERAL_REUSED');
  accept(t, 'HSBC', wire({ type: 'financing.release_otc_margin', posting_id: 'im-1' }));
  // 11:00: one day at 1.85 % on 104,201,908: 5,281 fen; the fund pays 104,207,189 less the
  // 5,100,000 margin HSBC holds.
  at(t, '2026-01-06', '11:00');
  accept(t, 'HSBC', wire({ type: 'financing.close_repo', repo_id: 'r-fund' }));

  // The fund paid exactly one day's interest; its bonds are all back.
  assert.equal(posted(t, `${FUND}/CNH`), fund_cnh - 5_281n);
  assert.equal(units(t, FUND, 'HSBC'), 20_000n);
  // HSBC: the interest earned, CNH 100 m from the swap, the facility's interest paid.
  assert.equal(posted(t, 'HSBC/CNH'), hsbc_cnh + 5_281n + 10_000_000_000n - 5_799_087n);
  assert.equal(units(t, 'HSBC'), PLP_UNITS);
  // BOCHK: the CNH 500 m drawn, what the insurer paid, the purchase price it lent; it keeps the
  // insurer's 10,000 units; 6,000,000 units are with the HKMA.
  assert.equal(posted(t, 'BOCHK/CNH'), bochk_cnh + 50_000_000_000n - 104_201_908n + 1_201_908n);
  assert.equal(units(t, 'BOCHK'), PLP_UNITS + 10_000n - 6_000_000n);
  assert.equal(posted(t, `${CGB}/CMU/HKMA.COLLATERAL`), 6_000_000n);
  assert.equal(posted(t, otcMarginAccountId(CGB, 'HSBC', 'house')), 0n);
  assertTiersAddUp(t);

  // Nothing is left on the register but what is still out: the two trade drawings.
  const financing = t.hub.state.financing;
  assert.equal(financing.repos.size, 0);
  assert.equal(financing.collateral.received.size, 0);
  assert.equal(financing.collateral.reuses.size, 0);
  assert.deepEqual([...financing.facilities.drawings.keys()].sort(), ['tf-repo', 'tf-swap']);
  const usage = facilityUsage(t.hub.state);
  assert.ok(JSON.stringify(usage, (_, v) => (typeof v === 'bigint' ? String(v) : v)).length > 0);

  // The day replays from its envelopes, and its snapshot restores, to the same digest.
  const replayed = new Hub();
  for (const envelope of t.envelopes) replayed.apply(envelope);
  assert.equal(replayed.digest(), t.hub.digest());
  assert.equal(new Hub(restoreHub(snapshotHub(t.hub.state))).digest(), t.hub.digest());
});

/**
 * Genesis: the commands that set up the demo market from nothing: reference data (parties,
 * investors, cash assets, securities), cash accounts for every participant and opening balances
 * minted from each cash asset's issuer, securities accounts in every tier with opening positions,
 * and the Connect set-up (eligibility, BCAN mappings, the first day's FX reference rates). Every run of the demo, the simulator and the tests starts
 * here, through the same commands any client would send.
 * @module
 */

import { cashAccountId, csdOf, issuanceAccountId, prefundAccountInputs } from '../hub/accounts.js';
import { timestampAt } from '../kernel/time.js';
import { LEDGER_LIMITS } from '../ledger/index.js';
import {
  DEFAULT_POSTTRADE_CONFIG,
  defaultAccountId,
  posttradeAccountInputs,
} from '../posttrade/index.js';
import { type Command, parseCommand } from '../protocol/index.js';
import {
  createReferenceState,
  type DemoRegistration,
  demoReferenceData,
  type ReferenceState,
  registerCashAsset,
  registerInvestor,
  registerParty,
  registerSecurity,
} from '../reference/index.js';
import { openingPositions, securitiesAccounts } from './genesis_securities.js';

export interface Submission {
  readonly participant: string;
  readonly command: Command;
  readonly idempotency_key?: string;
}

/**
 * 20:00 Hong Kong time on Sunday 4 January 2026: the evening before the first trading day, so
 * brokers' BCAN mappings (due by the day before, T−1) are in force on Monday 5 January.
 */
export const DEMO_START_US = timestampAt('2026-01-04', '20:00');

/** The first trading day of the demo, in both markets. */
export const DEMO_FIRST_DAY = '2026-01-05';

export const GENESIS_PARTICIPANT = 'operator';

/** The cash assets each kind of participant holds, by jurisdiction. */
/**
 * The cash assets each participant holds, by jurisdiction. Hong Kong and overseas holders keep
 * RMB (`CNY`) too: Northbound trades settle in RMB.
 */
const CASH_BY_JURISDICTION: Readonly<Record<string, readonly string[]>> = {
  HK: ['HKD', 'e-HKD', 'CNY', 'CNH', 'USD'],
  CN: ['CNY', 'e-CNY'],
  SG: ['USD', 'HKD', 'CNY'],
  US: ['USD', 'CNY'],
  JP: ['USD', 'CNY'],
};

/** Investors keep fewer assets than participants: their home currency, its token, RMB. */
const INVESTOR_CASH: Readonly<Record<string, readonly string[]>> = {
  HK: ['HKD', 'e-HKD', 'CNY'],
  CN: ['CNY', 'e-CNY'],
  SG: ['HKD', 'CNY'],
};

const FUNDED_ROLES = new Set([
  'issuer',
  'broker',
  'bank',
  'custodian',
  'market_maker',
  'fx_bank',
  'platform',
  'csd',
  'ccp',
]);

export { cashAccountId, issuanceAccountId };

export interface Holder {
  readonly owner: string;
  readonly assets: readonly string[];
  readonly opening_minor: bigint;
}

export function genesisSubmissions(): Submission[] {
  const reference = demoReferenceData();
  const submissions: Submission[] = reference.map(registrationToSubmission);
  const state = scratchReference(submissions);
  const cash_issuers = cashIssuers(reference);
  const holders = demoHolders(reference);
  submissions.push(...accountSubmissions(cash_issuers, holders));
  submissions.push(...mintSubmissions(cash_issuers, holders));
  submissions.push(...securitiesSubmissions(state));
  submissions.push(...settlementSubmissions(state));
  submissions.push(...connectSubmissions(state));
  return submissions;
}

/** The reserve fund cap on unsettled shared-book trades (HKD 5 million), and the fund itself. */
const RESERVE_CAP_MINOR = 500_000_000n;
/** Each central counterparty's own liquidity in each settlement currency. */
const CCP_LIQUIDITY_MINOR = 10_000_000_000n;

/**
 * Settlement infrastructure: the CCPs' settlement accounts (funded), netting transit accounts,
 * penalty accounts, ChinaClear's Southbound agent accounts, the shared book's reserve fund,
 * funded by the Hong Kong platform to its cap, and its pre-funding accounts.
 */
function settlementSubmissions(reference: ReferenceState): Submission[] {
  const cn = [...reference.securities.values()]
    .filter((s) => s.market === 'XSHG' || s.market === 'XSHE')
    .map((s) => s.id);
  const hk = [...reference.securities.values()].filter((s) => s.market === 'XHKG').map((s) => s.id);
  const config = DEFAULT_POSTTRADE_CONFIG;
  const accounts = [
    ...posttradeAccountInputs(config, {
      ccp_securities: { CSDC: cn, HKSCC: hk },
      ccp_cash: { CSDC: ['CNY'], HKSCC: ['HKD'] },
      netted_assets: [...cn, ...hk, 'CNY', 'HKD'],
      penalty_cash: { HUTONG: ['CNY', 'HKD', 'e-HKD'] },
    }),
    ...prefundAccountInputs(reference, config.cash_asset_by_currency),
  ];
  const fund = defaultAccountId(
    config.reserve_fund.owner,
    config.reserve_fund.asset,
    'reserve_fund',
  );
  const transfers = [
    {
      id: 'genesis/CSDC/CNY/ccp',
      debit_account_id: issuanceAccountId('PBOC', 'CNY'),
      credit_account_id: defaultAccountId('CSDC', 'CNY', 'ccp'),
      amount_minor: CCP_LIQUIDITY_MINOR.toString(),
      code: 'mint',
    },
    {
      id: 'genesis/HKSCC/HKD/ccp',
      debit_account_id: issuanceAccountId('HKMA', 'HKD'),
      credit_account_id: defaultAccountId('HKSCC', 'HKD', 'ccp'),
      amount_minor: CCP_LIQUIDITY_MINOR.toString(),
      code: 'mint',
    },
    {
      id: 'genesis/reserve-fund',
      debit_account_id: cashAccountId(config.reserve_fund.owner, config.reserve_fund.asset),
      credit_account_id: fund,
      amount_minor: RESERVE_CAP_MINOR.toString(),
      code: 'reserve_fund',
    },
  ];
  return [
    { participant: GENESIS_PARTICIPANT, command: { type: 'ledger.create_accounts', accounts } },
    wireCommand({ type: 'ledger.create_transfers', transfers }),
    wireCommand({ type: 'posttrade.set_reserve_cap', cap_minor: RESERVE_CAP_MINOR.toString() }),
  ];
}

/** The reference state genesis will create, built here to lay out accounts from it. */
function scratchReference(submissions: readonly Submission[]): ReferenceState {
  const state = createReferenceState();
  for (const { command } of submissions) {
    const outcome =
      command.type === 'reference.register_party'
        ? registerParty(state, command.party)
        : command.type === 'reference.register_investor'
          ? registerInvestor(state, command.investor)
          : command.type === 'reference.register_cash_asset'
            ? registerCashAsset(state, command.cash_asset)
            : command.type === 'reference.register_security'
              ? registerSecurity(state, command.security)
              : null;
    if (outcome !== null && !outcome.ok)
      throw new Error(`demo reference data refused: ${outcome.code}`);
  }
  return state;
}

function securitiesSubmissions(reference: ReferenceState): Submission[] {
  const submissions: Submission[] = [];
  const accounts = securitiesAccounts(reference);
  for (let i = 0; i < accounts.length; i += LEDGER_LIMITS.accounts_per_batch_max) {
    const batch = accounts.slice(i, i + LEDGER_LIMITS.accounts_per_batch_max);
    submissions.push({
      participant: GENESIS_PARTICIPANT,
      command: { type: 'ledger.create_accounts', accounts: batch },
    });
  }
  const transfers = openingPositions(reference).map((p) => {
    const security = reference.securities.get(p.account_id.split('/')[0] ?? '');
    if (security === undefined) throw new Error(`no security for ${p.account_id}`);
    return {
      id: `genesis/${p.account_id}`,
      debit_account_id: issuanceAccountId(csdOf(security), security.id),
      credit_account_id: p.account_id,
      amount_minor: p.units,
      code: 'allotment',
    };
  });
  for (let i = 0; i < transfers.length; i += LEDGER_LIMITS.transfers_per_batch_max) {
    const batch = transfers.slice(i, i + LEDGER_LIMITS.transfers_per_batch_max);
    submissions.push({
      participant: GENESIS_PARTICIPANT,
      command: { type: 'ledger.create_transfers', transfers: batch },
    });
  }
  return submissions;
}

/**
 * Connect set-up: every demo A share and ETF eligible Northbound on its exchange's link, every
 * Hong Kong stock and ETF eligible Southbound on both links, brokers' BCAN mappings, and the
 * first day's Southbound reference rates (HKD→RMB, ±3 % around 0.9050).
 */
function connectSubmissions(reference: ReferenceState): Submission[] {
  const entries: Array<{ link: string; instrument: string; status: string }> = [];
  for (const security of reference.securities.values()) {
    if (security.kind !== 'stock' && security.kind !== 'etf') continue;
    if (security.market === 'XSHG')
      entries.push({ link: 'sh_northbound', instrument: security.id, status: 'eligible' });
    if (security.market === 'XSHE')
      entries.push({ link: 'sz_northbound', instrument: security.id, status: 'eligible' });
    if (security.market === 'XHKG') {
      entries.push({ link: 'sh_southbound', instrument: security.id, status: 'eligible' });
      entries.push({ link: 'sz_southbound', instrument: security.id, status: 'eligible' });
    }
  }
  const submissions: Submission[] = [wireCommand({ type: 'rules.set_eligibility', entries })];
  const by_broker = new Map<string, Array<{ bcan: string; investor: string }>>();
  for (const investor of reference.investors.values()) {
    if (investor.bcan === undefined) continue;
    const list = by_broker.get(investor.broker) ?? [];
    list.push({ bcan: investor.bcan, investor: investor.id });
    by_broker.set(investor.broker, list);
  }
  for (const [broker, mappings] of by_broker) {
    submissions.push({
      participant: broker,
      command: wireCommand({ type: 'rules.set_bcan_mappings', broker, mappings }).command,
    });
  }
  submissions.push(southboundRates(DEMO_FIRST_DAY));
  return submissions;
}

/** The day's Southbound reference rates: the operator publishes these before each open. */
export function southboundRates(date: string, mid_bp = 9_050): Submission {
  const buys = Math.round((mid_bp * 103) / 100);
  const sells = Math.round((mid_bp * 97) / 100);
  const rate = (bp: number) => `0.${String(bp).padStart(4, '0')}`;
  return wireCommand({
    type: 'rules.set_fx_reference_rates',
    date,
    rate_for_buys: rate(buys),
    rate_for_sells: rate(sells),
  });
}

function registrationToSubmission(registration: DemoRegistration): Submission {
  const wire =
    registration.kind === 'party'
      ? { type: 'reference.register_party', party: registration.input }
      : registration.kind === 'investor'
        ? { type: 'reference.register_investor', investor: registration.input }
        : registration.kind === 'cash_asset'
          ? { type: 'reference.register_cash_asset', cash_asset: registration.input }
          : { type: 'reference.register_security', security: registration.input };
  const parsed = parseCommand(wire);
  if (!parsed.ok) throw new Error(`demo data does not parse: ${JSON.stringify(parsed.problems)}`);
  return { participant: GENESIS_PARTICIPANT, command: parsed.command };
}

function cashIssuers(reference: readonly DemoRegistration[]): Map<string, string> {
  const issuers = new Map<string, string>();
  for (const r of reference) if (r.kind === 'cash_asset') issuers.set(r.input.id, r.input.issuer);
  return issuers;
}

/** Who holds cash in the demo and how much each starts with. */
export function demoHolders(
  reference: readonly DemoRegistration[] = demoReferenceData(),
): Holder[] {
  const holders: Holder[] = [];
  for (const r of reference) {
    if (r.kind === 'party' && r.input.roles.some((role) => FUNDED_ROLES.has(role))) {
      holders.push({
        owner: r.input.id,
        assets: CASH_BY_JURISDICTION[r.input.jurisdiction] ?? ['USD'],
        opening_minor: 100_000_000_000n,
      });
    }
    if (r.kind === 'investor') {
      const opening_minor = r.input.type === 'retail' ? 100_000_000n : 10_000_000_000n;
      const assets =
        r.input.type === 'qfii' ? ['USD', 'CNY'] : (INVESTOR_CASH[r.input.jurisdiction] ?? ['USD']);
      holders.push({ owner: r.input.id, assets, opening_minor });
    }
  }
  return holders;
}

function accountSubmissions(
  issuers: Map<string, string>,
  holders: readonly Holder[],
): Submission[] {
  const accounts: Array<Record<string, unknown>> = [];
  for (const [asset, issuer] of issuers) {
    accounts.push({
      id: issuanceAccountId(issuer, asset),
      owner: issuer,
      asset,
      purpose: 'issuance',
      debits_must_not_exceed_credits: false,
      credits_must_not_exceed_debits: true,
    });
  }
  for (const holder of holders) {
    for (const asset of holder.assets) {
      accounts.push({
        id: cashAccountId(holder.owner, asset),
        owner: holder.owner,
        asset,
        purpose: 'available',
        debits_must_not_exceed_credits: true,
        credits_must_not_exceed_debits: false,
      });
    }
  }
  return [wireCommand({ type: 'ledger.create_accounts', accounts })];
}

function mintSubmissions(issuers: Map<string, string>, holders: readonly Holder[]): Submission[] {
  const transfers: Array<Record<string, unknown>> = [];
  for (const holder of holders) {
    for (const asset of holder.assets) {
      const issuer = issuers.get(asset);
      if (issuer === undefined) throw new Error(`no issuer for ${asset}`);
      transfers.push({
        id: `genesis/${holder.owner}/${asset}`,
        debit_account_id: issuanceAccountId(issuer, asset),
        credit_account_id: cashAccountId(holder.owner, asset),
        amount_minor: holder.opening_minor.toString(),
        code: 'mint',
      });
    }
  }
  return [wireCommand({ type: 'ledger.create_transfers', transfers })];
}

function wireCommand(wire: unknown): Submission {
  const parsed = parseCommand(wire);
  if (!parsed.ok)
    throw new Error(`genesis command does not parse: ${JSON.stringify(parsed.problems)}`);
  return { participant: GENESIS_PARTICIPANT, command: parsed.command };
}

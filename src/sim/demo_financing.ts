/**
 * The demo's Northbound repo market (docs/financing.md §13, docs/sim.md "Repo"): a China
 * Government Bond held Northbound, the operator's Primary Liquidity Providers, and the overseas
 * institutions that repo the bond to them for CNH. The set-up comes in stages (reference data,
 * accounts, positions, the bond and the PLPs), each computed from the hub state and holding only
 * what is missing, so a restarted simulator sends nothing twice (as genesis_bonds.ts).
 * @module
 */

import {
  bondHoldingChain,
  cashAccountId,
  csdOf,
  issuanceAccountId,
  securitiesAccountId,
} from '../hub/accounts.js';
import type { HubState } from '../hub/index.js';
import { parseCommand } from '../protocol/index.js';
import type { Submission } from './genesis.js';

/**
 * CGB 2016-19 (3.27 %, 22 Aug 2046), the bonds domain's test bond (src/bonds/testing.ts), as a
 * CIBM security at CCDC: a unit is CNY 100 of face.
 */
export const DEMO_CGB_TERMS = {
  isin: 'CND10000KX14',
  issuer_kind: 'cgb',
  issuer_name: 'Ministry of Finance of the PRC',
  currency: 'CNY',
  coupon: { kind: 'fixed', rate_e12: '32700000000' },
  frequency: 2,
  day_count: 'ACT/ACT-ICMA',
  business_day_convention: 'following',
  yield_convention: 'ccdc',
  issue_date: '2016-08-22',
  maturity_date: '2046-08-22',
  face_value_minor: '10000',
  min_denomination_minor: '10000',
} as const;

export const DEMO_CGB_SECURITY = {
  ...{ id: DEMO_CGB_TERMS.isin, symbol: '019547', name: 'CGB 2016-19 3.27% 2046' },
  ...{ market: 'CIBM', kind: 'bond', currency: 'CNY', board: 'unlisted', lot_size: 10 },
  ...{ price_scale: 3, issuer: 'MOF', tick_table: 'uniform', listing_date: '2016-09-26' },
  bond: { coupon_ppm: 32_700, maturity_date: '2046-08-22', face_value_minor: '10000' },
} as const;

/** The demo's PLPs: three of the HKMA's 11 (docs/financing.md §3). */
export const DEMO_PLPS = ['BOCHK', 'HSBC', 'SCBHK'] as const;

/** Overseas institutions holding the CGB Northbound that repo it to a PLP, and their brokers. */
export const REPO_SELLERS = [
  { owner: 'hk-inst-fund', broker: 'HARBOUR' },
  { owner: 'hk-inst-insurer', broker: 'PEAK' },
  { owner: 'sg-inst-fund', broker: 'HARBOUR' },
] as const;

/** Each seller's CGB (CNY 300 m of face) and own CNH (for interest and margin), major units. */
const SELLER_CGB_FACE_MAJOR = 300_000_000n;
const SELLER_CNH_MAJOR = 20_000_000n;

const OPERATOR = 'operator';
type Json = Record<string, unknown>;

/** What the repo market still needs, one stage at a time; empty when all is set up. */
export function financingSetUpSubmissions(state: HubState): Submission[] {
  return financingSetUpCommands(state).map(wire);
}

/** The same as wire JSON (the HTTP tests post it through the API). */
export function financingSetUpCommands(state: HubState): Json[] {
  for (const stage of [referenceStage, accountStage, positionStage, marketStage]) {
    const commands = stage(state);
    if (commands.length > 0) return commands;
  }
  return [];
}

function referenceStage(state: HubState): Json[] {
  if (state.reference.securities.has(DEMO_CGB_SECURITY.id)) return [];
  return [{ type: 'reference.register_security', security: DEMO_CGB_SECURITY }];
}

const HOLDER = { purpose: 'available', debits_must_not_exceed_credits: true } as const;

/** CCDC's issuance account, every holder's nominee chain, the sellers' CNH accounts. */
function accountStage(state: HubState): Json[] {
  const security = state.reference.securities.get(DEMO_CGB_SECURITY.id);
  if (security === undefined) return [];
  const wanted = new Map<string, Json>();
  const issuance = issuanceAccountId(csdOf(security), security.id);
  if (!state.ledger.accounts.has(issuance))
    wanted.set(issuance, {
      ...{ id: issuance, owner: csdOf(security), asset: security.id, purpose: 'issuance' },
      ...{ debits_must_not_exceed_credits: false, credits_must_not_exceed_debits: true },
    });
  const holders = [...REPO_SELLERS.map((s) => s.owner), ...DEMO_PLPS];
  for (const owner of holders) {
    for (const account of bondHoldingChain(state.reference, owner, security) ?? []) {
      if (!state.ledger.accounts.has(account.id)) wanted.set(account.id, jsonOf(account));
    }
  }
  for (const { owner } of REPO_SELLERS) {
    const id = cashAccountId(owner, 'CNH');
    if (!state.ledger.accounts.has(id) && !wanted.has(id))
      wanted.set(id, { id, owner, asset: 'CNH', ...HOLDER, credits_must_not_exceed_debits: false });
  }
  return wanted.size === 0
    ? []
    : [{ type: 'ledger.create_accounts', accounts: [...wanted.values()] }];
}

/** An account input as wire JSON: amounts and flags as the command takes them. */
function jsonOf(account: object): Json {
  return JSON.parse(
    JSON.stringify(account, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
  ) as Json;
}

/** The sellers' CGB from CCDC's issuance, and their CNH from BOCHK's, each once. */
function positionStage(state: HubState): Json[] {
  const security = state.reference.securities.get(DEMO_CGB_SECURITY.id);
  if (security === undefined) return [];
  const fresh = (id: string | undefined): id is string => {
    const account = id === undefined ? undefined : state.ledger.accounts.get(id);
    return account !== undefined && account.credits_posted === 0n;
  };
  const transfers: Json[] = [];
  const face_unit = BigInt(DEMO_CGB_TERMS.face_value_minor);
  for (const { owner } of REPO_SELLERS) {
    const bonds = securitiesAccountId(state.reference, owner, security);
    if (fresh(bonds))
      transfers.push({
        ...{ id: `repo-setup/${bonds}`, debit_account_id: issuanceAccountId('CCDC', security.id) },
        ...{ credit_account_id: bonds, code: 'allotment' },
        amount_minor: ((SELLER_CGB_FACE_MAJOR * 100n) / face_unit).toString(),
      });
    const cnh = cashAccountId(owner, 'CNH');
    const issuer = state.reference.cash_assets.get('CNH')?.issuer;
    if (issuer !== undefined && fresh(cnh))
      transfers.push({
        ...{ id: `repo-setup/${cnh}`, debit_account_id: issuanceAccountId(issuer, 'CNH') },
        ...{ credit_account_id: cnh, code: 'mint' },
        amount_minor: (SELLER_CNH_MAJOR * 100n).toString(),
      });
  }
  return transfers.length === 0 ? [] : [{ type: 'ledger.create_transfers', transfers }];
}

/** The bond's terms, the sellers' Northbound access and the operator's PLPs. */
function marketStage(state: HubState): Json[] {
  const commands: Json[] = [];
  if (!state.bonds.bonds.has(DEMO_CGB_TERMS.isin))
    commands.push({ type: 'bonds.register', terms: DEMO_CGB_TERMS });
  for (const { owner } of REPO_SELLERS) {
    if (state.bonds.access.get(owner)?.northbound === true) continue;
    const southbound_channel = state.bonds.access.get(owner)?.southbound_channel ?? null;
    commands.push({
      ...{ type: 'bonds.set_investor_access', investor: owner },
      ...{ northbound: true, southbound_channel },
    });
  }
  if (!DEMO_PLPS.every((p) => state.financing.plps.has(p)))
    commands.push({ type: 'financing.set_plps', parties: [...DEMO_PLPS] });
  return commands;
}

function wire(json: Json): Submission {
  const parsed = parseCommand(json);
  if (!parsed.ok) throw new Error(`repo set-up does not parse: ${JSON.stringify(parsed.problems)}`);
  return { participant: OPERATOR, command: parsed.command };
}

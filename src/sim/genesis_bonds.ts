/**
 * The demo's Bond Connect set-up, sent by the simulator's operator at its first steps through the
 * bonds commands (docs/sim.md, "Bonds by RFQ"): the securities the reference data lacks (an HKSAR
 * government bond, an illustrative MOF CNH bond, and the MOF as their coupon payer), their CMU
 * accounts and opening positions, cash accounts in each bond's currency for its holders (coupons
 * land there) and for the Mainland investors, `bonds.register` for every Southbound demo bond,
 * the HKMA-designated makers (`bonds.register_maker`) and the investors' access
 * (`bonds.set_investor_access`: a Bond Connect fund, and a QDII fund registered here). Each day the operator publishes the quota's reference rates
 * (`quotaFxSubmission`).
 *
 * The set-up comes in stages (reference data, accounts, positions, bonds), each computed from the
 * hub state and holding only what is missing, so a restarted simulator sends nothing twice and
 * every account id comes from the hub's own layout (`securitiesAccountId`).
 * @module
 */

import { cashAccountId, csdOf, issuanceAccountId, securitiesAccountId } from '../hub/accounts.js';
import type { HubState } from '../hub/index.js';
import { LEDGER_LIMITS } from '../ledger/index.js';
import { parseCommand } from '../protocol/index.js';
import {
  DEMO_QUOTA_FX_RATES,
  type DemoBondTerms,
  demoBondSecurities,
  MOF_PARTY,
  QDII_INVESTOR,
  SOUTHBOUND_INVESTORS,
  SOUTHBOUND_MAKERS,
  southboundDemoBonds,
} from './demo_bonds.js';
import type { Submission } from './genesis.js';

const OPERATOR = 'operator';

/** Opening cash minted for the bond trade, by owner kind and currency (major units). */
const INVESTOR_CASH_MAJOR: Readonly<Record<string, bigint>> = {
  HKD: 500_000_000n,
  CNH: 500_000_000n,
  USD: 100_000_000n,
  EUR: 100_000_000n,
};
/** Makers hold every currency but EUR from genesis; their EUR, and the coupon payers' cash. */
const MAKER_EUR_MAJOR = 500_000_000n;
const PAYER_CASH_MAJOR = 1_000_000_000n;

/** Face allotted from issuance of the bonds registered here, and of green bonds to investors. */
const NEW_BOND_FACE_MAJOR: ReadonlyArray<readonly [string, bigint]> = [
  ...SOUTHBOUND_MAKERS.map((m) => [m, 200_000_000n] as const),
  ['hk-inst-fund', 10_000_000n],
  ['hk-inst-insurer', 10_000_000n],
];
const INVESTOR_BOND_FACE_MAJOR = 20_000_000n;

/** What the demo's bonds still need, one stage at a time; empty when all is set up. */
export function bondSetUpSubmissions(state: HubState): Submission[] {
  for (const stage of [referenceStage, accountStage, positionStage, bondStage]) {
    const submissions = stage(state);
    if (submissions.length > 0) return submissions;
  }
  return [];
}

/** The day's Southbound quota reference rates (`bonds.set_quota_fx_rates`). */
export function quotaFxSubmission(date: string): Submission {
  return wire({ type: 'bonds.set_quota_fx_rates', date, rates: { ...DEMO_QUOTA_FX_RATES } });
}

function referenceStage(state: HubState): Submission[] {
  const submissions: Submission[] = [];
  if (!state.reference.parties.has(MOF_PARTY.id))
    submissions.push(wire({ type: 'reference.register_party', party: MOF_PARTY }));
  if (!state.reference.investors.has(QDII_INVESTOR.id))
    submissions.push(wire({ type: 'reference.register_investor', investor: QDII_INVESTOR }));
  for (const security of demoBondSecurities()) {
    if (!state.reference.securities.has(security.id))
      submissions.push(wire({ type: 'reference.register_security', security }));
  }
  return submissions;
}

interface AccountWire {
  readonly id: string;
  readonly owner: string;
  readonly asset: string;
  readonly purpose: 'available' | 'issuance';
  readonly debits_must_not_exceed_credits: boolean;
  readonly credits_must_not_exceed_debits: boolean;
}

function accountStage(state: HubState): Submission[] {
  const wanted = new Map<string, AccountWire>();
  const add = (id: string | undefined, owner: string, asset: string) => {
    if (id === undefined || state.ledger.accounts.has(id) || wanted.has(id)) return;
    wanted.set(id, { id, owner, asset, purpose: 'available', ...HOLDER_LIMITS });
  };
  for (const terms of southboundDemoBonds()) {
    const security = state.reference.securities.get(terms.isin);
    if (security === undefined) continue;
    const issuance = issuanceAccountId(csdOf(security), security.id);
    if (!state.ledger.accounts.has(issuance)) {
      wanted.set(issuance, {
        ...{ id: issuance, owner: csdOf(security), asset: security.id, purpose: 'issuance' },
        ...{ debits_must_not_exceed_credits: false, credits_must_not_exceed_debits: true },
      });
    }
    for (const owner of bondHolders(state, terms)) {
      add(securitiesAccountId(state.reference, owner, security), owner, security.id);
      add(cashAccountId(owner, terms.currency), owner, terms.currency);
    }
    const payer = security.issuer ?? '';
    add(cashAccountId(payer, terms.currency), payer, terms.currency);
  }
  for (const maker of SOUTHBOUND_MAKERS) add(cashAccountId(maker, 'EUR'), maker, 'EUR');
  return chunks([...wanted.values()], LEDGER_LIMITS.accounts_per_batch_max).map((accounts) =>
    wire({ type: 'ledger.create_accounts', accounts }),
  );
}

const HOLDER_LIMITS = {
  debits_must_not_exceed_credits: true,
  credits_must_not_exceed_debits: false,
} as const;

/** Who holds a demo bond: its accounts on the ledger, the makers and the Mainland investors. */
function bondHolders(state: HubState, terms: DemoBondTerms): string[] {
  const owners = new Set<string>();
  for (const account of state.ledger.by_asset.get(terms.isin) ?? []) {
    if (account.purpose !== 'issuance' && !account.omnibus) owners.add(account.owner);
  }
  for (const [owner] of NEW_BOND_FACE_MAJOR) owners.add(owner);
  for (const { investor } of SOUTHBOUND_INVESTORS) owners.add(investor);
  return [...owners];
}

interface TransferWire {
  readonly id: string;
  readonly debit_account_id: string;
  readonly credit_account_id: string;
  readonly amount_minor: string;
  readonly code: string;
}

/** Opening positions and cash, each only into an account nothing was ever credited to. */
function positionStage(state: HubState): Submission[] {
  const transfers: TransferWire[] = [];
  const fresh = (id: string | undefined): id is string => {
    const account = id === undefined ? undefined : state.ledger.accounts.get(id);
    return account !== undefined && account.credits_posted === 0n;
  };
  const mint = (owner: string, asset: string, major: bigint) => {
    const to = cashAccountId(owner, asset);
    const issuer = state.reference.cash_assets.get(asset)?.issuer;
    if (issuer === undefined || !fresh(to)) return;
    const amount = major * 100n;
    const from = issuanceAccountId(issuer, asset);
    transfers.push(transfer(`bonds-setup/${to}`, from, to, amount, 'mint'));
  };
  for (const { investor } of SOUTHBOUND_INVESTORS) {
    for (const [asset, major] of Object.entries(INVESTOR_CASH_MAJOR)) mint(investor, asset, major);
  }
  for (const maker of SOUTHBOUND_MAKERS) mint(maker, 'EUR', MAKER_EUR_MAJOR);
  for (const terms of southboundDemoBonds()) {
    const payer = state.reference.securities.get(terms.isin)?.issuer ?? '';
    mint(payer, terms.currency, PAYER_CASH_MAJOR);
    transfers.push(...allotments(state, terms, fresh));
  }
  return chunks(transfers, LEDGER_LIMITS.transfers_per_batch_max).map((batch) =>
    wire({ type: 'ledger.create_transfers', transfers: batch }),
  );
}

/** Bonds from issuance: new bonds to makers and institutions, every bond to the investors. */
function allotments(
  state: HubState,
  terms: DemoBondTerms,
  fresh: (id: string | undefined) => id is string,
): TransferWire[] {
  const security = state.reference.securities.get(terms.isin);
  if (security === undefined) return [];
  const from = issuanceAccountId(csdOf(security), security.id);
  const is_new = demoBondSecurities().some((s) => s.id === terms.isin);
  const holders: Array<readonly [string, bigint]> = is_new ? [...NEW_BOND_FACE_MAJOR] : [];
  for (const { investor } of SOUTHBOUND_INVESTORS)
    holders.push([investor, INVESTOR_BOND_FACE_MAJOR]);
  const transfers: TransferWire[] = [];
  for (const [owner, face_major] of holders) {
    const to = securitiesAccountId(state.reference, owner, security);
    if (!fresh(to)) continue;
    const units = (face_major * 100n) / BigInt(terms.face_value_minor);
    transfers.push(transfer(`bonds-setup/${to}`, from, to, units, 'allotment'));
  }
  return transfers;
}

function transfer(
  id: string,
  debit_account_id: string,
  credit_account_id: string,
  amount: bigint,
  code: string,
): TransferWire {
  return { id, debit_account_id, credit_account_id, amount_minor: amount.toString(), code };
}

/** Bond terms, makers and access: whatever the bonds state does not have yet. */
function bondStage(state: HubState): Submission[] {
  const submissions: Submission[] = [];
  for (const terms of southboundDemoBonds()) {
    if (!state.bonds.bonds.has(terms.isin))
      submissions.push(wire({ type: 'bonds.register', terms }));
  }
  for (const dealer of SOUTHBOUND_MAKERS) {
    if (!state.bonds.makers.get(dealer)?.includes('southbound'))
      submissions.push(wire({ type: 'bonds.register_maker', dealer, direction: 'southbound' }));
  }
  for (const { investor, channel } of SOUTHBOUND_INVESTORS) {
    if (state.bonds.access.get(investor)?.southbound_channel === channel) continue;
    submissions.push(
      wire({
        type: 'bonds.set_investor_access',
        investor,
        northbound: false,
        southbound_channel: channel,
      }),
    );
  }
  return submissions;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function wire(json: unknown): Submission {
  const parsed = parseCommand(json);
  if (!parsed.ok) throw new Error(`bond set-up does not parse: ${JSON.stringify(parsed.problems)}`);
  return { participant: OPERATOR, command: parsed.command };
}

/**
 * The demo's HKMA facilities (docs/financing.md §13, docs/sim.md "HKMA facilities"): the HKMA's
 * facility accounts (`facilityAccountInputs`), each PLP's own CGB to pledge, the PLPs' dedicated
 * repo lines, the banks' trade-facility allocations and HSBC's cap at OTC Clear. Like the repo
 * set-up (demo_financing.ts), computed from the hub state in stages, each holding only what is
 * missing, so a restarted simulator sends nothing twice. Runs once the repo set-up is complete.
 * @module
 */

import { securitiesAccountId } from '../hub/accounts.js';
import { facilityAccountInputs } from '../hub/financing/facility_accounts.js';
import type { HubState } from '../hub/index.js';
import { findTransfer } from '../ledger/index.js';
import { parseCommand } from '../protocol/index.js';
import { DEMO_CGB_TERMS, DEMO_PLPS, financingSetUpCommands } from './demo_financing.js';
import type { Submission } from './genesis.js';

const CGB = DEMO_CGB_TERMS.isin;
/** RMB 1 m in fen. */
const M = 100_000_000n;

/** Each PLP's own CGB to pledge to the facilities: CNY 10 bn of face (*assumption*). */
const PLP_CGB_FACE_MAJOR = 10_000_000_000n;
/**
 * Each PLP's dedicated repo line: RMB 2 bn, as each line of the 2020 designation
 * (hkma.gov.hk; bonds-financing-payments-scale.md §2). Three lines, within the RMB 20 bn.
 */
export const DEMO_PLP_LINE_MINOR = 2_000n * M;
/** Trade-facility allocations (*assumption*: the first round gave RMB 50 bn to 24 banks). */
export const DEMO_TRADE_ALLOCATIONS: Readonly<Record<string, bigint>> = {
  BOCHK: 3_000n * M,
  HSBC: 2_000n * M,
  SCBHK: 1_000n * M,
};
/** HSBC's cap at OTC Clear on posted value after haircut (*assumption*: OTC Clear's is private). */
export const DEMO_OTC_CAP_MINOR = 500n * M;
export const OTC_MEMBER = 'HSBC';

type Json = Record<string, unknown>;

/** What the facilities still need, one stage at a time; empty when all is set up. */
export function facilitySetUpSubmissions(state: HubState): Submission[] {
  return facilitySetUpCommands(state).map(wire);
}

export function facilitySetUpCommands(state: HubState): Json[] {
  if (financingSetUpCommands(state).length > 0) return [];
  for (const stage of [accountStage, positionStage, settingStage]) {
    const commands = stage(state);
    if (commands.length > 0) return commands;
  }
  return [];
}

function accountStage(state: HubState): Json[] {
  const missing = facilityAccountInputs(state.reference, [CGB]).filter(
    (a) => !state.ledger.accounts.has(a.id),
  );
  return missing.length === 0
    ? []
    : [{ type: 'ledger.create_accounts', accounts: missing.map(jsonOf) }];
}

/** Each PLP's own CGB from CCDC's issuance, once (by the transfer's id). */
function positionStage(state: HubState): Json[] {
  const security = state.reference.securities.get(CGB);
  if (security === undefined) return [];
  const transfers: Json[] = [];
  for (const bank of DEMO_PLPS) {
    const id = `facility-setup/${bank}/${CGB}`;
    const account = securitiesAccountId(state.reference, bank, security);
    if (account === undefined || findTransfer(state.ledger, id) !== undefined) continue;
    transfers.push({
      ...{ id, debit_account_id: `CCDC/${CGB}/issuance`, credit_account_id: account },
      code: 'allotment',
      amount_minor: (
        (PLP_CGB_FACE_MAJOR * 100n) /
        BigInt(DEMO_CGB_TERMS.face_value_minor)
      ).toString(),
    });
  }
  return transfers.length === 0 ? [] : [{ type: 'ledger.create_transfers', transfers }];
}

function settingStage(state: HubState): Json[] {
  const f = state.financing.facilities;
  const out: Json[] = [];
  for (const bank of DEMO_PLPS) {
    if (!f.plp_lines.has(bank))
      out.push({ type: 'financing.set_plp_line', bank, amount_minor: String(DEMO_PLP_LINE_MINOR) });
  }
  for (const [bank, amount] of Object.entries(DEMO_TRADE_ALLOCATIONS)) {
    if (!f.allocations.has(bank))
      out.push({
        ...{ type: 'financing.set_facility_allocation', bank, facility: 'trade' },
        amount_minor: String(amount),
      });
  }
  if (!state.financing.otc.caps.has(OTC_MEMBER))
    out.push({
      ...{ type: 'financing.set_otc_cap', member: OTC_MEMBER },
      amount_minor: String(DEMO_OTC_CAP_MINOR),
    });
  return out;
}

function jsonOf(account: object): Json {
  return JSON.parse(
    JSON.stringify(account, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
  ) as Json;
}

function wire(json: Json): Submission {
  const parsed = parseCommand(json);
  if (!parsed.ok)
    throw new Error(`facility set-up does not parse: ${JSON.stringify(parsed.problems)}`);
  return { participant: 'operator', command: parsed.command };
}

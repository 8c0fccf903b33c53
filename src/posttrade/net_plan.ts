/**
 * Preparing a settlement group's run before anything changes: which instructions are due, which
 * transit and FX accounts the batch needs, whether rates are published and whether the ledger has
 * room. A cycle that cannot run is refused as a whole, leaving every state as it was.
 * @module
 */

import { accept, type Outcome } from '../kernel/index.js';
import { LEDGER_LIMITS, retainedCount } from '../ledger/index.js';
import { refuse } from './codes.js';
import { type DraftAccount, resolveAccount } from './instructions.js';
import { dueLegsInto, scratchLegs } from './legs.js';
import { NetRun } from './net_run.js';
import type { PosttradeEnv, PosttradeState } from './state.js';
import type { Instruction, Stream } from './types.js';

/** The accounts of the southbound FX deal, resolved. */
export interface FxDraftAccounts {
  readonly bank_hkd: DraftAccount;
  readonly bank_rmb: DraftAccount;
  readonly agent_hkd: DraftAccount;
  readonly agent_rmb: DraftAccount;
}

/** Everything a group's run needs, checked. */
export interface NetPlan {
  readonly gross: Instruction[];
  readonly run: NetRun;
  /** Transit account id per asset netted. */
  readonly transit: Map<string, string>;
  readonly fx: FxDraftAccounts | null;
}

/** Selects the group's due instructions and checks what their settlement needs. */
export function prepareGroup(
  state: PosttradeState,
  env: PosttradeEnv,
  group: string,
  date: string,
  cutoff_us: number,
  open_streams: ReadonlySet<Stream>,
): Outcome<NetPlan> {
  const gross: Instruction[] = [];
  const open = state.open.get(group) ?? [];
  const run = new NetRun(open);
  const due = scratchLegs();
  const needs = new BatchNeeds(state);
  for (let row = 0; row < open.length; row += 1) {
    const instruction = open[row] as Instruction;
    if (instruction.captured_at_us > cutoff_us) continue;
    // A stream closed today waits: no attempt, no fail, no penalty (settlement_days.ts).
    if (!open_streams.has(instruction.stream)) continue;
    if (instruction.model === 'gross') {
      if (dueLegsInto(state, instruction, date, due)) gross.push(instruction);
      continue;
    }
    if (instruction.fx !== 'none' && !state.settlement_rates.has(instruction.trade_date)) {
      if (instruction.cash_date <= date) return missingRate(instruction);
    }
    if (!dueLegsInto(state, instruction, date, due)) continue;
    run.add(row, due);
    needs.add(instruction);
  }
  const transit = transitAccounts(state, env, needs.assets);
  if (!transit.ok) return transit;
  const fx = fxAccounts(state, env, needs.southbound);
  if (!fx.ok) return fx;
  const room = checkLedgerRoom(state, env, run.length, gross.length);
  if (room !== undefined) return room;
  return accept({ gross, run, transit: transit.value, fx: fx.value });
}

function missingRate(instruction: Instruction): Outcome<never> {
  return refuse(
    'SETTLEMENT_RATE_MISSING',
    `No southbound settlement rate is published for trade date ${instruction.trade_date}`,
    { trade_date: instruction.trade_date, instruction_id: instruction.id },
  );
}

/**
 * What a run's batch needs, noted in the same pass that selects the instructions: the assets
 * with a debited position (each needs the operator's transit account), in first-touch order, and
 * whether any instruction is southbound (the FX deal needs its accounts).
 */
class BatchNeeds {
  readonly assets = new Set<string>();
  southbound = false;
  private readonly seen: Uint8Array;

  constructor(private readonly state: PosttradeState) {
    this.seen = new Uint8Array(state.accounts.assets.length);
  }

  add(i: Instruction): void {
    this.need(i.sec_from);
    this.need(i.cash_from);
    this.need(i.rmb_from);
    if (i.fx !== 'none') this.southbound = true;
  }

  private need(a: number): void {
    if (a < 0 || this.seen[a] === 1) return;
    this.seen[a] = 1;
    this.assets.add(this.state.accounts.assets[a] as string);
  }
}

function transitAccounts(
  state: PosttradeState,
  env: PosttradeEnv,
  assets: ReadonlySet<string>,
): Outcome<Map<string, string>> {
  const operator = state.config.operator;
  const transit = new Map<string, string>();
  for (const asset of assets) {
    const account = resolveAccount(env, operator, asset, 'transit', operator);
    if (!account.ok) return account;
    transit.set(asset, account.value.id);
  }
  return accept(transit);
}

function fxAccounts(
  state: PosttradeState,
  env: PosttradeEnv,
  southbound: boolean,
): Outcome<FxDraftAccounts | null> {
  if (!southbound) return accept(null);
  const sb = state.config.southbound;
  const bank_hkd = resolveAccount(env, sb.fx_bank, sb.hkd_asset, 'holding', sb.fx_bank);
  if (!bank_hkd.ok) return bank_hkd;
  const bank_rmb = resolveAccount(env, sb.fx_bank, sb.rmb_asset, 'holding', sb.fx_bank);
  if (!bank_rmb.ok) return bank_rmb;
  const agent_hkd = resolveAccount(env, sb.agent, sb.hkd_asset, 'agent', sb.agent);
  if (!agent_hkd.ok) return agent_hkd;
  const agent_rmb = resolveAccount(env, sb.agent, sb.rmb_asset, 'agent', sb.agent);
  if (!agent_rmb.ok) return agent_rmb;
  return accept({
    bank_hkd: bank_hkd.value,
    bank_rmb: bank_rmb.value,
    agent_hkd: agent_hkd.value,
    agent_rmb: agent_rmb.value,
  });
}

/**
 * Whether the ledger can take the run: at worst every instruction leg is a position, settled as
 * hold + post, and each failed attempt of a hold run leaves holds and voids behind.
 */
function checkLedgerRoom(
  state: PosttradeState,
  env: PosttradeEnv,
  net_items: number,
  gross_items: number,
) {
  const positions_max = Math.min(state.accounts.ids.length + 4, 6 * net_items + 4);
  const transfers_max = 4 * positions_max + 3 * gross_items;
  const retained = retainedCount(env.ledger);
  const holds_free = LEDGER_LIMITS.pending_holds_max - env.ledger.pending_count;
  if (
    retained + transfers_max <= LEDGER_LIMITS.transfers_retained_max &&
    positions_max <= holds_free
  ) {
    return undefined;
  }
  return refuse('LEDGER_CAPACITY', 'The ledger has no room for this settlement cycle', {
    retained,
    needed: transfers_max,
    maximum: LEDGER_LIMITS.transfers_retained_max,
  });
}

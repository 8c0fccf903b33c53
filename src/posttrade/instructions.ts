/**
 * Instruction records: from a checked draft to an instruction in the state. Drafts carry
 * resolved account ids; recording interns them so netting works on array indices.
 * @module
 */

import { accept, isRejection, type Outcome, type Rejection } from '../kernel/index.js';
import type { AccountRole } from './accounts.js';
import { refuse } from './codes.js';
import { instructionSlotOf, type Slot } from './instruction_table.js';
import { POSTTRADE_LIMITS } from './limits.js';
import type { DraftAccount } from './resolved.js';
import type { PosttradeEnv, PosttradeState } from './state.js';
import type { Instruction } from './types.js';

export type { DraftAccount } from './resolved.js';

/** The accounts of an instruction's legs; null where there is no such leg. */
export interface DraftLegs {
  readonly sec_from: DraftAccount;
  readonly sec_to: DraftAccount;
  readonly cash_from: DraftAccount | null;
  readonly cash_to: DraftAccount | null;
  readonly rmb_from: DraftAccount | null;
  readonly rmb_to: DraftAccount | null;
}

/** The fields a trade (or a sese.023 message) fixes for every instruction it produces. */
export interface DraftTerms {
  readonly trade_id: string;
  readonly stream: Instruction['stream'];
  readonly group: string;
  readonly model: Instruction['model'];
  readonly market: Instruction['market'];
  readonly isin: string;
  readonly payment: Instruction['payment'];
  readonly currency: Instruction['currency'];
  readonly cash_asset: string;
  readonly trade_date: string;
  readonly securities_date: string;
  readonly cash_date: string;
  readonly buy_in_date: string;
  readonly captured_at_us: number;
  readonly quantity_units: bigint;
  readonly cash_minor: bigint;
  readonly price_units: number;
  readonly price_scale: number;
  readonly face_value_minor: bigint;
  readonly partial_allowed: boolean;
}

/** Who delivers to whom in one instruction. */
export interface DraftSide {
  readonly id: string;
  readonly deliverer: string;
  readonly deliverer_participant: string;
  readonly receiver: string;
  readonly receiver_participant: string;
  readonly fx: Instruction['fx'];
  readonly shared_book: boolean;
  readonly affiliate_deliverer: boolean;
  readonly affiliate_receiver: boolean;
  /**
   * Where `id` lives in the instruction table (`instructionSlotOf(id)`), when the drafter knows it without
   * reading the id again (a hub trade's side); undefined: found from the id.
   */
  readonly slot?: Slot | null | undefined;
}

/** An instruction before it is recorded: its terms, its side and its resolved accounts. */
export interface InstructionDraft {
  readonly terms: DraftTerms;
  readonly side: DraftSide;
  readonly legs: DraftLegs;
}

/** Resolves an account through the injected resolver and checks it against the ledger. */
export function resolveAccount(
  env: PosttradeEnv,
  owner: string,
  asset: string,
  role: AccountRole,
  participant: string,
): Outcome<DraftAccount> {
  const leg = resolveLeg(env, owner, asset, role, participant);
  return isRejection(leg) ? leg : accept(leg);
}

/** `resolveAccount` without the outcome wrapper: the account, or why there is none. */
export function resolveLeg(
  env: PosttradeEnv,
  owner: string,
  asset: string,
  role: AccountRole,
  participant: string,
): DraftAccount | Rejection {
  const memo = env.resolved?.find(owner, asset, role, participant);
  if (memo !== undefined) return memo;
  const id = env.resolver.accountFor(owner, asset, role);
  const account = id === undefined ? undefined : env.ledger.accounts.get(id);
  if (id === undefined || account === undefined || account.asset !== asset) {
    const problem = id === undefined ? 'no account' : account === undefined ? 'missing' : 'asset';
    return refuse('ACCOUNT_UNRESOLVED', `No ${role} account of ${owner} in ${asset}`, {
      owner,
      asset,
      role,
      account_id: id ?? null,
      problem,
    });
  }
  // The ledger's own id string, not the resolver's fresh one: every instruction then shares it,
  // and the settlement's account lookups find their key by identity, without hashing a new string.
  const resolved: DraftAccount = { id: account.id, asset, owner, participant, slot: -1 };
  env.resolved?.remember(role, resolved);
  return resolved;
}

/** Checks that the drafts can all be recorded (ids free, room left); changes nothing. */
export function checkDrafts(
  state: PosttradeState,
  drafts: readonly InstructionDraft[],
): Rejection | undefined {
  for (const draft of drafts) {
    if (state.instructions.has(draft.side.id, slotOfSide(draft.side))) {
      return refuse('INSTRUCTION_EXISTS', `Instruction ${draft.side.id} already exists`, {
        instruction_id: draft.side.id,
      });
    }
  }
  if (state.instructions.size + drafts.length > POSTTRADE_LIMITS.instructions_max) {
    return refuse('INSTRUCTIONS_FULL', 'Posttrade holds the maximum number of instructions', {
      maximum: POSTTRADE_LIMITS.instructions_max,
    });
  }
  const fresh = freshAccounts(state, drafts);
  if (state.accounts.ids.length + fresh > POSTTRADE_LIMITS.accounts_max) {
    return refuse('ACCOUNTS_FULL', 'Posttrade settles on the maximum number of accounts', {
      maximum: POSTTRADE_LIMITS.accounts_max,
    });
  }
  return undefined;
}

/** How many of the drafts' accounts are not yet in the table (a set only when there are any). */
function freshAccounts(state: PosttradeState, drafts: readonly InstructionDraft[]): number {
  let fresh: Set<string> | undefined;
  const note = (leg: DraftAccount | null): void => {
    if (leg === null || slotOf(state, leg) >= 0) return;
    fresh ??= new Set();
    fresh.add(leg.id);
  };
  for (const draft of drafts) {
    const legs = draft.legs;
    note(legs.sec_from);
    note(legs.sec_to);
    note(legs.cash_from);
    note(legs.cash_to);
    note(legs.rmb_from);
    note(legs.rmb_to);
  }
  return fresh?.size ?? 0;
}

/** The account's index in the table, -1 when it is not there; remembers it on the account. */
function slotOf(state: PosttradeState, account: DraftAccount): number {
  const table = state.accounts;
  if (account.slot >= 0 && table.ids[account.slot] === account.id) return account.slot;
  const known = table.index.get(account.id);
  if (known === undefined) return -1;
  account.slot = known;
  return known;
}

/** Records checked drafts as instructions (status `matched`) and returns them. */
export function recordDrafts(
  state: PosttradeState,
  env: PosttradeEnv,
  drafts: readonly InstructionDraft[],
): Instruction[] {
  const recorded: Instruction[] = [];
  for (const draft of drafts) {
    const instruction = buildInstruction(state, draft);
    state.instructions.add(instruction, slotOfSide(draft.side));
    openListOf(state, instruction.group).push(instruction);
    if (instruction.shared_book) state.unsettled_shared_minor += instruction.cash_minor;
    recorded.push(instruction);
    env.events.emit({
      type: 'instruction_captured',
      instruction_id: instruction.id,
      trade_id: instruction.trade_id,
      group: instruction.group,
      securities_date: instruction.securities_date,
      cash_date: instruction.cash_date,
    });
  }
  return recorded;
}

function slotOfSide(side: DraftSide): Slot | null {
  return side.slot === undefined ? instructionSlotOf(side.id) : side.slot;
}

/** The open list of a settlement group, created on first use. */
export function openListOf(state: PosttradeState, group: string): Instruction[] {
  let list = state.open.get(group);
  if (list === undefined) {
    list = [];
    state.open.set(group, list);
  }
  return list;
}

/**
 * A new instruction from its draft, as captured (status `matched`, nothing settled): built once,
 * in `instructionRecord`'s layout (the same keys in the same order, so the same V8 shape and the
 * same digest; a test holds the two together), not through an intermediate object of 52 fields.
 */
function buildInstruction(state: PosttradeState, d: InstructionDraft): Instruction {
  const seq = state.next_seq;
  state.next_seq += 1;
  const t = d.terms;
  const side = d.side;
  const legs = d.legs;
  return {
    status: 'matched',
    model: t.model,
    fx: side.fx,
    securities_settled: false,
    payment: t.payment,
    securities_date: t.securities_date,
    cash_date: t.cash_date,
    remaining_quantity_units: t.quantity_units,
    remaining_cash_minor: t.cash_minor,
    sec_from: intern(state, legs.sec_from),
    sec_to: intern(state, legs.sec_to),
    cash_from: intern(state, legs.cash_from),
    cash_to: intern(state, legs.cash_to),
    rmb_from: intern(state, legs.rmb_from),
    rmb_to: intern(state, legs.rmb_to),
    captured_at_us: t.captured_at_us,
    settled_quantity_units: 0n,
    settled_cash_minor: 0n,
    settled_rmb_minor: 0n,
    parts: 0,
    id: side.id,
    group: t.group,
    deliverer: side.deliverer,
    receiver: side.receiver,
    deliverer_participant: side.deliverer_participant,
    receiver_participant: side.receiver_participant,
    shared_book: side.shared_book,
    closure: '',
    final_at_us: -0,
    fail_reason: '',
    failing_party: '',
    fail_count: 0,
    seq,
    trade_id: t.trade_id,
    stream: t.stream,
    market: t.market,
    isin: t.isin,
    currency: t.currency,
    cash_asset: t.cash_asset,
    trade_date: t.trade_date,
    buy_in_date: t.buy_in_date,
    quantity_units: t.quantity_units,
    cash_minor: t.cash_minor,
    price_units: t.price_units,
    price_scale: t.price_scale,
    face_value_minor: t.face_value_minor,
    partial_allowed: t.partial_allowed,
    affiliate_deliverer: side.affiliate_deliverer,
    affiliate_receiver: side.affiliate_receiver,
    penalty_minor: 0n,
    penalty_collected_minor: 0n,
    penalty_days: 0,
    last_penalty_date: '',
  };
}

/**
 * The one layout every instruction in memory has (built here at capture and at restore, so all
 * share one V8 shape): the fields a settlement cycle reads for millions of instructions come
 * first, so selecting and recording an instruction touches three cache lines, not seven. Reading
 * order, snapshot order and digests follow this layout.
 */
export function instructionRecord(f: Instruction): Instruction {
  return {
    // Selecting: is it open, which model, is anything due (net_plan.ts, legs.ts).
    status: f.status,
    model: f.model,
    fx: f.fx,
    securities_settled: f.securities_settled,
    payment: f.payment,
    securities_date: f.securities_date,
    cash_date: f.cash_date,
    remaining_quantity_units: f.remaining_quantity_units,
    remaining_cash_minor: f.remaining_cash_minor,
    sec_from: f.sec_from,
    sec_to: f.sec_to,
    cash_from: f.cash_from,
    cash_to: f.cash_to,
    rmb_from: f.rmb_from,
    rmb_to: f.rmb_to,
    captured_at_us: f.captured_at_us,
    // Recording a settlement (legs.ts, net_settle.ts).
    settled_quantity_units: f.settled_quantity_units,
    settled_cash_minor: f.settled_cash_minor,
    settled_rmb_minor: f.settled_rmb_minor,
    parts: f.parts,
    id: f.id,
    group: f.group,
    deliverer: f.deliverer,
    receiver: f.receiver,
    deliverer_participant: f.deliverer_participant,
    receiver_participant: f.receiver_participant,
    shared_book: f.shared_book,
    closure: f.closure,
    // A double from the start (-0 is not a small integer): a timestamp landing here keeps the shape.
    final_at_us: f.final_at_us === 0 ? -0 : f.final_at_us,
    fail_reason: f.fail_reason,
    failing_party: f.failing_party,
    fail_count: f.fail_count,
    // The rest: terms, buy-in and penalties.
    seq: f.seq,
    trade_id: f.trade_id,
    stream: f.stream,
    market: f.market,
    isin: f.isin,
    currency: f.currency,
    cash_asset: f.cash_asset,
    trade_date: f.trade_date,
    buy_in_date: f.buy_in_date,
    quantity_units: f.quantity_units,
    cash_minor: f.cash_minor,
    price_units: f.price_units,
    price_scale: f.price_scale,
    face_value_minor: f.face_value_minor,
    partial_allowed: f.partial_allowed,
    affiliate_deliverer: f.affiliate_deliverer,
    affiliate_receiver: f.affiliate_receiver,
    penalty_minor: f.penalty_minor,
    penalty_collected_minor: f.penalty_collected_minor,
    penalty_days: f.penalty_days,
    last_penalty_date: f.last_penalty_date,
  };
}

/** The index of an account in the table, adding it on first use; -1 for no account. */
export function intern(state: PosttradeState, account: DraftAccount | null): number {
  if (account === null) return -1;
  const known = slotOf(state, account);
  if (known >= 0) return known;
  const table = state.accounts;
  const index = table.ids.length;
  table.ids.push(account.id);
  table.assets.push(account.asset);
  table.owners.push(account.owner);
  table.participants.push(account.participant);
  table.index.set(account.id, index);
  account.slot = index;
  return index;
}

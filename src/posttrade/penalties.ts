/**
 * Settlement-fail penalties: each business day an instruction ends failed, the failing party
 * accrues the stream's rate on the unsettled cash value (CSDR style; rates in config.ts). A CCP
 * passing on a counterparty's failure, an FX failure and a ledger refusal accrue nothing.
 * Collection is a separate command: each instruction's outstanding penalty is one transfer from
 * the failing party's cash account to the collecting CSD's penalty account; a party without the
 * cash keeps owing it.
 * @module
 */

import { accept, assert, type Outcome } from '../kernel/index.js';
import { createTransfers } from '../ledger/index.js';
import { penaltyMinor } from './amounts.js';
import { resolveAccount } from './instructions.js';
import { dueLegs } from './legs.js';
import type { PosttradeEnv, PosttradeState } from './state.js';
import type { Instruction, Stream } from './types.js';

const NO_PENALTY = new Set(['counterparty_failed', 'fx_failed', 'ledger_refused', '']);

/**
 * Accrues one day's penalty on each failed instruction of a group whose stream settles on `date`
 * (`open_streams`: a weekend or holiday of the stream's calendar accrues nothing); returns how many.
 */
export function accruePenalties(
  state: PosttradeState,
  env: PosttradeEnv,
  group: string,
  date: string,
  open_streams: ReadonlySet<Stream>,
): number {
  let accrued = 0;
  for (const i of state.open.get(group) ?? []) {
    if (i.status !== 'failed' || NO_PENALTY.has(i.fail_reason) || i.last_penalty_date >= date) {
      continue;
    }
    if (!open_streams.has(i.stream)) continue;
    const ppm = state.config.streams[i.stream].penalty_ppm_per_day;
    const amount = penaltyMinor(penaltyBase(state, i, date), ppm);
    i.last_penalty_date = date;
    if (amount === 0n) continue;
    i.penalty_minor += amount;
    i.penalty_days += 1;
    accrued += 1;
    env.events.emit({
      type: 'penalty_accrued',
      instruction_id: i.id,
      failing_party: i.failing_party,
      date,
      amount_minor: amount,
    });
  }
  return accrued;
}

/** The unsettled value in the failing party's own cash asset (RMB for a southbound investor). */
function penaltyBase(state: PosttradeState, i: Instruction, date: string): bigint {
  if (i.payment === 'FREE') return 0n;
  if (i.fx === 'none') return i.remaining_cash_minor;
  const legs = dueLegs(state, i, date);
  return legs === undefined ? 0n : legs.rmb_minor;
}

/** The failing party's cash account index, and the asset and owner penalties are paid to. */
export function penaltyRoute(
  state: PosttradeState,
  i: Instruction,
): { from: number; owner: string } | undefined {
  const deliverer = i.failing_party === i.deliverer;
  if (!deliverer && i.failing_party !== i.receiver) return undefined;
  const from =
    i.fx !== 'none' ? (deliverer ? i.rmb_to : i.rmb_from) : deliverer ? i.cash_to : i.cash_from;
  if (from < 0) return undefined;
  const config = state.config;
  const owner =
    i.fx !== 'none' ? config.southbound.agent : i.group === 'BILATERAL' ? config.operator : i.group;
  return { from, owner };
}

/** What a collection did. */
export interface CollectionResult {
  readonly collected: number;
  readonly collected_minor_by_asset: ReadonlyArray<readonly [string, bigint]>;
  /** Instructions whose failing party could not pay (or has no penalty account to pay to). */
  readonly outstanding: string[];
}

/** Collects every outstanding penalty it can, one ledger batch per instruction. */
export function collectPenalties(
  state: PosttradeState,
  env: PosttradeEnv,
): Outcome<CollectionResult> {
  const by_asset = new Map<string, bigint>();
  const outstanding: string[] = [];
  let collected = 0;
  for (const i of state.instructions.values()) {
    const due = i.penalty_minor - i.penalty_collected_minor;
    if (due === 0n) continue;
    const route = penaltyRoute(state, i);
    const asset = route === undefined ? '' : (state.accounts.assets[route.from] as string);
    const to = route && resolveAccount(env, route.owner, asset, 'penalty', route.owner);
    if (route === undefined || to === undefined || !to.ok) {
      outstanding.push(i.id);
      continue;
    }
    const paid = createTransfers(
      env.ledger,
      [
        {
          id: `${i.id}/pen${i.penalty_days}`,
          debit_account_id: state.accounts.ids[route.from],
          credit_account_id: to.value.id,
          amount_minor: due,
          code: 'settlement_penalty',
        },
      ],
      env,
    );
    if (!paid.ok) {
      outstanding.push(i.id);
      continue;
    }
    assert(paid.value[0] === 'created', 'a penalty transfer id was already used');
    i.penalty_collected_minor += due;
    collected += 1;
    by_asset.set(asset, (by_asset.get(asset) ?? 0n) + due);
  }
  return accept({ collected, collected_minor_by_asset: [...by_asset], outstanding });
}

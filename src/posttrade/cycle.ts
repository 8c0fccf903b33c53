/**
 * A settlement cycle at a cut-off: for each settlement group, the gross instructions due are
 * retried one by one (model 1) and the net ones are netted and settled as one batch (model 3).
 * At the end of the day, instructions still failing accrue their penalty, and those past their
 * market's deadline are listed for buy-in.
 * @module
 */

import { accept, isIsoDate, isTimestamp, type Outcome } from '../kernel/index.js';
import { refuse } from './codes.js';
import { addSettlementDays, buyInDateAfter } from './dates.js';
import { settleGrossNow } from './gross.js';
import { finish } from './legs.js';
import { type NetPlan, prepareGroup } from './net_plan.js';
import type { NetRun } from './net_run.js';
import { settleNet } from './net_settle.js';
import { accruePenalties } from './penalties.js';
import { type CycleReport, storeReport } from './reports.js';
import { checkSettlementDay, isGroupSettlementDay, streamsOpenOn } from './settlement_days.js';
import { isFinal, type PosttradeEnv, type PosttradeState } from './state.js';
import type { Instruction } from './types.js';

/** `posttrade.run_cycle`. */
export interface RunCycleInput {
  /** Unique forever: settlement transfer ids derive from it. */
  readonly cycle_id: string;
  readonly settlement_date: string;
  /** Instructions captured at or before this time take part; default: now. */
  readonly cutoff_us?: number | undefined;
  /** The settlement groups to run (`CSDC`, `HKSCC`, `BILATERAL`); default: all. */
  readonly groups?: readonly string[] | undefined;
  /** The day's last cycle: accrue penalties and list buy-ins due. */
  readonly end_of_day?: boolean | undefined;
}

/** What a cycle did. */
export interface CycleResult {
  readonly reports: CycleReport[];
  readonly penalties_accrued: number;
  /** Failed deliveries whose buy-in date has come (end of day only). */
  readonly buy_ins_due: string[];
  /** Instructions closed as final fails: their re-settlement window ended (end of day only). */
  readonly final_fails: string[];
}

const CYCLE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,23}$/;

/** Runs a settlement cycle. Refused (nothing changes) if any group cannot run. */
export function runCycle(
  state: PosttradeState,
  env: PosttradeEnv,
  input: RunCycleInput,
): Outcome<CycleResult> {
  const problem = checkCycle(state, input);
  if (problem !== undefined) return problem;
  const groups = input.groups ?? openGroupsOn(state, input.settlement_date);
  const unknown = groups.find((g) => !knownGroup(state, g));
  if (unknown !== undefined) {
    return refuse('UNKNOWN_GROUP', `No settlement group ${unknown}`, { group: unknown });
  }
  const closed = checkSettlementDay(state.config, groups, input.settlement_date);
  if (closed !== undefined) return closed;
  const repeated = groups.find((g, index) => groups.indexOf(g) !== index);
  if (repeated !== undefined) {
    // Each group's batch id derives from the cycle and the group: a group runs once per cycle.
    return refuse('CYCLE_GROUP_REPEATED', `Group ${repeated} is named twice in one cycle`, {
      group: repeated,
    });
  }
  const cutoff_us = input.cutoff_us ?? env.timestamp_us;
  const streams = streamsOpenOn(state.config, input.settlement_date);
  const plans: Array<[string, NetPlan]> = [];
  for (const group of groups) {
    const plan = prepareGroup(state, env, group, input.settlement_date, cutoff_us, streams);
    if (!plan.ok) return plan;
    plans.push([group, plan.value]);
  }
  state.cycle_ids.add(input.cycle_id);
  state.last_cycle_date = input.settlement_date;
  const reports = plans.map(([group, plan]) => runGroup(state, env, input, group, plan, cutoff_us));
  const runs = new Map(plans.map(([group, plan]) => [group, plan.run]));
  let penalties_accrued = 0;
  const buy_ins_due: string[] = [];
  const final_fails: string[] = [];
  for (const group of groups) {
    if (input.end_of_day === true) {
      penalties_accrued += accruePenalties(state, env, group, input.settlement_date, streams);
      buy_ins_due.push(...buyInsDue(state, group, input.settlement_date));
      final_fails.push(...closeFinalFails(state, env, group, input.settlement_date));
    }
    compactOpen(state, group, runs.get(group));
  }
  return accept({ reports, penalties_accrued, buy_ins_due, final_fails });
}

function checkCycle(state: PosttradeState, input: RunCycleInput) {
  if (!CYCLE_ID_PATTERN.test(input.cycle_id)) {
    return refuse('CYCLE_ID_INVALID', 'A cycle id is 1–24 letters, digits or ._:-', {
      cycle_id: input.cycle_id,
    });
  }
  if (state.cycle_ids.has(input.cycle_id)) {
    return refuse('CYCLE_EXISTS', `Cycle ${input.cycle_id} has already run`, {
      cycle_id: input.cycle_id,
    });
  }
  if (!isIsoDate(input.settlement_date)) {
    return refuse('CYCLE_DATE_INVALID', 'The settlement date is written YYYY-MM-DD', {
      settlement_date: input.settlement_date,
    });
  }
  if (input.cutoff_us !== undefined && !isTimestamp(input.cutoff_us)) {
    return refuse('CYCLE_DATE_INVALID', 'The cut-off is a timestamp in microseconds', {
      cutoff_us: input.cutoff_us,
    });
  }
  if (input.settlement_date < state.last_cycle_date) {
    return refuse('CYCLE_DATE_BEFORE_LAST', 'Cycles run in date order', {
      settlement_date: input.settlement_date,
      last_cycle_date: state.last_cycle_date,
    });
  }
  return undefined;
}

/**
 * The default groups of a cycle: every group with open instructions that settles on `date`; all
 * of them (so the refusal names one) when none does.
 */
function openGroupsOn(state: PosttradeState, date: string): string[] {
  const open = [...state.open.keys()].sort();
  const settling = open.filter((group) => isGroupSettlementDay(state.config, group, date));
  return settling.length > 0 ? settling : open;
}

/** A group is known while it has open instructions, or when it is a configured CCP or BILATERAL. */
function knownGroup(state: PosttradeState, group: string): boolean {
  if (state.open.has(group) || group === 'BILATERAL') return true;
  return Object.values(state.config.ccp_by_market).includes(group);
}

function runGroup(
  state: PosttradeState,
  env: PosttradeEnv,
  input: RunCycleInput,
  group: string,
  plan: NetPlan,
  cutoff_us: number,
): CycleReport {
  const gross = settleGrossNow(state, env, plan.gross, input.settlement_date);
  const net = settleNet(state, env, plan, `${input.cycle_id}/${group}/`);
  const report: CycleReport = {
    cycle_id: input.cycle_id,
    group,
    settlement_date: input.settlement_date,
    cutoff_us,
    timestamp_us: env.timestamp_us,
    batch: net.batch,
    attempts: net.attempts,
    gross_settled: gross.settled,
    gross_failed: gross.failed,
    net_settled: net.settled,
    net_partial: net.partial,
    net_failed: net.failed,
    positions: net.positions,
    fx: net.fx,
    participants: [...net.tallies.values()],
  };
  storeReport(state, report);
  env.events.emit({
    type: 'cycle_completed',
    cycle_id: input.cycle_id,
    group,
    settlement_date: input.settlement_date,
    settled: gross.settled + net.settled,
    failed: gross.failed + net.failed + net.partial,
    positions: net.positions.length,
  });
  return report;
}

/**
 * An instruction's buy-in date: the one captured, or, where the calendar did not reach it at
 * capture, computed now (`SETTLEMENT_DATE_UNAVAILABLE` while the calendar still does not).
 */
export function buyInDateOf(state: PosttradeState, i: Instruction): Outcome<string> {
  if (i.buy_in_date !== '') return accept(i.buy_in_date);
  return buyInDateAfter(state.config.streams[i.stream], i.securities_date);
}

/** Failed deliveries of a group whose buy-in date is on or before `date`. */
export function buyInsDue(state: PosttradeState, group: string, date: string): string[] {
  const due: string[] = [];
  for (const i of state.open.get(group) ?? []) {
    if (!isBuyInCandidate(state, i)) continue;
    const buy_in = buyInDateOf(state, i);
    if (buy_in.ok && buy_in.value <= date) due.push(i.id);
  }
  return due;
}

/**
 * Closes the group's failed instructions whose re-settlement window ends on or before `date`
 * (streams with `resettle_days`; none has settled a part, as their streams settle whole).
 */
function closeFinalFails(
  state: PosttradeState,
  env: PosttradeEnv,
  group: string,
  date: string,
): string[] {
  const closed: string[] = [];
  for (const i of state.open.get(group) ?? []) {
    const rules = state.config.streams[i.stream];
    if (i.status !== 'failed' || rules.resettle_days === undefined || i.parts > 0) continue;
    const last = addSettlementDays(rules.calendar, i.securities_date, rules.resettle_days);
    if (!last.ok || last.value > date) continue;
    finish(state, env, i, 'cancelled', 'final_fail');
    closed.push(i.id);
  }
  return closed;
}

/** A failed delivery by a party other than the CCP, in a stream with buy-ins. */
export function isBuyInCandidate(state: PosttradeState, i: Instruction): boolean {
  return (
    i.status === 'failed' &&
    state.config.streams[i.stream].buy_in_deadline_days >= 0 &&
    i.fx === 'none' &&
    i.failing_party === i.deliverer &&
    i.deliverer !== i.group &&
    (i.fail_reason === 'short_securities' || i.fail_reason === 'account_frozen')
  );
}

/**
 * Drops final instructions from a group's open list, keeping capture order. A netting run over
 * the list knows which of its instructions it settled, so those are dropped without reading
 * them (millions of cold records; `run` must have been prepared from this same list).
 */
export function compactOpen(state: PosttradeState, group: string, run?: NetRun): void {
  const list = state.open.get(group);
  if (list === undefined) return;
  const over_list = run !== undefined && run.source === list ? run : undefined;
  let kept = 0;
  let k = 0;
  for (let row = 0; row < list.length; row += 1) {
    const instruction = list[row] as Instruction;
    if (over_list !== undefined && k < over_list.length && over_list.rowAt(k) === row) {
      k += 1;
      if (over_list.isFinal(k - 1)) continue;
    }
    if (!isFinal(instruction)) list[kept++] = instruction;
  }
  list.length = kept;
  if (kept === 0) state.open.delete(group);
}

/**
 * The settlement pipeline as the API shows it: instructions per status and the instructions
 * themselves, scoped like everything else (a participant sees the instructions where it, or one of
 * its clients, delivers or receives). Read from the hub's posttrade state.
 * @module
 */

import type { HubState } from '../../hub/index.js';
import type { Instruction } from '../../posttrade/index.js';
import { INSTRUCTION_STATUSES } from '../../posttrade/index.js';
import type { SettlementReader, SettlementSummary, SettlementView } from './readers.js';
import type { Viewer } from './scope.js';

function visible(instruction: Instruction, viewer: Viewer): boolean {
  if (viewer.operator) return true;
  return (
    viewer.actsFor(instruction.deliverer) ||
    viewer.actsFor(instruction.receiver) ||
    instruction.deliverer_participant === viewer.participant ||
    instruction.receiver_participant === viewer.participant
  );
}

function viewOf(instruction: Instruction): SettlementView {
  return {
    id: instruction.id,
    status: instruction.status,
    instrument: instruction.isin,
    parties: [instruction.deliverer, instruction.receiver],
    settlement_date: instruction.securities_date,
    detail: {
      trade_id: instruction.trade_id,
      group: instruction.group,
      model: instruction.model,
      stream: instruction.stream,
      deliverer: instruction.deliverer,
      receiver: instruction.receiver,
      quantity_units: instruction.quantity_units,
      cash_minor: instruction.cash_minor,
      cash_asset: instruction.cash_asset,
      cash_date: instruction.cash_date,
      settled_quantity_units: instruction.settled_quantity_units,
      remaining_quantity_units: instruction.remaining_quantity_units,
      fail_reason: instruction.fail_reason,
      fail_count: instruction.fail_count,
      penalty_minor: instruction.penalty_minor,
      closure: instruction.closure,
    },
  };
}

export const POSTTRADE_SETTLEMENT_READER: SettlementReader = {
  counts(state: HubState, viewer: Viewer) {
    const counts: Record<string, number> = Object.fromEntries(
      INSTRUCTION_STATUSES.map((s) => [s, 0]),
    );
    for (const instruction of state.posttrade.instructions.values()) {
      if (visible(instruction, viewer))
        counts[instruction.status] = (counts[instruction.status] ?? 0) + 1;
    }
    return counts;
  },
  summary(state: HubState, viewer: Viewer): SettlementSummary {
    const by_participant: Record<string, Record<string, number>> = {};
    const fail_reasons: Record<string, number> = {};
    const add = (participant: string, status: string) => {
      if (!viewer.operator && participant !== viewer.participant) return;
      let row = by_participant[participant];
      if (row === undefined) {
        row = Object.fromEntries(INSTRUCTION_STATUSES.map((s) => [s, 0]));
        by_participant[participant] = row;
      }
      row[status] = (row[status] ?? 0) + 1;
    };
    for (const instruction of state.posttrade.instructions.values()) {
      if (!visible(instruction, viewer)) continue;
      add(instruction.deliverer_participant, instruction.status);
      if (instruction.receiver_participant !== instruction.deliverer_participant)
        add(instruction.receiver_participant, instruction.status);
      if (instruction.status === 'failed') {
        const reason = instruction.fail_reason || 'unspecified';
        fail_reasons[reason] = (fail_reasons[reason] ?? 0) + 1;
      }
    }
    return { by_participant, fail_reasons };
  },
  instructions(state: HubState, viewer: Viewer, filter: { status?: string; limit: number }) {
    const views: SettlementView[] = [];
    const all = [...state.posttrade.instructions.values()];
    // Newest first: the pipeline shows what just happened.
    for (let i = all.length - 1; i >= 0 && views.length < filter.limit; i -= 1) {
      const instruction = all[i] as Instruction;
      if (filter.status !== undefined && instruction.status !== filter.status) continue;
      if (visible(instruction, viewer)) views.push(viewOf(instruction));
    }
    return views;
  },
};

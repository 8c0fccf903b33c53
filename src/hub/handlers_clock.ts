/**
 * The operator's hand on hub time: `hub.advance_time` moves hub time forward to a given moment,
 * walking every timed change on the way (sessions, auctions, the Connect day, settlement cycles)
 * exactly as a gap between two commands would. Journaled like any command, so replay arrives at
 * the same moment and the same digest. Never backwards; at most 31 days at once.
 * @module
 */

import { reject } from '../kernel/rejection.js';
import { ADVANCE_TIME_MAX_US, type AdvanceTime } from '../protocol/index.js';
import type { CommandContext } from './context.js';
import type { HubState } from './state.js';
import { letTimePass } from './time.js';

function advanceTime(state: HubState, command: AdvanceTime, context: CommandContext) {
  if (!context.actor.operator) {
    return reject('NOT_AUTHORIZED', 'Only an operator may move hub time', {
      participant: context.actor.participant,
    });
  }
  if (command.to_us < state.now_us) {
    return reject('TIME_BACKWARDS', 'Hub time is already past that moment; it never goes back', {
      to_us: command.to_us,
      now_us: state.now_us,
    });
  }
  if (command.to_us - state.now_us > ADVANCE_TIME_MAX_US) {
    return reject('TIME_ADVANCE_TOO_FAR', 'Hub time moves at most 31 days in one command', {
      to_us: command.to_us,
      now_us: state.now_us,
      max_us: ADVANCE_TIME_MAX_US,
    });
  }
  // As for any command's timestamp: the hub's clock first, then everything due up to it.
  state.now_us = command.to_us;
  letTimePass(state, command.to_us, context);
  return undefined;
}

export const CLOCK_HANDLERS = {
  'hub.advance_time': advanceTime,
} as const;

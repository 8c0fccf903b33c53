/**
 * The projection bench's input: the order workload's results from a real hub (demo genesis, the
 * sellers' allotment, then `count` orders, every second one filling the one before it), grouped
 * as group commit hands them to a reader.
 * @module
 */

import type { CommandResult, Envelope } from '../../hub/index.js';
import { TestHub } from '../../hub/testing.js';
import { timestampAt } from '../../kernel/time.js';
import type { ProjectionBatch } from '../../projection/index.js';
import { DEMO_START_US, genesisSubmissions } from '../../sim/genesis.js';
import { GROUP_ORDERS } from '../orders/journaled.js';
import { allotments, buildOrders } from '../orders/workload.js';

export interface OrderResults {
  /** The set-up (genesis, allotment, opening tick), one batch. */
  readonly setup: ProjectionBatch;
  /** The orders, GROUP_ORDERS results a batch. */
  readonly batches: ProjectionBatch[];
  /** Hub events in the order batches (what the reader consumes, bbo included). */
  readonly events: number;
}

/** A hub ready for the orders; `orders()` then yields their results a group at a time. */
export function orderHub(count: number) {
  const t = new TestHub(DEMO_START_US);
  const take = (participant: string, command: Parameters<TestHub['submit']>[1]) => {
    const result = t.submit(participant, command);
    return [t.envelopes[t.envelopes.length - 1] as Envelope, result] as const;
  };
  const setup: Array<readonly [Envelope, CommandResult]> = [];
  for (const s of genesisSubmissions()) setup.push(take(s.participant, s.command));
  setup.push(take('operator', allotments(t.hub, count)));
  t.now_us = timestampAt('2026-01-05', '10:00');
  setup.push(take('operator', { type: 'hub.tick' }));
  const orders = buildOrders(count);
  let next = 0;
  return {
    setup: setup as ProjectionBatch,
    /** The next group's results; empty when every order is in. */
    nextGroup(): Array<readonly [Envelope, CommandResult]> {
      const group: Array<readonly [Envelope, CommandResult]> = [];
      for (; next < orders.length && group.length < GROUP_ORDERS; next += 1) {
        const [participant, command] = orders[next] as (typeof orders)[number];
        group.push(take(participant, command));
      }
      return group;
    },
  };
}

export function orderResults(count: number): OrderResults {
  const hub = orderHub(count);
  const batches: ProjectionBatch[] = [];
  let events = 0;
  for (let group = hub.nextGroup(); group.length > 0; group = hub.nextGroup()) {
    batches.push(group);
    for (const [, result] of group) events += result.events.length;
  }
  return { setup: hub.setup, batches, events };
}

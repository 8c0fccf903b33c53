/**
 * Test harness for the demo's desks: a hub from the demo's genesis, then one step a minute of hub
 * time over a span, each step sending what the desk returns (a tick when it has nothing), with
 * every event kept with its hub time and every refusal as `participant:type:code`.
 * @module
 */

import { Hub, type HubEvent, type HubState } from '../../hub/index.js';
import { DEMO_START_US, genesisSubmissions, type Submission } from '../genesis.js';

export interface DeskRun {
  readonly events: Array<{ event: HubEvent; timestamp_us: number }>;
  readonly rejected: string[];
  readonly hub: Hub;
}

const MINUTE_US = 60_000_000;

export function runDeskMinutes(
  from_us: number,
  to_us: number,
  step: (state: HubState, now_us: number) => readonly Submission[],
  after_step?: (hub: Hub, now_us: number) => void,
): DeskRun {
  const hub = new Hub();
  const events: DeskRun['events'] = [];
  const rejected: string[] = [];
  const apply = (participant: string, command: unknown, timestamp_us: number) => {
    const result = hub.apply({
      seq: hub.seq + 1,
      timestamp_us: Math.max(timestamp_us, hub.now_us),
      participant,
      idempotency_key: null,
      command: command as never,
    });
    if (result.status === 'rejected') {
      const type = (command as { type: string }).type;
      rejected.push(`${participant}:${type}:${result.rejection?.code}`);
    }
    for (const event of result.events) events.push({ event, timestamp_us: hub.now_us });
  };
  for (const s of genesisSubmissions()) apply(s.participant, s.command, DEMO_START_US);
  for (let now = from_us; now <= to_us; now += MINUTE_US) {
    const steps = step(hub.state, now);
    if (steps.length === 0) apply('operator', { type: 'hub.tick' }, now);
    for (const s of steps) apply(s.participant, s.command, now);
    after_step?.(hub, now);
  }
  return { events, rejected, hub };
}

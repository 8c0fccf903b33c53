/**
 * Where hub time comes from. The sequencer reads a clock; the hub never does.
 * @module
 */

export interface Clock {
  /** Microseconds since the Unix epoch. */
  now_us(): number;
}

/** The machine's clock, for the server. */
export const SYSTEM_CLOCK: Clock = {
  now_us: () => Date.now() * 1_000,
};

/** A clock that moves only when told to: for simulations, tests and replays of a scenario. */
export class ManualClock implements Clock {
  constructor(private current_us: number) {}

  now_us(): number {
    return this.current_us;
  }

  set(timestamp_us: number): void {
    this.current_us = timestamp_us;
  }

  advance(delta_us: number): void {
    this.current_us += delta_us;
  }
}

/**
 * A clock that reads another one, set later: a node opened before the server that will choose its
 * clock (a cluster node replays the stream as a standby, then serves as the leader).
 */
export class ForwardingClock implements Clock {
  constructor(private target: Clock) {}

  forwardTo(target: Clock): void {
    this.target = target;
  }

  now_us(): number {
    return this.target.now_us();
  }
}

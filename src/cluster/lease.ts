/**
 * Leadership: a lease in a replicated JetStream KV bucket whose revision is the leader's epoch.
 *
 * Taking the lease is compare-and-set: `create` when the key is absent, `update(key, value,
 * revision)` when the holder has not renewed it for `ttl_ms` as observed by the taker's own
 * monotonic clock (so expiry does not depend on synchronised clocks, nor on the bucket TTL alone:
 * nats-server#3653 reports KV TTL misbehaving on R3 in 2.9.7; the bucket TTL is only a
 * backstop). The revision written when the lease is taken is the epoch; renewals write newer
 * revisions but keep the epoch. Any later taker's revision is higher than every renewal, so
 * epochs only grow.
 *
 * The holder renews every `ttl_ms / 5` and holds the lease for `ttl_ms × 3/4` after the start of
 * its last successful renewal; a refused renewal (someone else wrote the key) loses it at once.
 *
 * **Riding out a NATS election.** When the NATS node leading the KV bucket dies, the bucket
 * answers nothing for several seconds (7.1 s measured on this machine, docs/cluster.md §8). A
 * lease shorter than that would fence a healthy leader and fail over for nothing. So while every
 * renewal fails because the bucket cannot answer (a timeout, no responders: not a refusal), the
 * holder keeps the lease for at most `ride_out_ms`, as long as its latest failed attempt is fresh
 * (it is still trying; a process paused by SIGSTOP or a long GC is not). Standbys, in turn, count
 * only time during which they could read the bucket: an outage restarts their wait, so after it
 * the holder renews (within ttl/5) long before any standby has watched a full TTL. This is safe
 * because the lease gives liveness only: safety comes from the epoch carried in every journal
 * batch and the acknowledged positions (docs/cluster.md §2). A holder cut off from NATS cannot
 * publish either; a standby that can read the bucket takes over after the TTL, and the deposed
 * holder's next renewal or publish is refused.
 * @module
 */

import { performance } from 'node:perf_hooks';
import { jetstream } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { assert } from '../kernel/index.js';

export interface LeaseConfig {
  readonly bucket: string;
  readonly key: string;
  readonly ttl_ms: number;
  readonly replicas: number;
  /** The longest a holder keeps the lease while the bucket cannot answer (default 30 s). */
  readonly ride_out_ms?: number;
}

export const DEFAULT_LEASE_CONFIG: LeaseConfig = {
  bucket: 'LEASE',
  key: 'leader',
  ttl_ms: 2_000,
  replicas: 3,
};

const DEFAULT_RIDE_OUT_MS = 30_000;
/** The bucket's own TTL, a backstop only: far above any election the holder rides out. */
const BUCKET_TTL_MIN_MS = 120_000;

export type MonotonicClock = () => number;
const MONOTONIC: MonotonicClock = () => performance.now();
/** nats-server's wrong-last-sequence API error: the key's revision moved. */
const WRONG_LAST_SEQUENCE_CODE = 10071;

export async function openLeaseBucket(
  connection: NatsConnection,
  config: LeaseConfig = DEFAULT_LEASE_CONFIG,
): Promise<KV> {
  assert(config.ttl_ms >= 100, 'a lease lasts at least 100 ms');
  await new Kvm(connection).create(config.bucket, {
    replicas: config.replicas,
    history: 1,
    ttl: Math.max(config.ttl_ms * 4, BUCKET_TTL_MIN_MS, (config.ride_out_ms ?? 0) * 2),
  });
  // Lease requests time out well inside the TTL, so a holder learns within ttl/4 that the bucket
  // cannot answer, and its evidence of trying stays fresh (see the module comment).
  const requests = jetstream(connection, { timeout: Math.max(50, Math.floor(config.ttl_ms / 4)) });
  return new Kvm(requests).open(config.bucket);
}

/** What the lease key holds: who leads, and where its API answers (for standbys' redirects). */
export interface LeaseValue {
  readonly holder: string;
  /** The leader's advertised HTTP base URL, when it gave one. */
  readonly url?: string;
}

function encodeLeaseValue(value: LeaseValue): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

/** The lease value read back; null for a value that is not one (written by something else). */
function decodeLeaseValue(bytes: Uint8Array): LeaseValue | null {
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as Partial<LeaseValue>;
    if (typeof value.holder !== 'string') return null;
    return typeof value.url === 'string'
      ? { holder: value.holder, url: value.url }
      : { holder: value.holder };
  } catch {
    return null;
  }
}

/** Who holds the lease now, as the bucket says (null: nobody, or a value that is not a lease). */
export async function readLease(
  kv: KV,
  config: LeaseConfig = DEFAULT_LEASE_CONFIG,
): Promise<LeaseValue | null> {
  const entry = await kv.get(config.key);
  if (entry === null || entry.operation !== 'PUT') return null;
  return decodeLeaseValue(entry.value);
}

/** A standby's view of the lease: who holds it, and since when its revision has not moved. */
export class LeaseObserver {
  /** 0 when the key is absent (never taken, deleted, or expired by the bucket TTL). */
  private revision = -1;
  private seen_at_ms = 0;
  /** The value of the last lease read that held one: the current (or last known) leader. */
  seen: LeaseValue | null = null;

  constructor(
    private readonly kv: KV,
    private readonly config: LeaseConfig,
    private readonly now_ms: MonotonicClock = MONOTONIC,
  ) {}

  /**
   * Reads the lease; true when it is free to take (absent, or not renewed for ttl_ms of time
   * during which this observer could read it). A failed read is not free, and restarts the wait.
   */
  async poll(): Promise<boolean> {
    let entry: Awaited<ReturnType<KV['get']>>;
    try {
      entry = await this.kv.get(this.config.key);
    } catch {
      this.revision = -1;
      return false;
    }
    const revision = entry === null || entry.operation !== 'PUT' ? 0 : entry.revision;
    if (entry !== null && revision > 0) this.seen = decodeLeaseValue(entry.value);
    if (revision !== this.revision) {
      this.revision = revision;
      this.seen_at_ms = this.now_ms();
    }
    return revision === 0 || this.now_ms() - this.seen_at_ms >= this.config.ttl_ms;
  }

  /** Tries to take the lease seen free by `poll`; the holder, or null when someone was faster. */
  async take(holder: string, url?: string): Promise<LeaseHolder | null> {
    const started_ms = this.now_ms();
    const value: LeaseValue = url === undefined ? { holder } : { holder, url };
    let epoch: number;
    try {
      epoch =
        this.revision <= 0
          ? await this.kv.create(this.config.key, encodeLeaseValue(value))
          : await this.kv.update(this.config.key, encodeLeaseValue(value), this.revision);
    } catch {
      this.revision = -1;
      return null;
    }
    assert(epoch > 0, 'a lease revision is positive');
    return new LeaseHolder(this.kv, this.config, value, epoch, started_ms, this.now_ms);
  }
}

export type LeaseLossReason = 'LEASE_LOST' | 'LEASE_EXPIRED';

/** The leader's lease: renews itself; tells once when it is lost. */
export class LeaseHolder {
  private revision: number;
  private renewed_from_ms: number;
  private timer: NodeJS.Timeout | null = null;
  private renewing = false;
  private lost: LeaseLossReason | null = null;
  /** When renewals started to fail because the bucket could not answer; null while they succeed. */
  private unreachable_since_ms: number | null = null;
  /** When the latest of those failed attempts ended. */
  private unreachable_seen_ms = 0;
  /** For operators and tests: how often, and for how long at most, the bucket could not answer. */
  readonly stats = { renewals_unanswered: 0, longest_ride_out_ms: 0 };
  private on_lost: ((reason: LeaseLossReason) => void) | null = null;

  constructor(
    private readonly kv: KV,
    private readonly config: LeaseConfig,
    /** Who holds the lease and where it answers: written again at every renewal. */
    readonly value: LeaseValue,
    /** The revision that took the lease. */
    readonly epoch: number,
    taken_from_ms: number,
    private readonly now_ms: MonotonicClock = MONOTONIC,
  ) {
    this.revision = epoch;
    this.renewed_from_ms = taken_from_ms;
  }

  /**
   * True while the lease is held: renewed within ttl_ms × 3/4, or riding out a bucket that cannot
   * answer (fresh evidence of trying, for at most ride_out_ms); never lost.
   */
  held(): boolean {
    if (this.lost !== null) return false;
    const now_ms = this.now_ms();
    if (now_ms - this.renewed_from_ms < (this.config.ttl_ms * 3) / 4) return true;
    if (this.ridingOut(now_ms)) return true;
    this.lose('LEASE_EXPIRED');
    return false;
  }

  /** Whether the bucket has been unreachable recently and not for too long. */
  private ridingOut(now_ms: number): boolean {
    if (this.unreachable_since_ms === null) return false;
    const fresh = now_ms - this.unreachable_seen_ms < this.config.ttl_ms;
    const bounded =
      now_ms - this.unreachable_since_ms < (this.config.ride_out_ms ?? DEFAULT_RIDE_OUT_MS);
    return fresh && bounded;
  }

  /** Calls `on_lost` once when the lease is lost (at once if it already is). */
  onLost(on_lost: (reason: LeaseLossReason) => void): void {
    this.on_lost = on_lost;
    if (this.lost !== null) on_lost(this.lost);
  }

  /** Starts renewing every ttl_ms / 5 (again: no effect). */
  startRenewing(): void {
    if (this.timer !== null || this.lost !== null) return;
    this.timer = setInterval(() => void this.renew(), Math.max(20, this.config.ttl_ms / 5));
    this.timer.unref();
  }

  async renew(): Promise<boolean> {
    if (!this.held()) return false;
    if (this.renewing) return true;
    this.renewing = true;
    const started_ms = this.now_ms();
    try {
      this.revision = await this.kv.update(
        this.config.key,
        encodeLeaseValue(this.value),
        this.revision,
      );
      this.renewed_from_ms = started_ms;
      if (this.unreachable_since_ms !== null) {
        const ridden_ms = started_ms - this.unreachable_since_ms;
        this.stats.longest_ride_out_ms = Math.max(this.stats.longest_ride_out_ms, ridden_ms);
      }
      this.unreachable_since_ms = null;
      return this.held();
    } catch (error) {
      // A compare-and-set refused: someone else wrote the key. Anything else (a timeout during a
      // NATS election) is evidence the bucket cannot answer: retried at the next tick, ridden out.
      if ((error as { code?: number }).code === WRONG_LAST_SEQUENCE_CODE) {
        this.lose('LEASE_LOST');
        return false;
      }
      this.stats.renewals_unanswered += 1;
      this.unreachable_since_ms ??= started_ms;
      this.unreachable_seen_ms = this.now_ms();
      return this.held();
    } finally {
      this.renewing = false;
    }
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private lose(reason: LeaseLossReason): void {
    if (this.lost !== null) return;
    this.lost = reason;
    this.stop();
    this.on_lost?.(reason);
  }
}

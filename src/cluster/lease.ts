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
 * its last successful renewal; after that, or on a failed renewal, it has lost the lease. The lease
 * gives liveness only: safety comes from the epoch carried in every journal batch.
 * @module
 */

import { performance } from 'node:perf_hooks';
import { type KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { assert } from '../kernel/index.js';

export interface LeaseConfig {
  readonly bucket: string;
  readonly key: string;
  readonly ttl_ms: number;
  readonly replicas: number;
}

export const DEFAULT_LEASE_CONFIG: LeaseConfig = {
  bucket: 'LEASE',
  key: 'leader',
  ttl_ms: 10_000,
  replicas: 3,
};

export type MonotonicClock = () => number;
const MONOTONIC: MonotonicClock = () => performance.now();
/** nats-server's wrong-last-sequence API error: the key's revision moved. */
const WRONG_LAST_SEQUENCE_CODE = 10071;

export async function openLeaseBucket(
  connection: NatsConnection,
  config: LeaseConfig = DEFAULT_LEASE_CONFIG,
): Promise<KV> {
  assert(config.ttl_ms >= 100, 'a lease lasts at least 100 ms');
  return new Kvm(connection).create(config.bucket, {
    replicas: config.replicas,
    history: 1,
    ttl: config.ttl_ms * 4,
  });
}

function leaseValue(holder: string): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ holder }));
}

/** A standby's view of the lease: who holds it, and since when its revision has not moved. */
export class LeaseObserver {
  /** 0 when the key is absent (never taken, deleted, or expired by the bucket TTL). */
  private revision = -1;
  private seen_at_ms = 0;

  constructor(
    private readonly kv: KV,
    private readonly config: LeaseConfig,
    private readonly now_ms: MonotonicClock = MONOTONIC,
  ) {}

  /** Reads the lease; true when it is free to take (absent, or not renewed for ttl_ms). */
  async poll(): Promise<boolean> {
    const entry = await this.kv.get(this.config.key);
    const revision = entry === null || entry.operation !== 'PUT' ? 0 : entry.revision;
    if (revision !== this.revision) {
      this.revision = revision;
      this.seen_at_ms = this.now_ms();
    }
    return revision === 0 || this.now_ms() - this.seen_at_ms >= this.config.ttl_ms;
  }

  /** Tries to take the lease seen free by `poll`; the holder, or null when someone was faster. */
  async take(holder: string): Promise<LeaseHolder | null> {
    const started_ms = this.now_ms();
    let epoch: number;
    try {
      epoch =
        this.revision <= 0
          ? await this.kv.create(this.config.key, leaseValue(holder))
          : await this.kv.update(this.config.key, leaseValue(holder), this.revision);
    } catch {
      this.revision = -1;
      return null;
    }
    assert(epoch > 0, 'a lease revision is positive');
    return new LeaseHolder(this.kv, this.config, holder, epoch, started_ms, this.now_ms);
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
  private on_lost: ((reason: LeaseLossReason) => void) | null = null;

  constructor(
    private readonly kv: KV,
    private readonly config: LeaseConfig,
    readonly holder: string,
    /** The revision that took the lease. */
    readonly epoch: number,
    taken_from_ms: number,
    private readonly now_ms: MonotonicClock = MONOTONIC,
  ) {
    this.revision = epoch;
    this.renewed_from_ms = taken_from_ms;
  }

  /** True while the lease is certainly held (renewed within ttl_ms × 3/4, never lost). */
  held(): boolean {
    if (this.lost !== null) return false;
    if (this.now_ms() - this.renewed_from_ms < (this.config.ttl_ms * 3) / 4) return true;
    this.lose('LEASE_EXPIRED');
    return false;
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
      this.revision = await this.kv.update(this.config.key, leaseValue(this.holder), this.revision);
      this.renewed_from_ms = started_ms;
      return this.held();
    } catch (error) {
      // A compare-and-set refused: someone else wrote the key. Anything else (a timeout during a
      // NATS election) is retried at the next tick until the lease runs out.
      if ((error as { code?: number }).code === WRONG_LAST_SEQUENCE_CODE) this.lose('LEASE_LOST');
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

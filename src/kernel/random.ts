/**
 * Seeded pseudo-random numbers for simulations, workloads and property tests.
 *
 * The core never draws random numbers itself: seeds come in on commands or test harnesses.
 * `Mulberry32` is the generator named by the order-book benchmark workload v1
 * (../shared/reference/matching-anchors.md §3.1), so it is reproduced bit for bit here.
 * @module
 */

import { assert } from './assert.js';

export class Mulberry32 {
  private state: number;

  constructor(seed: number) {
    assert(Number.isInteger(seed), 'seed must be an integer');
    this.state = seed >>> 0;
  }

  /** A float in [0, 1) with 32 bits of randomness. */
  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [low, high], both ends included. */
  int(low: number, high: number): number {
    assert(Number.isInteger(low) && Number.isInteger(high) && low <= high, 'bad int range');
    return low + Math.floor(this.uniform() * (high - low + 1));
  }

  /** True with the given probability. */
  chance(probability: number): boolean {
    return this.uniform() < probability;
  }

  pick<T>(items: readonly T[]): T {
    assert(items.length > 0, 'cannot pick from an empty list');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** A seed for a sub-component, so each part of a simulation has its own stream. */
  fork(): Mulberry32 {
    return new Mulberry32(this.int(0, 0xffffffff));
  }
}

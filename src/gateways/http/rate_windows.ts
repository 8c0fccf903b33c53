/**
 * The rate limiter's counters, one fixed window per key, as @fastify/rate-limit's own LocalStore
 * keeps them (a window starts at a key's first request and lasts `window_ms`; at most
 * `KEYS_KEPT` keys, the least recently seen forgotten first), handed to the plugin as its store
 * so the lean order door (order_door.ts) counts a key's requests in the same window as every
 * Fastify route does: one limit per key, whichever door a request comes through. Also the 429
 * both doors answer.
 * @module
 */

import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { ApiError } from './errors.js';

/** The order door's view of the limiter (order_door.ts). */
export interface DoorRateLimit {
  readonly windows: RateWindows;
  readonly max: number;
  readonly window_ms: number;
  /** The 429 the Fastify routes answer (`rateLimited`). */
  readonly exceeded: (context: { max: number; ttl: number; after: string }) => ApiError;
}

/** What a count answers, as the plugin's stores do: requests in the window, ms until it ends. */
export interface WindowCount {
  current: number;
  ttl: number;
  /** When the window started (wall clock, ms). */
  iterationStartMs: number;
}

type Answer = (error: Error | null, count: { current: number; ttl: number }) => void;

/** As LocalStore's default cache size. */
const KEYS_KEPT = 5_000;

export class RateWindows {
  private readonly windows = new Map<string, WindowCount>();

  /**
   * Counts one request for `key` now and answers the window's count. Synchronous: the lean door
   * calls it directly; the plugin through `incr`.
   */
  count(key: string, window_ms: number): WindowCount {
    const now_ms = Date.now();
    let window = this.windows.get(key);
    if (window === undefined) {
      window = { current: 1, ttl: window_ms, iterationStartMs: now_ms };
    } else {
      this.windows.delete(key); // re-inserted below: the most recently seen
      if (window.iterationStartMs + window_ms <= now_ms) {
        window.current = 1;
        window.ttl = window_ms;
        window.iterationStartMs = now_ms;
      } else {
        window.current += 1;
        window.ttl = window_ms - (now_ms - window.iterationStartMs);
      }
    }
    this.windows.set(key, window);
    if (this.windows.size > KEYS_KEPT) {
      const oldest = this.windows.keys().next().value;
      if (oldest !== undefined) this.windows.delete(oldest);
    }
    return window;
  }

  /** The plugin's store interface. */
  incr(key: string, answer: Answer, window_ms: number): void {
    answer(null, this.count(key, window_ms));
  }

  /** The plugin's store interface: the count without counting. */
  read(key: string, answer: Answer, window_ms: number): void {
    const window = this.windows.get(key);
    const now_ms = Date.now();
    if (window === undefined || window.iterationStartMs + window_ms <= now_ms) {
      answer(null, { current: 0, ttl: 0 });
      return;
    }
    answer(null, { current: window.current, ttl: window_ms - (now_ms - window.iterationStartMs) });
  }

  /** A limiter made with other options (the unauthenticated requests' one) counts apart. */
  child(): RateWindows {
    return new RateWindows();
  }
}

/**
 * The plugin's `after` for a wait of `seconds` (@lukeed/ms `format(ms, true)`, which the plugin
 * uses): "1 second", "2 seconds", "1 minute", "0 ms".
 */
export function waitText(seconds: number): string {
  const ms = seconds * 1_000;
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 60_000) return unitText(ms / 1_000, 'second');
  if (ms < 3_600_000) return unitText(ms / 60_000, 'minute');
  if (ms < 86_400_000) return unitText(ms / 3_600_000, 'hour');
  if (ms < 31_557_600_000) return unitText(ms / 86_400_000, 'day');
  return unitText(ms / 31_557_600_000, 'year');
}

function unitText(value: number, unit: string): string {
  const n = (value | 0) === value ? value : Math.floor(value + 0.5);
  return `${n} ${unit}${n !== 1 ? 's' : ''}`;
}

/** The plugin constructs its store with `new`; a constructor that returns an object gives that. */
export function sharedStore(windows: RateWindows): FastifyRateLimitStoreCtor {
  return function SharedWindows() {
    return windows;
  } as unknown as FastifyRateLimitStoreCtor;
}

/** The rate limiter's 429, for the Fastify routes and the order door alike. */
export function rateLimited(
  window_ms: number,
  context: { max: number; ttl: number; after: string },
): ApiError {
  return new ApiError(
    429,
    'RATE_LIMITED',
    `Rate limit of ${context.max} requests per ${window_ms} ms exceeded; retry in ${context.after}`,
    { limit: context.max, window_ms, retry_after_ms: context.ttl },
  );
}

/** The door's limiter with the plugin's settings (which it truncates to whole numbers). */
export function doorRateLimit(
  limit: { readonly max: number; readonly window_ms: number },
  windows: RateWindows,
): DoorRateLimit {
  return {
    windows,
    max: Math.trunc(limit.max),
    window_ms: Math.trunc(limit.window_ms),
    exceeded: (context) => rateLimited(limit.window_ms, context),
  };
}

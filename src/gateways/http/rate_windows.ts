/**
 * The rate limiter's counters, one fixed window per key, kept by @fastify/rate-limit's own
 * LocalStore (a window starts at a key's first request and lasts the window; at most
 * `KEYS_KEPT` keys, the least recently seen forgotten first). One store is handed to the plugin
 * as its store and to the lean order door (order_door.ts), so a key's requests are counted in
 * the same window whichever door they come through. Also the 429 both doors answer.
 * @module
 */

import { createRequire } from 'node:module';
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { format } from '@lukeed/ms';
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
  readonly current: number;
  readonly ttl: number;
}

type Answer = (error: Error | null, count: WindowCount) => void;

/** LocalStore's interface, as the plugin calls it (the package ships no types for it). */
export interface RateWindows {
  incr(key: string, answer: Answer, window_ms: number, max?: number): void;
  read(key: string, answer: Answer, window_ms: number, max?: number): void;
  child(options: object): RateWindows;
}

type LocalStoreCtor = new (
  continue_exceeding: boolean,
  exponential_backoff: boolean,
  cache: number,
) => RateWindows;

// The plugin's own store, which it builds for itself when given none; not exported by the
// package's entry, so loaded by path (the package has no `exports` map to forbid it).
const LocalStore = createRequire(import.meta.url)(
  '@fastify/rate-limit/store/LocalStore.js',
) as LocalStoreCtor;

/** As LocalStore's default cache size. */
const KEYS_KEPT = 5_000;

/** A fresh store with the plugin's defaults (no continued exceeding, no backoff). */
export function rateWindows(): RateWindows {
  return new LocalStore(false, false, KEYS_KEPT);
}

/** Counts one request for `key` now; LocalStore answers synchronously. */
export function countWindow(windows: RateWindows, key: string, window_ms: number): WindowCount {
  let counted: WindowCount | null = null;
  windows.incr(
    key,
    (_error, count) => {
      counted = count;
    },
    window_ms,
  );
  if (counted === null) throw new Error('the rate limiter did not count synchronously');
  return counted;
}

/** The plugin's `after` for a wait of `seconds`: "1 second", "2 minutes", "0 ms". */
export function waitText(seconds: number): string {
  return format(seconds * 1_000, true);
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

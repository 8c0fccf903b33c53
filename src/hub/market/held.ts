/**
 * Held actions: Connect orders and cancels the link accepted before the home market opens
 * (Northbound 09:10–09:15, 09:25–09:30, 12:55–13:00). They reach the book, in arrival order, at
 * their release time on the hub clock.
 * @module
 */

import type { OrderRequest } from '../../market/index.js';

export interface HeldAction {
  readonly release_us: number;
  readonly kind: 'submit' | 'cancel';
  readonly order_id: number;
  /** For a submit: the book request, exactly as the book will receive it. */
  readonly request: OrderRequest | null;
}

/** Inserts keeping (release time, arrival) order; arrival order is the array order. */
export function enqueueHeld(queue: HeldAction[], action: HeldAction): void {
  let index = queue.length;
  while (index > 0 && (queue[index - 1] as HeldAction).release_us > action.release_us) index -= 1;
  queue.splice(index, 0, action);
}

export function nextHeldUs(queue: readonly HeldAction[]): number {
  return queue.length === 0 ? Number.POSITIVE_INFINITY : (queue[0] as HeldAction).release_us;
}

/**
 * Rejections: the one way a command fails for a reason a person can act on.
 *
 * Every rejection carries a stable `code` (UPPER_SNAKE, never renamed once published), a message
 * a person understands, and the figures that decided it. A rejected command changes no state.
 * @module
 */

export type RejectionDetails = Readonly<Record<string, unknown>>;

export interface Rejection {
  readonly ok: false;
  readonly code: string;
  readonly message: string;
  readonly details: RejectionDetails;
}

export interface Accepted<T> {
  readonly ok: true;
  readonly value: T;
}

/** The result of an operation that may be refused: a value, or a rejection. */
export type Outcome<T> = Accepted<T> | Rejection;

export function reject(code: string, message: string, details: RejectionDetails = {}): Rejection {
  return { ok: false, code, message, details };
}

export function accept<T>(value: T): Accepted<T> {
  return { ok: true, value };
}

export const ACCEPTED_VOID: Accepted<undefined> = Object.freeze({ ok: true, value: undefined });

export function isRejection(value: unknown): value is Rejection {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false;
}

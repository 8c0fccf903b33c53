/**
 * The case workflow an analyst follows on an alert: open → under_review → escalated → closed with a
 * reason, closing straight from review when the alert is dismissed, and reopening a closed case
 * for review with a note. Every change is checked here first (a refused change alters nothing)
 * and then recorded in the audit trail by the store.
 * @module
 */

import { type Rejection, reject } from '../../kernel/rejection.js';

export const CASE_STATES = ['open', 'under_review', 'escalated', 'closed'] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const CLOSE_REASONS = [
  'false_positive',
  'no_further_action',
  'referred_to_regulator',
  'enforcement_action',
  'duplicate',
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** Where each state may go next. */
export const CASE_TRANSITIONS: Readonly<Record<CaseState, readonly CaseState[]>> = {
  open: ['under_review'],
  under_review: ['escalated', 'closed'],
  escalated: ['closed'],
  closed: ['under_review'],
};

export interface TransitionRequest {
  readonly alert_id: string;
  readonly to: CaseState;
  /** Who makes the change (the analyst's user id); recorded in the audit trail. */
  readonly actor: string;
  /** Required when closing. */
  readonly reason?: CloseReason;
  /** Free text for the audit trail; required when reopening. */
  readonly note?: string;
  /** When, in microseconds since the epoch (the caller's clock: the store reads none). */
  readonly at_us: number;
  /** Optimistic concurrency: refuse if the case changed since the caller read this version. */
  readonly expected_version?: number;
}

export const NOTE_LENGTH_MAX = 4_000;

/** Refuses a change that the workflow does not allow; undefined when it may go ahead. */
export function checkTransition(
  current: { readonly state: CaseState; readonly version: number },
  request: TransitionRequest,
): Rejection | undefined {
  if (request.actor.trim() === '')
    return reject('ACTOR_REQUIRED', 'Say who is changing the case', { alert_id: request.alert_id });
  if (!(CASE_STATES as readonly string[]).includes(request.to))
    return reject('CASE_STATE_UNKNOWN', `No case state ${request.to}`, {
      to: request.to,
      states: [...CASE_STATES],
    });
  if (request.expected_version !== undefined && request.expected_version !== current.version) {
    return reject(
      'ALERT_VERSION_CONFLICT',
      'The case changed since you read it: reload and retry',
      {
        expected_version: request.expected_version,
        version: current.version,
      },
    );
  }
  if (!CASE_TRANSITIONS[current.state].includes(request.to)) {
    return reject(
      'ALERT_TRANSITION_INVALID',
      `A case that is ${current.state} cannot become ${request.to}`,
      {
        from: current.state,
        to: request.to,
        allowed: [...CASE_TRANSITIONS[current.state]],
      },
    );
  }
  return checkDetails(current.state, request);
}

function checkDetails(from: CaseState, request: TransitionRequest): Rejection | undefined {
  if (request.to === 'closed' && request.reason === undefined)
    return reject('CLOSE_REASON_REQUIRED', 'Give a reason to close the case', {
      reasons: [...CLOSE_REASONS],
    });
  if (
    request.reason !== undefined &&
    !(CLOSE_REASONS as readonly string[]).includes(request.reason)
  )
    return reject('CLOSE_REASON_INVALID', `No close reason ${request.reason}`, {
      reasons: [...CLOSE_REASONS],
    });
  if (request.reason !== undefined && request.to !== 'closed')
    return reject('CLOSE_REASON_UNEXPECTED', 'A reason is given only when closing', {
      to: request.to,
    });
  if (from === 'closed' && (request.note ?? '').trim() === '')
    return reject('NOTE_REQUIRED', 'Say why the case is reopened', { alert_id: request.alert_id });
  if ((request.note ?? '').length > NOTE_LENGTH_MAX)
    return reject('NOTE_TOO_LONG', `A note has at most ${NOTE_LENGTH_MAX} characters`, {
      length: (request.note ?? '').length,
    });
  return undefined;
}

/**
 * Errors a client sees, as one JSON shape: `{ "error": { code, message, … } }`.
 *
 * - 400 `INVALID_REQUEST` with `problems: [{ field, rule, message }]`: the request does not parse.
 * - 401/403/404/409/422/503: engine rejections keep their code; `statusForRejection` says which
 *   status a code gets (docs/api.md has the table).
 * - 500 `INTERNAL` with `request_id`: a bug in the gateway, logged with its stack.
 * @module
 */

import type { FieldProblem } from '../../protocol/index.js';

export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details?: Readonly<Record<string, unknown>>;
    readonly problems?: readonly FieldProblem[];
    readonly request_id?: string;
  };
  /** For an engine rejection: the journal position of the rejected command. */
  readonly seq?: number;
}

/** An error with its HTTP status and body, thrown by handlers and rendered by the error handler. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    readonly problems: readonly FieldProblem[] | null = null,
    readonly seq: number | null = null,
  ) {
    super(message);
  }

  body(): ErrorBody {
    const error = {
      code: this.code,
      message: this.message,
      ...(Object.keys(this.details).length > 0 ? { details: this.details } : {}),
      ...(this.problems === null ? {} : { problems: this.problems }),
    };
    return this.seq === null ? { error } : { error, seq: this.seq };
  }
}

export function invalidRequest(problems: readonly FieldProblem[]): ApiError {
  const first = problems[0];
  const summary =
    first === undefined
      ? 'The request is not valid'
      : `${first.field}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`;
  return new ApiError(400, 'INVALID_REQUEST', summary, {}, problems);
}

export function problem(field: string, rule: string, message: string): ApiError {
  return invalidRequest([{ field, rule, message }]);
}

const NOT_FOUND_CODES = new Set([
  'UNKNOWN_ORDER',
  'UNKNOWN_INSTRUMENT',
  'UNKNOWN_OWNER',
  'UNKNOWN_PARTY',
  'UNKNOWN_SECURITY',
  'UNKNOWN_ASSET',
  'UNKNOWN_MARKET',
  'ACCOUNT_NOT_FOUND',
  'HOLD_NOT_FOUND',
  'PARENT_NOT_FOUND',
]);

const CONFLICT_CODES = new Set([
  'IDEMPOTENCY_KEY_REUSED',
  'DUPLICATE_CLIENT_ORDER_ID',
  'PARTY_EXISTS',
  'INVESTOR_EXISTS',
  'CASH_ASSET_EXISTS',
  'SECURITY_EXISTS',
  'SYMBOL_EXISTS',
  'LEI_EXISTS',
  'DTI_EXISTS',
  'INSTRUMENT_EXISTS',
]);

/**
 * The HTTP status of an engine rejection: 404 when something named does not exist, 403 when the
 * participant may not act, 409 when the command conflicts with what already exists, 503 when the
 * journal is full for a moment (retry), 422 for every other business rule.
 */
export function statusForRejection(code: string): number {
  if (NOT_FOUND_CODES.has(code)) return 404;
  if (code === 'NOT_AUTHORIZED') return 403;
  if (CONFLICT_CODES.has(code)) return 409;
  if (code === 'JOURNAL_BUFFER_FULL') return 503;
  if (code === 'IDEMPOTENCY_KEY_INVALID') return 400;
  return 422;
}

/**
 * The reads a gateway answers from the PostgreSQL projection, without the leader, when it knows
 * the caller's key (`<data>/api-keys.json`, a copy of the leader's) and the answer is the one the
 * leader would give:
 *
 * - `GET /v1/commands/:seq`: a command of the caller's (any command for the built-in `operator`);
 * - `GET /v1/events`: for the built-in `operator`, who sees every event unscoped;
 * - `GET /v1/accounts/:account_id/transfers`: for the built-in `operator`, when the account has
 *   transfers in the projection (an account without any is left to the leader, which knows
 *   whether the account exists).
 *
 * Everything else is forwarded: an unknown key, another participant's events and transfers (their
 * scoping needs the hub's state: who owns an account or an order, whose broker a participant is,
 * which party has the operator role), a row the projection does not hold yet, a parameter the
 * leader refuses, and any failure of PostgreSQL. So a read from the projection can only lag the
 * leader (a command answered a moment ago may not be in it yet: then the leader answers).
 * @module
 */

import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { OPERATOR_PARTICIPANT } from '../../hub/index.js';
import type { ProjectionQueries } from '../../projection/index.js';
import { presentedKey } from './auth.js';
import { KEYS_FILE_NAME, KeyStore } from './keys.js';
import { type Forwarder, SOURCE_HEADER } from './relay_forward.js';
import { COMMAND_PARAMS, EVENTS_QUERY } from './routes_history.js';
import { ACCOUNT_PARAMS, TRANSFERS_QUERY } from './routes_ledger.js';

export interface RelayProjection {
  readonly queries: ProjectionQueries;
  /** The last command seq the projection holds. */
  readonly last_seq: () => Promise<number>;
  /** The directory holding api-keys.json (a copy of the leader's, or the shared --data). */
  readonly keys_dir: string;
}

/** The key file, read again when it changes (a key for each new party, a rotated key). */
class KeyFile {
  private store: KeyStore | null = null;
  private mtime_ms = -1;

  constructor(
    private readonly dir: string,
    private readonly log: (line: string) => void,
  ) {}

  /** Checked against the file as it is now: a key removed from it (rotated) stops working. */
  participantOf(key: string): string | undefined {
    this.reloadIfChanged();
    return this.store?.lookup(key)?.participant;
  }

  private reloadIfChanged(): void {
    try {
      const mtime_ms = statSync(join(this.dir, KEYS_FILE_NAME)).mtimeMs;
      if (mtime_ms === this.mtime_ms) return;
      this.mtime_ms = mtime_ms;
      this.store = KeyStore.open(this.dir);
    } catch (error) {
      if (this.store !== null) this.log(`api keys: ${(error as Error).message}`);
      this.store = null;
      this.mtime_ms = -1;
    }
  }
}

type Read = (participant: string, request: FastifyRequest) => Promise<unknown | undefined>;

export function registerProjectionReads(
  app: FastifyInstance,
  projection: RelayProjection,
  forwarder: Forwarder,
): void {
  const keys = new KeyFile(projection.keys_dir, (line) => app.log.warn(line));
  const route = (url: string, read: Read) =>
    app.get(url, async (request, reply) => {
      const key = presentedKey(request, false);
      const participant = key === null ? undefined : keys.participantOf(key);
      const answer =
        participant === undefined ? undefined : await tryRead(read, participant, request, app);
      if (answer === undefined) return forwarder.send(request, reply);
      return reply.header(SOURCE_HEADER, 'projection').send(answer);
    });
  const q = projection.queries;
  route('/v1/commands/:seq', async (participant, request) => {
    const params = parsed(COMMAND_PARAMS, request.params);
    if (params === undefined) return undefined;
    const row = await q.commandAt(params.seq);
    const mine = participant === OPERATOR_PARTICIPANT || row?.participant === participant;
    return mine ? row : undefined;
  });
  route('/v1/events', async (participant, request) => {
    const query = parsed(EVENTS_QUERY, request.query);
    if (participant !== OPERATOR_PARTICIPANT || query === undefined) return undefined;
    const rows = await q.eventsAfter(query.after, query.limit, query.type ?? null);
    const events = rows.map(({ event_seq, seq, timestamp_us, event }) => ({
      event_seq,
      seq,
      timestamp_us,
      event,
    }));
    return { events, next_after: rows.at(-1)?.event_seq ?? query.after };
  });
  route('/v1/accounts/:account_id/transfers', async (participant, request) => {
    const params = parsed(ACCOUNT_PARAMS, request.params);
    const query = parsed(TRANSFERS_QUERY, request.query);
    if (participant !== OPERATOR_PARTICIPANT || params === undefined || query === undefined)
      return undefined;
    const transfers = await q.transfersOf(params.account_id, query.limit);
    return transfers.length === 0 ? undefined : { account_id: params.account_id, transfers };
  });
}

/** The projection's answer, or undefined (forward) when PostgreSQL fails. */
async function tryRead(
  read: Read,
  participant: string,
  request: FastifyRequest,
  app: FastifyInstance,
): Promise<unknown | undefined> {
  try {
    return await read(participant, request);
  } catch (error) {
    app.log.warn({ err: error }, 'projection read failed; forwarded to the leader');
    return undefined;
  }
}

function parsed<T>(schema: z.ZodType<T>, input: unknown): T | undefined {
  const result = schema.safeParse(input ?? {});
  return result.success ? result.data : undefined;
}

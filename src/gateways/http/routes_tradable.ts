/**
 * `GET /v1/tradable?client=…`: what a broker's client may trade, for order tickets (the rules'
 * `tradability`): per instrument with a book, the route, whether a buy and a sell would pass the
 * rules that depend on who trades what, the client's BCAN for Northbound orders, and the venues
 * of a shared book. A participant asks for itself (a house order) or one of its clients; an
 * operator names the broker with `participant`.
 * @module
 */

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { tradability } from '../../rules/index.js';
import { viewerOfRequest } from './auth.js';
import { bookOf } from './books.js';
import { ApiError } from './errors.js';
import { type Gateway, hubState } from './gateway.js';
import { routeSchema } from './openapi.js';
import { parseInput } from './query.js';
import { TRADABLE } from './response_docs.js';

const TRADABLE_QUERY = z.strictObject({
  client: z.string().min(1).max(64).optional(),
  participant: z.string().min(1).max(64).optional(),
});

export function registerTradableRoute(app: FastifyInstance, gateway: Gateway): void {
  app.get(
    '/v1/tradable',
    {
      schema: routeSchema({
        summary: 'What a client may trade through its broker, with its BCAN and venues',
        tags: ['connect'],
        query: TRADABLE_QUERY,
        response: TRADABLE,
        errors: { 403: 'NOT_AUTHORIZED', 404: 'UNKNOWN_PARTY, UNKNOWN_CLIENT' },
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      const viewer = viewerOfRequest(request, state);
      const query = parseInput(TRADABLE_QUERY, request.query);
      const participant = query.participant ?? viewer.participant;
      if (participant !== viewer.participant && !viewer.operator)
        throw new ApiError(
          403,
          'NOT_AUTHORIZED',
          `${viewer.participant} may not ask for ${participant}`,
          {
            participant,
          },
        );
      if (!state.reference.parties.has(participant))
        throw new ApiError(
          404,
          'UNKNOWN_PARTY',
          `No party ${participant}: name a broker with participant=`,
          {
            participant,
          },
        );
      const client = query.client ?? participant;
      const investor = state.reference.investors.get(client);
      if (client !== participant && investor?.broker !== participant)
        throw new ApiError(404, 'UNKNOWN_CLIENT', `${client} is not a client of ${participant}`, {
          participant,
          client,
        });
      const instruments = tradability(state.rules, state.reference, participant, client).filter(
        (t) => bookOf(state, t.instrument) !== undefined,
      );
      return { participant, client, instruments };
    },
  );
}

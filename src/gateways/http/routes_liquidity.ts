/**
 * Financing reads, second slice (issue 15, docs/financing.md §13): the HKMA facilities' usage and
 * outstanding drawings, a party's collateral positions with its OTC Clear postings, the HKMA
 * same-day repo report, and unpaid margin calls and close-out claims. Each is scoped: a
 * participant sees the parties it acts for (a bank its own drawings, with the facility-wide
 * totals), the HKMA every drawing, an operator everything.
 * @module
 */

import type { FastifyInstance } from 'fastify';
import { collateralView, exposuresView, facilitiesView, hkmaRepoReport } from '../../hub/index.js';
import { marketDate } from '../../kernel/index.js';
import { viewerOfRequest } from './auth.js';
import { ApiError } from './errors.js';
import { type Gateway, hubState } from './gateway.js';
import {
  COLLATERAL,
  COLLATERAL_QUERY,
  EXPOSURES,
  FACILITIES,
  HKMA_REPORT,
  HKMA_REPORT_QUERY,
} from './liquidity_schemas.js';
import { routeSchema } from './openapi.js';
import { parseInput } from './query.js';
import { bondViewerOf } from './routes_bond_reads.js';

const TAGS = ['financing'];

export function registerLiquidityRoutes(app: FastifyInstance, gateway: Gateway): void {
  app.get(
    '/v1/financing/facilities',
    {
      schema: routeSchema({
        summary: 'HKMA facility usage and outstanding drawings (yours; all for the HKMA)',
        tags: TAGS,
        response: FACILITIES,
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      return facilitiesView(state, bondViewerOf(request, state));
    },
  );
  app.get(
    '/v1/financing/collateral',
    {
      schema: routeSchema({
        summary: 'Valued collateral positions and OTC Clear postings of a party you act for',
        tags: TAGS,
        query: COLLATERAL_QUERY,
        response: COLLATERAL,
        errors: { 403: 'NOT_AUTHORIZED: the party is not you or a client of yours' },
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      const { party } = parseInput(COLLATERAL_QUERY, request.query);
      const viewer = bondViewerOf(request, state);
      if (party !== undefined && !viewer.all && !viewer.sees(party))
        throw new ApiError(403, 'NOT_AUTHORIZED', `You may not see ${party}'s collateral`, {
          party,
        });
      return { date: marketDate(state.now_us), ...collateralView(state, viewer, party) };
    },
  );
  app.get(
    '/v1/financing/hkma-report',
    {
      schema: routeSchema({
        summary: 'The HKMA same-day repo report of a day (the repos you are a party to)',
        tags: TAGS,
        query: HKMA_REPORT_QUERY,
        response: HKMA_REPORT,
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      const query = parseInput(HKMA_REPORT_QUERY, request.query);
      const date = query.date ?? marketDate(state.now_us);
      return { date, lines: hkmaRepoReport(state, date, viewerOfRequest(request, state)) };
    },
  );
  app.get(
    '/v1/financing/exposures',
    {
      schema: routeSchema({
        summary: 'Margin calls not yet paid (with deadlines) and close-out claims you are party to',
        tags: TAGS,
        response: EXPOSURES,
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      return {
        date: marketDate(state.now_us),
        ...exposuresView(state, bondViewerOf(request, state)),
      };
    },
  );
}

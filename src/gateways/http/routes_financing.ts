/**
 * Financing reads (issue 15, docs/financing.md §13): the open repos with their money to the day
 * and their exposure at the bond's closing valuation, netted per pair; recent margin calls (a
 * reader fed from events, financing_reader.ts); the Primary Liquidity Providers. Scoped as the
 * repo events are: a participant sees the repos and calls it is a party to (or acts for a party
 * of), an operator all; a repo it may not see is answered like one that does not exist (404
 * `UNKNOWN_REPO`). The PLP list is public. Commands go through `POST /v1/commands`.
 * @module
 */

import type { FastifyInstance } from 'fastify';
import {
  findRepoView,
  listRepoViews,
  pairExposures,
  plpViews,
  type RepoView,
  revaluedAtCall,
} from '../../hub/index.js';
import { marketDate } from '../../kernel/index.js';
import { ApiError } from './errors.js';
import type { MarginCallLog } from './financing_reader.js';
import {
  MARGIN_CALLS,
  MARGIN_CALLS_QUERY,
  PLPS,
  REPO,
  REPO_PARAMS,
  REPOS,
  REPOS_QUERY,
} from './financing_schemas.js';
import { type Gateway, hubState } from './gateway.js';
import { routeSchema } from './openapi.js';
import { parseInput } from './query.js';
import { bondViewerOf } from './routes_bond_reads.js';

const TAGS = ['financing'];

/**
 * A repo at the latest price known for it: its last margin call's when that is newer than the
 * bond's closing valuation (a call states the price of its moment; a close may be yesterday's).
 */
function freshest(view: RepoView, log: MarginCallLog): RepoView {
  const call = log.lastCall(view.repo_id);
  if (call === undefined) return view;
  const valued_us = log.valuedAt(view.isin);
  if (view.valuation !== null && valued_us !== undefined && valued_us >= call.timestamp_us)
    return view;
  return revaluedAtCall(view, call);
}

export function registerFinancingRoutes(app: FastifyInstance, gateway: Gateway): void {
  app.get(
    '/v1/financing/repos',
    {
      schema: routeSchema({
        summary: 'Open repos you are a party to (all for an operator), and exposures per pair',
        tags: TAGS,
        query: REPOS_QUERY,
        response: REPOS,
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      const { party } = parseInput(REPOS_QUERY, request.query);
      const repos = listRepoViews(state, bondViewerOf(request, state))
        .filter((r) => party === undefined || r.seller === party || r.buyer === party)
        .map((r) => freshest(r, gateway.margin_calls));
      return { date: marketDate(state.now_us), repos, pairs: pairExposures(repos) };
    },
  );
  app.get(
    '/v1/financing/repos/:repo_id',
    {
      schema: routeSchema({
        summary: 'One open repo you may see',
        tags: TAGS,
        params: REPO_PARAMS,
        response: REPO,
        errors: { 404: 'UNKNOWN_REPO: no open repo you may see' },
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      const { repo_id } = parseInput(REPO_PARAMS, request.params);
      const view = findRepoView(state, repo_id, bondViewerOf(request, state));
      if (view === undefined)
        throw new ApiError(404, 'UNKNOWN_REPO', `No open repo ${repo_id}`, { repo_id });
      return freshest(view, gateway.margin_calls);
    },
  );
  app.get(
    '/v1/financing/margin-calls',
    {
      schema: routeSchema({
        summary: 'Recent margin calls on repos you are a party to, newest first',
        tags: TAGS,
        query: MARGIN_CALLS_QUERY,
        response: MARGIN_CALLS,
      }),
    },
    async (request) => {
      const viewer = bondViewerOf(request, hubState(gateway));
      const query = parseInput(MARGIN_CALLS_QUERY, request.query);
      const sees = (c: { seller: string; buyer: string }) =>
        viewer.all || viewer.sees(c.seller) || viewer.sees(c.buyer);
      return { margin_calls: gateway.margin_calls.list(sees, query) };
    },
  );
  app.get(
    '/v1/financing/plps',
    {
      schema: routeSchema({
        summary: "The operator's Primary Liquidity Providers (public)",
        tags: TAGS,
        response: PLPS,
      }),
    },
    async () => ({ plps: plpViews(hubState(gateway)) }),
  );
}

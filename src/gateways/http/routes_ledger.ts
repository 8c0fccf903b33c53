/**
 * Ledger queries: balances per participant and tier (every account the caller may see, with its
 * place in an omnibus chain), one account, and an account's transfers from the projection.
 * @module
 */

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { HubState } from '../../hub/index.js';
import {
  ACCOUNT_PURPOSES,
  type Account,
  availableBalance,
  postedBalance,
} from '../../ledger/index.js';
import { assetScale } from '../../reference/index.js';
import { viewerOfRequest } from './auth.js';
import { ApiError } from './errors.js';
import { type Gateway, hubState } from './gateway.js';
import { routeSchema } from './openapi.js';
import { transfersOf } from './projection_reads.js';
import { limitParam, parseInput } from './query.js';
import { ACCOUNT, BALANCES, TRANSFERS } from './response_docs.js';
import { seesOwner, type Viewer } from './scope.js';

const BALANCES_QUERY = z.strictObject({
  owner: z.string().max(64).optional(),
  asset: z.string().max(64).optional(),
  purpose: z.enum(ACCOUNT_PURPOSES).optional(),
  limit: limitParam(2_000, 20_000),
});
export const ACCOUNT_PARAMS = z.strictObject({ account_id: z.string().min(1).max(64) });
export const TRANSFERS_QUERY = z.strictObject({ limit: limitParam(100, 1_000) });
const VISIBLE_ACCOUNT_ERRORS = {
  403: 'NOT_AUTHORIZED: the account is not yours or a client of yours',
  404: 'ACCOUNT_NOT_FOUND',
} as const;

/** How many omnibus accounts sit above this one: 0 for a top-tier (or stand-alone) account. */
function tierOf(account: Account): number {
  let tier = 0;
  for (let parent = account.parent; parent !== null; parent = parent.parent) tier += 1;
  return tier;
}

export function accountView(state: HubState, account: Account) {
  const scale = assetScale(state.reference, account.asset);
  return {
    account_id: account.id,
    owner: account.owner,
    owner_kind: state.reference.investors.has(account.owner) ? 'investor' : 'party',
    asset: account.asset,
    scale: scale.ok ? scale.value : 0,
    purpose: account.purpose,
    parent_id: account.parent?.id ?? null,
    tier: tierOf(account),
    omnibus: account.omnibus,
    frozen: account.frozen,
    balance_minor: postedBalance(account),
    available_minor: availableBalance(account),
    debits_pending: account.debits_pending,
    debits_posted: account.debits_posted,
    credits_pending: account.credits_pending,
    credits_posted: account.credits_posted,
  };
}

function visibleAccount(state: HubState, viewer: Viewer, account_id: string): Account {
  const account = state.ledger.accounts.get(account_id);
  if (account === undefined)
    throw new ApiError(404, 'ACCOUNT_NOT_FOUND', `No account ${account_id}`, { account_id });
  if (!seesOwner(viewer, account.owner)) {
    throw new ApiError(403, 'NOT_AUTHORIZED', `${viewer.participant} may not see ${account_id}`, {
      account_id,
    });
  }
  return account;
}

export function registerLedgerRoutes(app: FastifyInstance, gateway: Gateway): void {
  const tags = ['ledger'];
  app.get(
    '/v1/balances',
    {
      schema: routeSchema({
        summary: 'Balances per participant and tier',
        tags,
        query: BALANCES_QUERY,
        response: BALANCES,
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      const viewer = viewerOfRequest(request, state);
      const query = parseInput(BALANCES_QUERY, request.query);
      const accounts = [];
      for (const account of state.ledger.accounts.values()) {
        if (accounts.length >= query.limit) break;
        if (query.owner !== undefined && account.owner !== query.owner) continue;
        if (query.asset !== undefined && account.asset !== query.asset) continue;
        if (query.purpose !== undefined && account.purpose !== query.purpose) continue;
        if (seesOwner(viewer, account.owner)) accounts.push(accountView(state, account));
      }
      return { seq: state.seq, accounts };
    },
  );
  app.get(
    '/v1/accounts/:account_id',
    {
      schema: routeSchema({
        summary: 'One account with its balance',
        tags,
        params: ACCOUNT_PARAMS,
        response: ACCOUNT,
        errors: VISIBLE_ACCOUNT_ERRORS,
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      const { account_id } = parseInput(ACCOUNT_PARAMS, request.params);
      return accountView(state, visibleAccount(state, viewerOfRequest(request, state), account_id));
    },
  );
  app.get(
    '/v1/accounts/:account_id/transfers',
    {
      schema: routeSchema({
        summary: "An account's transfers, newest first",
        tags,
        params: ACCOUNT_PARAMS,
        query: TRANSFERS_QUERY,
        response: TRANSFERS,
        errors: VISIBLE_ACCOUNT_ERRORS,
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      const { account_id } = parseInput(ACCOUNT_PARAMS, request.params);
      const { limit } = parseInput(TRANSFERS_QUERY, request.query);
      visibleAccount(state, viewerOfRequest(request, state), account_id);
      return {
        account_id,
        transfers: await transfersOf(gateway.node.queries, account_id, limit),
      };
    },
  );
}

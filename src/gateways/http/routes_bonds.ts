/**
 * Bond reads (issue 14, docs/bonds.md §8): `GET /v1/bonds`, every registered bond's terms, and
 * `GET /v1/bonds/quota`, the Southbound Bond Connect quota. Operators see every figure;
 * participants see what is published (the daily balance only once below 30 % of the quota,
 * "sufficient" before), like the Stock Connect quotas.
 * @module
 */

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listBonds } from '../../hub/index.js';
import { viewerOfRequest } from './auth.js';
import { type Gateway, hubState } from './gateway.js';
import { routeSchema } from './openapi.js';
import { bondQuotaView } from './quota_view.js';
import { DECIMAL } from './response_docs.js';
import { registerBondReadRoutes } from './routes_bond_reads.js';

const BONDS = z.object({
  bonds: z.array(
    z
      .object({
        isin: z.string(),
        dti: z.string().optional(),
        issuer_kind: z.string(),
        issuer_name: z.string(),
        currency: z.string(),
        coupon: z.object({
          kind: z.enum(['fixed', 'floating', 'zero']),
          rate_e12: DECIMAL.optional(),
          index: z.string().optional(),
          spread_bps: z.number().int().optional(),
        }),
        frequency: z.number().int(),
        day_count: z.string(),
        business_day_convention: z.string(),
        yield_convention: z.string(),
        issue_date: z.string(),
        maturity_date: z.string(),
        face_value_minor: DECIMAL,
        min_denomination_minor: DECIMAL,
      })
      .describe('Bond terms (docs/bonds.md §1)'),
  ),
});

const BOND_QUOTA = z.object({
  date: z.string().describe('The quota day (market date, UTC+8); empty before the first command'),
  daily_status: z.enum(['sufficient', 'balance_shown']),
  daily_quota_minor: DECIMAL,
  daily_balance_minor: DECIMAL.nullable().describe('Null for a participant while sufficient'),
  annual_quota_minor: DECIMAL,
  annual_balance_minor: DECIMAL,
  exempt_today_minor: DECIMAL.describe('QDII/RQDII flows today, not counted'),
});

export function registerBondRoutes(app: FastifyInstance, gateway: Gateway): void {
  app.get(
    '/v1/bonds',
    {
      schema: routeSchema({
        summary: 'Registered bonds and their terms',
        tags: ['bonds'],
        response: BONDS,
      }),
    },
    async () => ({ bonds: listBonds(hubState(gateway).bonds) }),
  );
  app.get(
    '/v1/bonds/quota',
    {
      schema: routeSchema({
        summary: 'The Southbound Bond Connect quota (RMB fen)',
        tags: ['bonds'],
        response: BOND_QUOTA,
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      return bondQuotaView(state, viewerOfRequest(request, state));
    },
  );
  registerBondReadRoutes(app, gateway);
}

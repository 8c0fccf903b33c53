/**
 * For the financing API, stream and console tests: the demo's repo market set up through the API
 * (the CGB held Northbound by three overseas institutions, the PLPs: src/sim/demo_financing.ts)
 * and repos opened as the participants would open them.
 * @module
 */

import assert from 'node:assert/strict';
import { financingSetUpCommands } from '../../sim/demo_financing.js';
import type { CommandReply, TestServer } from './testing.js';

export const CGB = 'CND10000KX14';

export async function command(
  t: TestServer,
  participant: string,
  body: Record<string, unknown>,
): Promise<CommandReply> {
  const reply = await t.client(participant).post('/v1/commands', body);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.as<CommandReply>();
}

/** Sends the repo set-up's stages until nothing is missing; answers the market date. */
export async function setUpRepoMarket(t: TestServer): Promise<string> {
  const state = () => t.server.gateway.node.hub.state;
  for (let stage = 0; stage < 8; stage += 1) {
    const commands = financingSetUpCommands(state());
    if (commands.length === 0) break;
    for (const body of commands) await command(t, 'operator', body);
  }
  assert.deepEqual(financingSetUpCommands(state()), []);
  const plps = (await t.client('operator').get('/v1/financing/repos')).body as { date: string };
  return plps.date;
}

export interface RepoPlan {
  readonly repo_id: string;
  readonly seller: string;
  readonly buyer: string;
  /** The seller's broker, who opens it. */
  readonly by: string;
  readonly face_minor: string;
  readonly repurchase_date: string | null;
  readonly rate_e12?: string;
}

/** Opens a CNH repo of the CGB at 105.12, 2 % haircut, calls of at least CNH 10,000 in 1,000s. */
export async function openRepo(t: TestServer, plan: RepoPlan): Promise<CommandReply> {
  return command(t, plan.by, {
    type: 'financing.open_repo',
    ...{ repo_id: plan.repo_id, seller: plan.seller, buyer: plan.buyer, isin: CGB },
    ...{ face_minor: plan.face_minor, px_e8: '10512000000', currency: 'CNH' },
    ...{ repurchase_date: plan.repurchase_date, rate_e12: plan.rate_e12 ?? '18500000000' },
    ...{ day_count: 'ACT/365F', haircut_ppm: 20_000 },
    ...{ minimum_transfer_minor: '1000000', rounding_minor: '100000' },
  });
}

/**
 * For the financing API, stream and console tests: the demo's repo market set up through the API
 * (the CGB held Northbound by three overseas institutions, the PLPs: src/sim/demo_financing.ts)
 * and repos opened as the participants would open them.
 * @module
 */

import assert from 'node:assert/strict';
import { addDays } from '../../kernel/index.js';
import { facilitySetUpCommands } from '../../sim/demo_facilities.js';
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

/**
 * The demo's facility set-up through the API (src/sim/demo_facilities.ts: the HKMA's accounts,
 * the PLPs' own CGB, their lines and allocations, HSBC's OTC Clear cap), then CNH HIBOR overnight
 * 1.50 %, 1.60 %, 1.75 % on the three days before `date` and SHIBOR 1M 1.60 % the day before.
 */
export async function setUpFacilities(t: TestServer, date: string): Promise<void> {
  const state = () => t.server.gateway.node.hub.state;
  for (let stage = 0; stage < 8; stage += 1) {
    const commands = facilitySetUpCommands(state());
    if (commands.length === 0) break;
    for (const body of commands) await command(t, 'operator', body);
  }
  assert.deepEqual(facilitySetUpCommands(state()), []);
  const fixings = [
    ['CNH_HIBOR_ON', -3, '15000000000'],
    ['CNH_HIBOR_ON', -2, '16000000000'],
    ['CNH_HIBOR_ON', -1, '17500000000'],
    ['SHIBOR_1M', -1, '16000000000'],
  ] as const;
  for (const [name, days, rate_e12] of fixings)
    await command(t, 'operator', {
      ...{ type: 'financing.publish_facility_rate', name, date: addDays(date, days) },
      rate_e12,
    });
}

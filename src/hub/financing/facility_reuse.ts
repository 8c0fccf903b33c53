/**
 * Received repo collateral delivered to the HKMA (docs/financing.md §10, re-use case c): a bank
 * that received Northbound bonds in an open repo may deliver them as collateral for an RMB
 * Liquidity Facility drawing from 25 Aug 2025, naming the repo with `reuse_of`; the trade
 * facility is not one of the four cases (`REPO_REUSE_NOT_ALLOWED`). Bonds delivered without
 * `reuse_of` must be the bank's own: received bonds stay locked (`REPO_COLLATERAL_LOCKED`).
 * The re-use ends when the drawing is repaid and the bonds come back.
 * @module
 */

import { checkReuse, type ReuseCase } from '../../financing/index.js';
import type { Rejection } from '../../kernel/index.js';
import type { DrawFacility } from '../../protocol/financing.js';
import type { CommandContext } from '../context.js';
import type { HubState } from '../state.js';
import { planReuse, returnReused, reuseCollateral, reuseKey } from './collateral_register.js';
import { checkOwnFree, emitReturned, emitReused } from './repo_collateral.js';

const USE_CASE: ReuseCase = 'hkma_rmb_liquidity_facility';

/** Each bond delivered is the bank's own, or received collateral it may re-use here. */
export function checkFacilitySources(
  state: HubState,
  c: DrawFacility,
  today: string,
): Rejection | undefined {
  for (const item of c.collateral ?? []) {
    const face_minor = BigInt(item.face_minor);
    if (item.reuse_of === undefined) {
      const locked = checkOwnFree(state, c.bank, item.isin, face_minor);
      if (locked !== undefined) return locked;
      continue;
    }
    // The trade facility is not among the four cases: refused by the use's own name.
    if (c.facility !== 'rmb_lf') return checkReuse(today, 'trade_facility');
    const reuse = {
      ...{ party: c.bank, isin: item.isin, face_minor, use_case: USE_CASE },
      ...{ target_id: c.drawing_id, date: today },
    };
    const sources = planReuse(state.financing.collateral, reuse, item.reuse_of);
    if (!Array.isArray(sources)) return sources as Rejection;
  }
  return undefined;
}

/** After the near leg moved: the re-uses recorded against their repos. */
export function recordFacilityReuse(
  state: HubState,
  c: DrawFacility,
  today: string,
  context: CommandContext,
): void {
  for (const item of c.collateral ?? []) {
    if (item.reuse_of === undefined) continue;
    const { isin, reuse_of } = item;
    const face_minor = BigInt(item.face_minor);
    const target = c.drawing_id;
    const refused = reuseCollateral(
      state,
      c.bank,
      isin,
      face_minor,
      USE_CASE,
      target,
      today,
      reuse_of,
    );
    if (refused !== undefined) throw new Error(`re-use refused after its check: ${refused.code}`);
    const record = state.financing.collateral.reuses.get(reuseKey(USE_CASE, c.drawing_id, isin));
    if (record !== undefined) emitReused(record, context);
  }
}

/** After the repayment: the bonds are back, so are the re-uses. */
export function returnFacilityReuse(
  state: HubState,
  drawing_id: string,
  context: CommandContext,
): void {
  for (const record of returnReused(state, USE_CASE, drawing_id)) emitReturned(record, context);
}

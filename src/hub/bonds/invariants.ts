/**
 * The bonds domain's invariants in the hub, recomputed from scratch (called by
 * checkHubInvariants): the RFQ book agrees with itself and with the hub's records beside it.
 * A failure is a bug, never a user error.
 * @module
 */

import { assert } from '../../kernel/assert.js';
import type { BondsState } from './state.js';

const OPEN = new Set(['requested', 'quoted']);

export function checkBondsInvariants(state: BondsState): void {
  const book = state.rfq;
  for (const [id, rfq] of book.open) {
    assert(book.rfqs.get(id) === rfq, `open RFQ ${id} is not in the book`);
    assert(OPEN.has(rfq.status), `open RFQ ${id} is ${rfq.status}`);
  }
  for (const [id, rfq] of book.rfqs) {
    assert(OPEN.has(rfq.status) === book.open.has(id), `RFQ ${id} open flag disagrees`);
    assert(state.rfq_meta.has(id), `RFQ ${id} has no settlement date`);
    assert(state.bonds.has(rfq.request.security_id), `RFQ ${id} on an unregistered bond`);
    const accepted = rfq.quotes.filter((q) => q.state === 'accepted').length;
    assert(accepted === (rfq.status === 'accepted' ? 1 : 0), `RFQ ${id} accepted ${accepted}`);
    assert((rfq.trade !== undefined) === (rfq.status === 'accepted'), `RFQ ${id} trade`);
  }
  for (const id of state.rfq_meta.keys()) assert(book.rfqs.has(id), `stray RFQ record ${id}`);
  assert(book.makers.size === state.makers.size, 'RFQ makers differ from registered makers');
  for (const dealer of state.makers.keys()) assert(book.makers.has(dealer), `maker ${dealer}`);
  for (const key of state.coupons_paid) {
    assert(state.bonds.has(key.slice(0, key.indexOf(':'))), `coupon ${key} of no bond`);
  }
  for (const isin of state.redeemed) assert(state.bonds.has(isin), `redeemed ${isin} unknown`);
}

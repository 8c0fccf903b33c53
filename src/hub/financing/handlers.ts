/**
 * Financing command handlers (issue 15).
 * @module
 */

import { callMargin } from './margin_calls.js';
import { postOtcMargin, releaseOtcMargin, setOtcCap } from './otc_margin.js';
import { closeRepo, openRepo, setPlps } from './repo.js';

export const FINANCING_HANDLERS = {
  'financing.set_plps': setPlps,
  'financing.open_repo': openRepo,
  'financing.close_repo': closeRepo,
  'financing.call_margin': callMargin,
  'financing.set_otc_cap': setOtcCap,
  'financing.post_otc_margin': postOtcMargin,
  'financing.release_otc_margin': releaseOtcMargin,
} as const;

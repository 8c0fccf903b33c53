/**
 * Financing command handlers (issue 15).
 * @module
 */

import { drawFacility } from './facility_draw.js';
import { repayFacility } from './facility_repay.js';
import { publishFacilityRate, setFacilityAllocation, setPlpLine } from './facility_settings.js';
import { callMargin } from './margin_calls.js';
import { closeRepo, openRepo, setPlps } from './repo.js';

export const FINANCING_HANDLERS = {
  'financing.set_plps': setPlps,
  'financing.open_repo': openRepo,
  'financing.close_repo': closeRepo,
  'financing.call_margin': callMargin,
  'financing.set_facility_allocation': setFacilityAllocation,
  'financing.set_plp_line': setPlpLine,
  'financing.publish_facility_rate': publishFacilityRate,
  'financing.draw_facility': drawFacility,
  'financing.repay_facility': repayFacility,
} as const;

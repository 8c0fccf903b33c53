/**
 * Financing command handlers (issue 15).
 * @module
 */

import { declareDefault } from './default.js';
import { drawFacility } from './facility_draw.js';
import { repayFacility } from './facility_repay.js';
import { publishFacilityRate, setFacilityAllocation, setPlpLine } from './facility_settings.js';
import { callMargin, payMargin } from './margin_calls.js';
import { postOtcMargin, releaseOtcMargin, setOtcCap } from './otc_margin.js';
import { closeRepo, openRepo, setPlps } from './repo.js';
import { setRepoSchedule } from './repo_schedule.js';
import { substituteCollateral } from './substitution.js';
import { acceptTermination, proposeTermination } from './termination.js';

export const FINANCING_HANDLERS = {
  'financing.set_plps': setPlps,
  'financing.set_repo_schedule': setRepoSchedule,
  'financing.open_repo': openRepo,
  'financing.close_repo': closeRepo,
  'financing.call_margin': callMargin,
  'financing.pay_margin': payMargin,
  'financing.declare_default': declareDefault,
  'financing.substitute_collateral': substituteCollateral,
  'financing.propose_termination': proposeTermination,
  'financing.accept_termination': acceptTermination,
  'financing.set_otc_cap': setOtcCap,
  'financing.post_otc_margin': postOtcMargin,
  'financing.release_otc_margin': releaseOtcMargin,
  'financing.set_facility_allocation': setFacilityAllocation,
  'financing.set_plp_line': setPlpLine,
  'financing.publish_facility_rate': publishFacilityRate,
  'financing.draw_facility': drawFacility,
  'financing.repay_facility': repayFacility,
} as const;

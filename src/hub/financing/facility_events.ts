/**
 * The events of the HKMA facilities in the hub (docs/financing.md §11). Settings of a bank's
 * allocation or line, drawings, repayments and rolls are seen by the bank, the HKMA (the lender)
 * and operators; published rates are public (src/gateways/http/scope.ts).
 * @module
 */

import type { FacilityDrawing, FacilityName, FacilityRateName } from './facility_state.js';

export type FacilityEvent =
  | {
      readonly type: 'facility_allocation_set';
      readonly bank: string;
      readonly facility: 'trade';
      readonly amount_minor: bigint;
    }
  | {
      readonly type: 'facility_plp_line_set';
      readonly bank: string;
      readonly amount_minor: bigint;
      /** Every PLP's line together, against the scheme's RMB 20 bn. */
      readonly lines_total_minor: bigint;
    }
  | {
      readonly type: 'facility_rate_published';
      readonly name: FacilityRateName;
      readonly date: string;
      readonly rate_e12: bigint;
    }
  | { readonly type: 'facility_drawn'; readonly bank: string; readonly drawing: FacilityDrawing }
  | {
      readonly type: 'facility_repaid';
      readonly drawing_id: string;
      readonly bank: string;
      readonly facility: FacilityName;
      readonly days: number;
      readonly principal_minor: bigint;
      readonly interest_minor: bigint;
      /** FX swap: the HKD returned to the bank and the HKD interest on it; 0 for a repo. */
      readonly hkd_returned_minor: bigint;
      readonly hkd_interest_minor: bigint;
    }
  | {
      readonly type: 'facility_rolled_overnight';
      readonly drawing_id: string;
      readonly bank: string;
      readonly amount_minor: bigint;
      /** The overnight rate of the cut-off's date and the new maturity. */
      readonly rate_e12: bigint;
      readonly maturity_date: string;
      /** The day's overnight use after the roll (outside the PLP lines). */
      readonly overnight_used_minor: bigint;
    };

/**
 * The books a batch works on: the event handlers write them, the views and alert checks read them.
 * @module
 */

import type { FinancingBook } from './financing.js';
import type { FlowBook } from './flows.js';
import type { LedgerAccounts } from './ledger.js';
import type { ObligationBook } from './obligations.js';
import type { PositionBook } from './positions.js';
import type { MonitorReference } from './reference.js';
import type { TurnoverBook } from './turnover.js';

export interface MonitorState {
  readonly ref: MonitorReference;
  readonly flows: FlowBook;
  readonly positions: PositionBook;
  readonly obligations: ObligationBook;
  readonly financing: FinancingBook;
  readonly turnover: TurnoverBook;
  readonly accounts: LedgerAccounts;
  /** The intraday bucket of the batch being applied. */
  bucket: number;
}

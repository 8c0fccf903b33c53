/**
 * Settlement operator commands on the wire: cycles, cancels, sese.023 import, buy-ins, penalties,
 * the shared book's reserve fund. (Trades reach settlement from the books, not as commands;
 * Southbound settlement rates travel with `rules.set_fx_settlement_rates`.)
 * @module
 */

import type { z } from 'zod';
import {
  CANCEL_INSTRUCTION,
  COLLECT_PENALTIES,
  COMPENSATE,
  EXECUTE_BUY_IN,
  IMPORT_SESE023,
  RUN_CYCLE,
  SET_RESERVE_CAP,
} from '../posttrade/index.js';

export {
  CANCEL_INSTRUCTION,
  COLLECT_PENALTIES,
  COMPENSATE,
  EXECUTE_BUY_IN,
  IMPORT_SESE023,
  RUN_CYCLE,
  SET_RESERVE_CAP,
};

export type SettlementCommand =
  | z.infer<typeof RUN_CYCLE>
  | z.infer<typeof CANCEL_INSTRUCTION>
  | z.infer<typeof IMPORT_SESE023>
  | z.infer<typeof EXECUTE_BUY_IN>
  | z.infer<typeof COLLECT_PENALTIES>
  | z.infer<typeof SET_RESERVE_CAP>
  | z.infer<typeof COMPENSATE>;

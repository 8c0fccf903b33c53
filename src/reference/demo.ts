/**
 * The demo market's reference data: every registration, as JSON inputs in an order that
 * registers cleanly (parties, cash assets, securities, investors). The hub turns each into a
 * `reference.register_*` command, so the demo goes through the same path as any client.
 *
 * What is real and what is illustrative is listed in `DEMO_ILLUSTRATIVE` and in
 * docs/reference-data.md.
 * @module
 */

import type {
  CashAssetInputJson,
  InvestorInputJson,
  PartyInputJson,
  SecurityInputJson,
} from './commands.js';
import { demoInvestors } from './demo/investors.js';
import { demoCashAssets } from './demo/money.js';
import { DEMO_LEIS, demoParties } from './demo/parties.js';
import {
  demoGreenBonds,
  demoHongKongSecurities,
  demoMainlandSecurities,
  demoTokens,
} from './demo/securities.js';

/** One registration of the demo: which kind, and its JSON input. */
export type DemoRegistration =
  | { readonly kind: 'party'; readonly input: PartyInputJson }
  | { readonly kind: 'cash_asset'; readonly input: CashAssetInputJson }
  | { readonly kind: 'security'; readonly input: SecurityInputJson }
  | { readonly kind: 'investor'; readonly input: InvestorInputJson };

/** All demo registrations, in registration order. A fresh copy each call. */
export function demoReferenceData(): DemoRegistration[] {
  const securities = [
    ...demoMainlandSecurities(),
    ...demoHongKongSecurities(),
    ...demoGreenBonds(),
    ...demoTokens(),
  ];
  return [
    ...demoParties().map((input) => ({ kind: 'party' as const, input })),
    ...demoCashAssets().map((input) => ({ kind: 'cash_asset' as const, input })),
    ...securities.map((input) => ({ kind: 'security' as const, input })),
    ...demoInvestors().map((input) => ({ kind: 'investor' as const, input })),
  ];
}

/** The identifiers in the demo data that were minted, not looked up: well formed, not real. */
export const DEMO_ILLUSTRATIVE = {
  leis: Object.values(DEMO_LEIS),
  isins: [
    'CNEHT5103008', // 510300 ETF: the ISIN recalled for it (CNE100000K16) fails its check digit
    'CNEHT6059993', // the fictional ST stock
    'HKHTGB25HKD0',
    'HKHTGB25CNH6',
    'HKHTGB25USD6',
    'HKHTGB25EUR6',
    'HKHTMMFTK016', // the fictional tokenized fund
  ],
  dtis: ['HTGB25013', 'HTGB25021', 'HTGB25030', 'HTGB2504X', 'HTMMF0012'],
} as const;

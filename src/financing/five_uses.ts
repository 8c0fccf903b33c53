/**
 * The "five uses" of bonds held through Northbound Bond Connect for liquidity management, as
 * ICBC (Asia) listed them on the six measures of 13 Jan 2025 (seeds/001, "五种可以或即将可以使用
 * 的流动性管理方式"): four take only Chinese government and policy-bank bonds, the fifth, offshore
 * repo, any bond held Northbound. Each use carries the date it starts and its source; the dates of
 * uses 3 and 4 are the launch dates the HKMA and HKEX later gave (connect-rules.md §2.3).
 * @module
 */

import { type Rejection, reject } from '../kernel/index.js';

export type NorthboundBondUse =
  | 'rmb_liquidity_facility'
  | 'swap_connect_initial_margin'
  | 'trade_financing_facility'
  | 'otc_clear_margin'
  | 'offshore_repo';

export interface NorthboundBondUseRule {
  readonly use: NorthboundBondUse;
  /** What the bonds are used for, in a sentence. */
  readonly description: string;
  readonly from: string;
  /** The bonds domain's issuer kinds accepted; null: any bond held Northbound. */
  readonly issuer_kinds: readonly string[] | null;
  readonly source: string;
}

const GOVERNMENT_AND_POLICY_BANK = ['cgb', 'policy_bank'] as const;

export const NORTHBOUND_BOND_USES: readonly NorthboundBondUseRule[] = [
  {
    use: 'rmb_liquidity_facility',
    description: "collateral for a PLP's intraday or overnight RMB from the HKMA, by repo",
    from: '2024-02-26',
    issuer_kinds: GOVERNMENT_AND_POLICY_BANK,
    source: 'seeds/001 (ICBC Asia, Jan 2025); gmteight.com 77532',
  },
  {
    use: 'swap_connect_initial_margin',
    description: 'initial margin for Northbound Swap Connect at OTC Clear',
    from: '2025-01-13',
    issuer_kinds: GOVERNMENT_AND_POLICY_BANK,
    source: 'seeds/001; HKEX OTC Clear FAQ (Eligible Bond Connect Securities)',
  },
  {
    use: 'trade_financing_facility',
    description: 'repo collateral for the RMB Trade Financing Liquidity Facility',
    from: '2025-02-28',
    issuer_kinds: GOVERNMENT_AND_POLICY_BANK,
    source: 'seeds/001 ("by end Feb 2025"); HKMA press release 28 Feb 2025',
  },
  {
    use: 'otc_clear_margin',
    description: 'performance collateral (initial margin) for any derivative OTC Clear clears',
    from: '2025-03-21',
    issuer_kinds: GOVERNMENT_AND_POLICY_BANK,
    source: 'seeds/001; HKEX OTC Clear FAQ (all derivatives from 21 Mar 2025)',
  },
  {
    use: 'offshore_repo',
    description: 'collateral in an offshore RMB repo (Northbound repo), any bond type',
    from: '2025-02-10',
    issuer_kinds: null,
    source: 'seeds/001 ("不限券种"); HKMA press release 13 Jan 2025',
  },
];

/** The rule of a use, by name; undefined for a name that is not one of the five. */
export function northboundBondUse(use: string): NorthboundBondUseRule | undefined {
  return NORTHBOUND_BOND_USES.find((rule) => rule.use === use);
}

/** A Northbound bond of `issuer_kind` may serve `use` on `date`, or the first refusal. */
export function checkNorthboundBondUse(
  use: string,
  issuer_kind: string,
  date: string,
): Rejection | undefined {
  const rule = northboundBondUse(use);
  if (rule === undefined) {
    return reject('BOND_USE_UNKNOWN', 'Not one of the five uses of Northbound bonds', {
      use,
      uses: NORTHBOUND_BOND_USES.map((r) => r.use).join(','),
    });
  }
  if (date < rule.from) {
    return reject('BOND_USE_NOT_IN_FORCE', 'This use of Northbound bonds had not started', {
      use,
      date,
      from: rule.from,
    });
  }
  if (rule.issuer_kinds !== null && !rule.issuer_kinds.includes(issuer_kind)) {
    return reject('BOND_USE_NOT_ELIGIBLE', 'Only CGBs and policy-bank bonds serve this use', {
      use,
      issuer_kind,
    });
  }
  return undefined;
}

/**
 * Demo parties: the FMIs and central banks are real institutions; brokers, market makers, the
 * VATP and the stablecoin issuer are fictional. Every LEI here is illustrative: minted with the
 * prefix HTNG00 and correct ISO 7064 check digits, not taken from GLEIF.
 * @module
 */

import type { PartyInputJson } from '../commands.js';
import type { PartyRole } from '../parties.js';

/** Illustrative LEIs ("HTNG00" + mnemonic + check digits), by party id. */
export const DEMO_LEIS = {
  HUTONG: 'HTNG00HUTONG00000055',
  SEHK: 'HTNG00SEHK0000000075',
  HKSCC: 'HTNG00HKSCC000000065',
  SSE: 'HTNG00SSE00000000086',
  SZSE: 'HTNG00SZSE0000000064',
  CSDC: 'HTNG00CSDC0000000044',
  HKMA: 'HTNG00HKMA0000000097',
  PBOC: 'HTNG00PBOC0000000074',
  HKSARG: 'HTNG00HKSARG00000068',
  HARBOUR: 'HTNG00HARBOUR0000023',
  PEAK: 'HTNG00PEAK0000000029',
  KOWLOON: 'HTNG00KOWLOON0000058',
  BUND: 'HTNG00BUND0000000033',
  PEARL: 'HTNG00PEARL000000017',
  HSBC: 'HTNG00HSBC0000000028',
  BOCHK: 'HTNG00BOCHK000000056',
  SCBHK: 'HTNG00SCBHK000000062',
  LIONROCK: 'HTNG00LIONROCK000071',
  LUJIAZUI: 'HTNG00LUJIAZUI000037',
  HDX: 'HTNG00HDX00000000032',
  HDXG: 'HTNG00HDXG0000000012',
  LRSC: 'HTNG00LRSC0000000050',
  CCDC: 'HTNG00CCDC0000000019',
  SHCH: 'HTNG00SHCH0000000022',
  MOF: 'HTNG00MOF00000000023',
  OTCC: 'HTNG00OTCC0000000073',
  HKICL: 'HTNG00HKICL000000006',
  CNCC: 'HTNG00CNCC0000000068',
  ICBC: 'HTNG00ICBC0000000038',
} as const;

type DemoPartyId = keyof typeof DEMO_LEIS;

function party(
  id: DemoPartyId,
  name: string,
  roles: PartyRole[],
  jurisdiction: string,
  more: Pick<PartyInputJson, 'exchange_participant_of' | 'china_connect' | 'group'> = {},
): PartyInputJson {
  return { id, name, lei: DEMO_LEIS[id], roles, jurisdiction, ...more };
}

/** Operator, FMIs, central banks, issuer, brokers, banks, market makers, the VATP and its affiliate. */
export function demoParties(): PartyInputJson[] {
  return [
    party('HUTONG', 'Hutong demo market operator', ['operator'], 'HK'),
    // FMIs and authorities
    party('SEHK', 'The Stock Exchange of Hong Kong Limited (HKEX)', ['exchange'], 'HK'),
    party('HKSCC', 'Hong Kong Securities Clearing Company Limited', ['csd', 'ccp'], 'HK'),
    party('SSE', 'Shanghai Stock Exchange', ['exchange'], 'CN'),
    party('SZSE', 'Shenzhen Stock Exchange', ['exchange'], 'CN'),
    party(
      'CSDC',
      'China Securities Depository and Clearing Corporation (ChinaClear)',
      ['csd', 'ccp'],
      'CN',
    ),
    // The HKMA operates CMU (the bond CSD) and issues e-HKD; the PBOC issues e-CNY
    party('HKMA', 'Hong Kong Monetary Authority', ['central_bank', 'csd'], 'HK'),
    party('PBOC', "People's Bank of China", ['central_bank'], 'CN'),
    // The interbank bond market's CSDs (Bond Connect settles through CMU's nominee accounts at
    // both: bonds-financing-payments-scale.md §1) and the issuer of China Government Bonds
    party('CCDC', 'China Central Depository & Clearing Co., Ltd.', ['csd'], 'CN'),
    party('SHCH', 'Shanghai Clearing House', ['csd', 'ccp'], 'CN'),
    party('MOF', 'Ministry of Finance of the PRC', ['issuer'], 'CN'),
    party('HKSARG', 'Government of the Hong Kong Special Administrative Region', ['issuer'], 'HK'),
    // Brokers (fictional)
    party('HARBOUR', 'Harbour Securities Limited (fictional)', ['broker'], 'HK', {
      exchange_participant_of: ['XHKG'],
      china_connect: 'ccep',
    }),
    party('PEAK', 'Victoria Peak Brokerage Limited (fictional)', ['broker'], 'HK', {
      exchange_participant_of: ['XHKG'],
      china_connect: 'ttep',
    }),
    party(
      'KOWLOON',
      'Kowloon Bay Securities Limited (fictional, no China Connect)',
      ['broker'],
      'HK',
      {
        exchange_participant_of: ['XHKG'],
      },
    ),
    party('BUND', 'Bund Securities Co., Ltd. (fictional)', ['broker'], 'CN', {
      exchange_participant_of: ['XSHG', 'XSHE'],
    }),
    party('PEARL', 'Pearl River Securities Co., Ltd. (fictional)', ['broker'], 'CN', {
      exchange_participant_of: ['XSHG', 'XSHE'],
    }),
    // Banks: tokenized-deposit issuers and CHATS settlement institutions; BOCHK is the RMB
    // clearing bank in Hong Kong and the demo's FX bank
    party(
      'HSBC',
      'The Hongkong and Shanghai Banking Corporation Limited',
      ['bank', 'custodian'],
      'HK',
    ),
    party('BOCHK', 'Bank of China (Hong Kong) Limited', ['bank', 'fx_bank'], 'HK'),
    party('SCBHK', 'Standard Chartered Bank (Hong Kong) Limited', ['bank'], 'HK'),
    // Market makers (fictional)
    party(
      'LIONROCK',
      'Lion Rock Markets Limited (fictional)',
      ['broker', 'market_maker', 'primary_liquidity_provider'],
      'HK',
      { exchange_participant_of: ['XHKG'], group: 'LIONROCK' },
    ),
    party(
      'LUJIAZUI',
      'Lujiazui Market Making Co., Ltd. (fictional)',
      ['broker', 'market_maker'],
      'CN',
      // Lion Rock's Mainland subsidiary (fictional): one group with it for the CCPs' Cover 2
      { exchange_participant_of: ['XSHG', 'XSHE'], group: 'LIONROCK' },
    ),
    // A licensed VATP sharing its order book with an overseas affiliate (fictional)
    party(
      'HDX',
      'Harbour Digital Exchange Limited (fictional SFC-licensed VATP)',
      ['platform'],
      'HK',
    ),
    party(
      'HDXG',
      'Harbour Digital Global Pte. Ltd. (fictional overseas affiliate)',
      ['platform'],
      'SG',
    ),
    party(
      'LRSC',
      'Lion Rock Stablecoin Limited (fictional HKMA-licensed issuer)',
      ['issuer'],
      'HK',
    ),
    // OTC Clear takes Northbound bonds as margin (docs/financing.md §10); it holds them in CMU
    // itself (custodian role: assumption), last so that it is no one's default custodian
    party('OTCC', 'OTC Clearing Hong Kong Limited (HKEX OTC Clear)', ['ccp', 'custodian'], 'HK'),
    // Payment Connect (docs/payments.md §9.5): the operators of FPS and IBPS (no party role is a
    // payment system: the nearest, a clearing house, is an assumption) and a Mainland bank
    party('HKICL', 'Hong Kong Interbank Clearing Limited (FPS operator)', ['ccp'], 'HK'),
    party('CNCC', 'China National Clearing Center (IBPS operator)', ['ccp'], 'CN'),
    party('ICBC', 'Industrial and Commercial Bank of China Limited', ['bank'], 'CN'),
  ];
}

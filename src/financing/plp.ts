/**
 * The HKMA's Primary Liquidity Providers (PLPs): every Northbound repo must have at least one of
 * them as a counterparty (HKMA, 13 Jan 2025; the list of 11 as reported by GMT8,
 * gmteight.com/content/detail/284637; connect-rules.md §2.3).
 * @module
 */

import { type Rejection, reject } from '../kernel/index.js';

/** The eleven PLPs, by name. */
export const PRIMARY_LIQUIDITY_PROVIDERS: readonly string[] = [
  'Agricultural Bank of China',
  'Bank of China (Hong Kong)',
  'BANKCOMM Ltd',
  'BNP Paribas',
  'CITIC Bank International',
  'China Construction Bank (Asia)',
  'Citibank',
  'Hang Seng Bank',
  'HSBC',
  'ICBC (Asia)',
  'Standard Chartered Bank (Hong Kong)',
];

/** At least one side of a Northbound repo is a PLP (`is_plp` says which parties are). */
export function checkPlpCounterparty(
  seller: string,
  buyer: string,
  is_plp: (party: string) => boolean,
): Rejection | undefined {
  if (is_plp(seller) || is_plp(buyer)) return undefined;
  return reject('REPO_NO_PLP', 'A Northbound repo needs a Primary Liquidity Provider on one side', {
    seller,
    buyer,
  });
}

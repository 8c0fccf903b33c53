/**
 * The reference domain: currencies, identifiers, markets, tick tables, parties, investors, cash
 * assets, securities, calendars and sessions. Other domains import only this entry.
 * @module
 */

export * from './calendars/calendar.js';
export * from './calendars/calendars.js';
export type { CashAsset, CashForm } from './cash-assets.js';
export { CASH_FORMS, registerCashAsset } from './cash-assets.js';
export * from './codes.js';
export * from './commands.js';
export { COUNTRY_CODE_COUNT, isCountryCode } from './countries.js';
export * from './currencies.js';
export * from './demo.js';
export { isBcan, validateBcan } from './identifiers/bcan.js';
export { dtiCheckCharacter, isDti, validateDti } from './identifiers/dti.js';
export { isIsin, isIsinPrefix, isinCheckDigit, validateIsin } from './identifiers/isin.js';
export { isLei, leiCheckDigits, validateLei } from './identifiers/lei.js';
export type { Investor, InvestorType, SharedBookOptIn } from './investors.js';
export { INVESTOR_TYPES, registerInvestor } from './investors.js';
export * from './markets.js';
export type { ChinaConnectStatus, Party, PartyRole } from './parties.js';
export { CHINA_CONNECT_STATUSES, hasRole, PARTY_ROLES, registerParty } from './parties.js';
export type { AdmitSecurity, BondTerms, Security } from './securities.js';
export {
  findSecurityBySymbol,
  registerSecurity,
  updateSecurity,
} from './securities.js';
export * from './sessions.js';
export { FATF_HIGH_RISK, isFatfHighRisk, recordSharedBookOptIn } from './shared_book.js';
export * from './snapshot.js';
export * from './state.js';
export * from './ticks.js';

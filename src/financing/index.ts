/**
 * The financing domain (issue 15, first slice): repo economics in the GMRA's terms, margin
 * maintenance, the rules of Northbound repo and of the HKMA's RMB facilities in force on a date,
 * collateral schedules and OTC Clear's rules for Northbound bonds as margin.
 * Pure functions on exact integers; the hub will compose them with the bonds and the ledger.
 * See docs/financing.md.
 * @module
 */

export * from './collateral.js';
export * from './facilities.js';
export * from './five_uses.js';
export * from './margin.js';
export * from './otc_clear.js';
export * from './plp.js';
export * from './repo.js';
export * from './repo_rules.js';
export * from './revaluation.js';
export * from './types.js';

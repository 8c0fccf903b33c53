/**
 * Demo cash assets: money in each form the engine models.
 * @module
 */

import type { CashAssetInputJson } from '../commands.js';

/** Cash assets in every form: reserves, wholesale CBDC, tokenized deposits, a stablecoin, bank money. */
export function demoCashAssets(): CashAssetInputJson[] {
  return [
    // Central-bank money: RTGS balances and wholesale CBDC
    { id: 'HKD', currency: 'HKD', form: 'central_bank_reserves', issuer: 'HKMA' },
    { id: 'CNY', currency: 'CNY', form: 'central_bank_reserves', issuer: 'PBOC' },
    { id: 'e-HKD', currency: 'HKD', form: 'wholesale_cbdc', issuer: 'HKMA' },
    { id: 'e-CNY', currency: 'CNY', form: 'wholesale_cbdc', issuer: 'PBOC' },
    // Commercial-bank money: CNH through the RMB clearing bank, USD and EUR through the CHATS
    // settlement institutions, and ordinary HKD deposits
    { id: 'CNH', currency: 'CNH', form: 'commercial_bank_money', issuer: 'BOCHK' },
    { id: 'USD', currency: 'USD', form: 'commercial_bank_money', issuer: 'HSBC' },
    { id: 'EUR', currency: 'EUR', form: 'commercial_bank_money', issuer: 'SCBHK' },
    { id: 'HKD.CBM.HSBC', currency: 'HKD', form: 'commercial_bank_money', issuer: 'HSBC' },
    // Tokenized deposits by issuing bank
    { id: 'HKD.TD.HSBC', currency: 'HKD', form: 'tokenized_deposit', issuer: 'HSBC' },
    { id: 'HKD.TD.BOCHK', currency: 'HKD', form: 'tokenized_deposit', issuer: 'BOCHK' },
    { id: 'HKD.TD.SCB', currency: 'HKD', form: 'tokenized_deposit', issuer: 'SCBHK' },
    { id: 'CNH.TD.BOCHK', currency: 'CNH', form: 'tokenized_deposit', issuer: 'BOCHK' },
    // A licensed HKD stablecoin (fictional issuer)
    { id: 'HKD.SC.LRSC', currency: 'HKD', form: 'stablecoin', issuer: 'LRSC' },
  ];
}

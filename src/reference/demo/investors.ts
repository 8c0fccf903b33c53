/**
 * Demo investors of each type on both sides. Names are fictional; BCANs are the brokers' own
 * numbering (HARBOUR 1000000xxx, PEAK 2000000xxx). Southbound assets are CNY minor units.
 * @module
 */

import type { InvestorInputJson } from '../commands.js';

/** Investors in Hong Kong, Singapore, the Mainland, and two QFIIs. */
export function demoInvestors(): InvestorInputJson[] {
  return [
    // Hong Kong and overseas clients of Hong Kong brokers
    {
      id: 'hk-retail-chan',
      type: 'retail',
      jurisdiction: 'HK',
      broker: 'HARBOUR',
      bcan: '1000000001',
      id_document_country: 'HK',
    },
    {
      id: 'hk-retail-wong',
      type: 'retail',
      jurisdiction: 'HK',
      broker: 'PEAK',
      bcan: '2000000001',
      id_document_country: 'HK',
    },
    {
      id: 'hk-pro-lam',
      type: 'professional',
      jurisdiction: 'HK',
      broker: 'HARBOUR',
      bcan: '1000000002',
      id_document_country: 'HK',
    },
    {
      id: 'hk-inst-fund',
      type: 'institutional',
      jurisdiction: 'HK',
      broker: 'HARBOUR',
      bcan: '1000000003',
      id_document_country: 'HK',
    },
    {
      id: 'hk-inst-insurer',
      type: 'institutional',
      jurisdiction: 'HK',
      broker: 'PEAK',
      bcan: '2000000002',
      id_document_country: 'HK',
    },
    {
      id: 'sg-inst-fund',
      type: 'institutional',
      jurisdiction: 'SG',
      broker: 'HARBOUR',
      bcan: '1000000004',
      id_document_country: 'SG',
    },
    // A Hong Kong resident holding a Mainland ID document: no BCAN, may not buy Northbound
    {
      id: 'hk-retail-li',
      type: 'retail',
      jurisdiction: 'HK',
      broker: 'HARBOUR',
      id_document_country: 'CN',
    },
    // A client of a broker without China Connect: Hong Kong shares only
    {
      id: 'hk-retail-ho',
      type: 'retail',
      jurisdiction: 'HK',
      broker: 'KOWLOON',
      id_document_country: 'HK',
    },
    // Mainland clients of Mainland brokers (Southbound), with the RMB 500,000 test input
    {
      id: 'cn-retail-zhang',
      type: 'retail',
      jurisdiction: 'CN',
      broker: 'BUND',
      id_document_country: 'CN',
      southbound_assets_20d_avg_minor: '60000000',
    },
    {
      id: 'cn-retail-liu',
      type: 'retail',
      jurisdiction: 'CN',
      broker: 'PEARL',
      id_document_country: 'CN',
      southbound_assets_20d_avg_minor: '30000000',
    },
    {
      id: 'cn-pro-zhao',
      type: 'professional',
      jurisdiction: 'CN',
      broker: 'BUND',
      id_document_country: 'CN',
      southbound_assets_20d_avg_minor: '200000000',
    },
    {
      id: 'cn-inst-fund',
      type: 'institutional',
      jurisdiction: 'CN',
      broker: 'PEARL',
      id_document_country: 'CN',
    },
    // Foreign institutions investing in the Mainland under QFII
    {
      id: 'qfii-us-pension',
      type: 'qfii',
      jurisdiction: 'US',
      broker: 'BUND',
      id_document_country: 'US',
    },
    {
      id: 'qfii-jp-bank',
      type: 'qfii',
      jurisdiction: 'JP',
      broker: 'PEARL',
      id_document_country: 'JP',
    },
  ];
}

/**
 * BCAN (Broker-to-Client Assigned Number) of the Northbound Investor ID Model: a number a China
 * Connect participant assigns to each Northbound client, mapped to the client's identification
 * data and tagged on every Northbound order. Here it is a positive integer of at most 10 digits,
 * written as decimal digits without leading zeros, so each BCAN has exactly one spelling.
 *
 * SEHK also defines reserved BCAN values (for example for sell orders of clients who may no
 * longer buy); their exact values are not in our references, so they are not modelled here.
 * @module
 */

import { accept, type Outcome } from '../../kernel/index.js';
import { refuse } from '../codes.js';

const BCAN_PATTERN = /^[1-9][0-9]{0,9}$/;

/** Accepts a BCAN from 1 to 9999999999 written without leading zeros; else `INVALID_BCAN`. */
export function validateBcan(text: string): Outcome<string> {
  if (!BCAN_PATTERN.test(text)) {
    return refuse('INVALID_BCAN', 'A BCAN is a number from 1 to 9999999999 without leading zeros', {
      bcan: text,
    });
  }
  return accept(text);
}

/** Whether `text` is a well-formed BCAN. */
export function isBcan(text: string): boolean {
  return validateBcan(text).ok;
}

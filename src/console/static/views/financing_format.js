// Text helpers shared by the Financing view's panels (financing.js, financing_liquidity.js):
// amounts as exact digit strings, never floats.
import { hktText, scaledText } from '../bonds.js';
import { escapeHtml, minorText } from '../format.js';

export function money(minor, currency) {
  return `${minorText(minor, 2)}${currency ? ` ${escapeHtml(currency)}` : ''}`;
}

export function percentText(rate_e12) {
  return `${scaledText(rate_e12, 10, 2)} %`;
}

/** Parts per million → "8.0 %". */
export function ppmText(ppm) {
  return `${scaledText(String(ppm), 4, 1)} %`;
}

/** Hub time → "01-06 11:00:02" (Hong Kong date and time). */
export function whenText(timestamp_us) {
  const date = new Date(Math.floor(timestamp_us / 1000) + 8 * 3600 * 1000).toISOString();
  return `${date.slice(5, 10)} ${hktText(timestamp_us)}`;
}

/** A face amount: whole units without the cents (a face value is whole). */
export function faceText(minor) {
  const text = minorText(minor, 2);
  return text.endsWith('.00') ? text.slice(0, -3) : text;
}

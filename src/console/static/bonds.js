// What the bond views share: exact formatting of bond prices and yields (digit strings, never
// floats), the registered bonds and makers, and sending a bond command with its error shown as
// the API's code and message. The views: views/bond_*.js.
import { escapeHtml, minorText } from './format.js';

/** The registered bonds (GET /v1/bonds) and makers (GET /v1/bonds/makers), loaded on demand. */
export const bondStore = { bonds: [], makers: [], loaded_at: 0 };

/** Loads bonds and makers, at most every 4 s unless `force`. */
export async function loadBondStore(ctx, force = false) {
  const now = Date.now();
  if (!force && now - bondStore.loaded_at < 4_000) return;
  bondStore.loaded_at = now;
  const [bonds, makers] = await Promise.all([
    ctx.request('GET', '/v1/bonds'),
    ctx.request('GET', '/v1/bonds/makers'),
  ]);
  if (bonds.status === 200) bondStore.bonds = bonds.body.bonds;
  if (makers.status === 200) bondStore.makers = makers.body.makers;
}

export function bondOf(isin) {
  return bondStore.bonds.find((b) => b.isin === isin);
}

/** Northbound for Mainland interbank bonds, Southbound for the others (docs/bonds.md §8.2). */
export function directionOf(bond) {
  return ['cgb', 'policy_bank', 'local_gov', 'corporate'].includes(bond?.issuer_kind)
    ? 'northbound'
    : 'southbound';
}

/** A digit string at `scale` decimals as text with at least `keep` decimals: trailing 0s cut. */
export function scaledText(digits, scale, keep) {
  const text = minorText(digits, scale).replace(/,/g, '');
  const [whole, fraction = ''] = text.split('.');
  let cut = fraction;
  while (cut.length > keep && cut.endsWith('0')) cut = cut.slice(0, -1);
  return cut.length === 0 ? whole : `${whole}.${cut}`;
}

/** A clean price per 100 in 10^-8 → "99.40". */
export function pxText(px_e8) {
  return scaledText(px_e8, 8, 2);
}

/** A yield in 10^-12 → "3.5521 %" (the percent has 10 decimals; 4 shown unless more differ). */
export function yieldText(yield_e12) {
  const text = scaledText(yield_e12, 10, 4);
  const [whole, fraction = ''] = text.split('.');
  return `${whole}.${fraction.slice(0, 4).padEnd(4, '0')} %`;
}

/** "99.4" at scale 8 → "9940000000"; null when not a decimal with at most `scale` places. */
export function decimalToScaled(text, scale) {
  const match = /^\s*(\d{1,15})(?:\.(\d*))?\s*$/.exec(String(text));
  if (match === null) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > scale) return null;
  return BigInt(match[1] + fraction.padEnd(scale, '0')).toString();
}

/** Hub time (µs) → HH:MM:SS, Hong Kong time. */
export function hktText(timestamp_us) {
  const seconds = Math.floor(timestamp_us / 1e6) + 8 * 3600;
  const day = ((seconds % 86400) + 86400) % 86400;
  const pad = (n) => String(n).padStart(2, '0');
  return `${pad(Math.floor(day / 3600))}:${pad(Math.floor(day / 60) % 60)}:${pad(day % 60)}`;
}

/** Whether the console's key acts for `party` (itself or one of its clients; all for operators). */
export function actsFor(state, party) {
  const who = state.who;
  if (!who) return false;
  return who.operator || who.participant === party || (who.clients ?? []).includes(party);
}

/** Posts a bond command; answers `{ ok, text }`: the events, or the API's code and message. */
export async function bondCommand(ctx, body) {
  const r = await ctx.request('POST', '/v1/commands', body);
  if (r.status === 200) return { ok: true, text: `${body.type} accepted (seq ${r.body.seq})` };
  const error = r.body?.error;
  return { ok: false, text: `${error?.code ?? r.status}: ${error?.message ?? 'failed'}` };
}

export function resultHtml(result) {
  if (!result) return '';
  return `<span class="${result.ok ? 'ok' : 'bad'}">${escapeHtml(result.text)}</span>`;
}

// Exact formatting: prices are integer units, amounts decimal strings of minor units. No floats
// touch a displayed price or amount; the chart alone draws with floats.

/** 146050 at scale 2 → "1460.50". */
export function unitsText(units, scale) {
  if (units === null || units === undefined) return '–';
  const negative = units < 0;
  const digits = String(Math.abs(units)).padStart(scale + 1, '0');
  const whole = scale === 0 ? digits : digits.slice(0, digits.length - scale);
  const fraction = scale === 0 ? '' : `.${digits.slice(digits.length - scale)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** "1460.5" at scale 2 → 146050; null when it is not a price with at most `scale` decimals. */
export function textUnits(text, scale) {
  const match = /^\s*(\d{1,12})(?:\.(\d*))?\s*$/.exec(text);
  if (match === null) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > scale) return null;
  return Number(match[1] + fraction.padEnd(scale, '0'));
}

/** "123456789" minor units at scale 2 → "1,234,567.89". */
export function minorText(minor, scale) {
  const text = String(minor);
  const negative = text.startsWith('-');
  const digits = (negative ? text.slice(1) : text).padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = scale === 0 ? '' : `.${digits.slice(digits.length - scale)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

export function quantityText(units) {
  return String(units).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Hub time (µs since the epoch) as HH:MM:SS in Hong Kong and Mainland time (UTC+8). */
export function clockText(timestamp_us) {
  const seconds = Math.floor(timestamp_us / 1e6) + 8 * 3600;
  const day = ((seconds % 86400) + 86400) % 86400;
  const pad = (n) => String(n).padStart(2, '0');
  return `${pad(Math.floor(day / 3600))}:${pad(Math.floor(day / 60) % 60)}:${pad(day % 60)}`;
}

/** Change from the previous close, in percent with two decimals, and its direction. */
export function changeOf(last, close) {
  if (!last || !close) return { text: '', direction: '' };
  const bp = Math.round(((last - close) * 10000) / close);
  const sign = bp > 0 ? '+' : bp < 0 ? '-' : '';
  const abs = Math.abs(bp);
  return {
    text: `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`,
    direction: bp > 0 ? 'up' : bp < 0 ? 'down' : '',
  };
}

export function escapeHtml(text) {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
}

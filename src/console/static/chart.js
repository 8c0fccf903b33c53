// The price chart: TradingView's lightweight-charts (vendored, Apache-2.0). Candles and volume from
// the trades the console has seen, on hub time shown in Hong Kong time (UTC+8), the price scale on
// the right, the volume scale on the left, and today's limit-up and limit-down prices as dashed
// lines kept in view. Prices become floats here for drawing only; labels use the instrument's scale.
import {
  CandlestickSeries,
  createChart,
  HistogramSeries,
  LineStyle,
} from './vendor/lightweight-charts.js';

const HKT_OFFSET_S = 8 * 3600;
const BUCKETS_S = [1, 5, 15, 60, 300, 900, 3600];
const BARS_MAX = 200;
const COLORS = { up: '#2fbf71', down: '#ef5d5d', text: '#7d8a97', line: '#26303b' };

/** Bucket width in seconds: the narrowest that keeps the trades' span within BARS_MAX bars. */
export function bucketSeconds(first_us, last_us) {
  const span_s = Math.max(1, Math.ceil((last_us - first_us) / 1e6));
  return BUCKETS_S.find((b) => span_s / b <= BARS_MAX) ?? BUCKETS_S[BUCKETS_S.length - 1];
}

/** Trades (oldest first) as OHLC bars and volume bars, times as Hong Kong seconds. */
export function barsOf(trades, scale) {
  if (trades.length === 0) return { candles: [], volumes: [], bucket_s: 0 };
  const bucket_s = bucketSeconds(trades[0].timestamp_us, trades[trades.length - 1].timestamp_us);
  const divisor = 10 ** scale;
  const candles = [];
  const volumes = [];
  for (const t of trades) {
    const time =
      Math.floor((Math.floor(t.timestamp_us / 1e6) + HKT_OFFSET_S) / bucket_s) * bucket_s;
    const price = t.price_units / divisor;
    const last = candles[candles.length - 1];
    if (last !== undefined && last.time === time) {
      last.high = Math.max(last.high, price);
      last.low = Math.min(last.low, price);
      last.close = price;
      volumes[volumes.length - 1].value += t.quantity_units;
    } else if (last === undefined || time > last.time) {
      candles.push({ time, open: price, high: price, low: price, close: price });
      volumes.push({ time, value: t.quantity_units });
    }
  }
  for (let k = 0; k < candles.length; k += 1)
    volumes[k].color = candles[k].close >= candles[k].open ? '#2fbf7155' : '#ef5d5d55';
  return { candles, volumes, bucket_s };
}

function hhmm(seconds) {
  const day = ((seconds % 86400) + 86400) % 86400;
  const pad = (n) => String(n).padStart(2, '0');
  return `${pad(Math.floor(day / 3600))}:${pad(Math.floor(day / 60) % 60)}:${pad(day % 60)}`;
}

export function createPriceChart(element) {
  const chart = createChart(element, {
    autoSize: true,
    layout: {
      background: { color: 'transparent' },
      textColor: COLORS.text,
      fontSize: 11,
      attributionLogo: true,
    },
    grid: { vertLines: { color: '#1d252e' }, horzLines: { color: '#1d252e' } },
    timeScale: { timeVisible: true, secondsVisible: true, borderColor: COLORS.line },
    rightPriceScale: { borderColor: COLORS.line, scaleMargins: { top: 0.08, bottom: 0.28 } },
    leftPriceScale: {
      visible: true,
      borderColor: COLORS.line,
      scaleMargins: { top: 0.78, bottom: 0 },
    },
    localization: { timeFormatter: (time) => `${hhmm(time)} HKT` },
  });
  let limits = null;
  const candles = chart.addSeries(CandlestickSeries, {
    upColor: COLORS.up,
    downColor: COLORS.down,
    wickUpColor: COLORS.up,
    wickDownColor: COLORS.down,
    borderVisible: false,
    autoscaleInfoProvider: (original) => {
      const range = original();
      if (range === null || limits === null) return range;
      return {
        priceRange: {
          minValue: Math.min(range.priceRange.minValue, limits.down),
          maxValue: Math.max(range.priceRange.maxValue, limits.up),
        },
      };
    },
  });
  const volume = chart.addSeries(HistogramSeries, {
    priceScaleId: 'left',
    priceFormat: { type: 'volume' },
    lastValueVisible: false,
    priceLineVisible: false,
  });
  let lines = [];
  let shown = null;

  function setLimits(instrument) {
    for (const line of lines) candles.removePriceLine(line);
    lines = [];
    const divisor = 10 ** instrument.price_scale;
    const up = instrument.book?.limit_up_units;
    const down = instrument.book?.limit_down_units;
    limits = up == null || down == null ? null : { up: up / divisor, down: down / divisor };
    if (limits === null) return;
    const line = (price, title, color) =>
      candles.createPriceLine({ price, color, title, lineStyle: LineStyle.Dashed, lineWidth: 1 });
    lines = [line(limits.up, 'limit up', COLORS.up), line(limits.down, 'limit down', COLORS.down)];
  }

  /** Draws `trades` of `instrument`; a new instrument resets the view and its limit lines. */
  function update(instrument, trades) {
    const key = `${instrument.id}:${instrument.book?.limit_up_units}:${instrument.book?.limit_down_units}`;
    const precision = instrument.price_scale;
    if (shown !== key) {
      candles.applyOptions({
        priceFormat: { type: 'price', precision, minMove: 1 / 10 ** precision },
      });
      setLimits(instrument);
    }
    const bars = barsOf(trades, precision);
    candles.setData(bars.candles);
    volume.setData(bars.volumes);
    if (shown?.split(':')[0] !== instrument.id) chart.timeScale().fitContent();
    shown = key;
    describe(bars);
  }

  /** What the chart shows, on the element for tests and tools: bars, bucket, time span. */
  function describe(bars) {
    element.dataset.bars = String(bars.candles.length);
    element.dataset.bucketSeconds = String(bars.bucket_s);
    element.dataset.limits = limits === null ? '' : `${limits.down}–${limits.up}`;
    const first = bars.candles[0];
    const last = bars.candles[bars.candles.length - 1];
    element.dataset.timeAxis = first ? `${hhmm(first.time)}–${hhmm(last.time)} HKT` : '';
  }

  return { update };
}

/**
 * The day's agents: who abuses which books how often, and the negative controls beside them.
 * @module
 */

import type { Mulberry32 } from '../../kernel/random.js';
import type { AbuseAgent } from './agent.js';
import {
  ABUSE_INSTRUMENTS as BOOKS,
  CLOSE_MARKERS,
  CONTROLS,
  FAILING_MAKER,
  HERD,
  HFT_BURSTER,
  IGNITERS,
  PUSHER,
  SPOOFERS,
  WASH_TRADERS,
} from './cast.js';
import { ClosingMarker } from './closing_marker.js';
import { Pegger, TwoSidedProp } from './controls.js';
import { FailingMaker } from './failing_maker.js';
import { Herd } from './herd.js';
import { HftBurster } from './hft_burster.js';
import { Igniter } from './igniter.js';
import type { LabelBook } from './labels.js';
import { Pusher } from './pusher.js';
import { Spoofer } from './spoofer.js';
import { WashTrader } from './wash_trader.js';

/**
 * `standard`: abuse as enforcement cases describe it (spoofs 10–50× the genuine order and pulled
 * within a second or two, wash pairs entered together, marking in the last minutes).
 * `evasive`: the same agents trying to stay under the bars — spoofs 1–3× the genuine order pulled
 * after 2–8 s, wash pairs 5–40 s apart with sizes 30 % apart, marking spread over 15 minutes —
 * to measure where the detectors stop seeing them.
 */
export type AbuseVariant = 'standard' | 'evasive';

export function dayAgents(
  date: string,
  rng: Mulberry32,
  labels: LabelBook,
  variant: AbuseVariant = 'standard',
): AbuseAgent[] {
  return [
    ...spoofers(date, rng, labels, variant),
    ...washTraders(date, rng, labels, variant),
    ...marketMovers(date, rng, labels, variant),
    ...programmeTraders(date, rng, labels),
    ...controls(date, rng),
  ];
}

const EVASIVE_SPOOF = { genuine_lots: [2, 3], cancel_delay_s: [2, 8] } as const;
const EVASIVE_WASH = { gap_s: [5, 40], size_difference_pct: 30 } as const;

function spoofers(
  date: string,
  rng: Mulberry32,
  labels: LabelBook,
  variant: AbuseVariant,
): AbuseAgent[] {
  const evasive = variant === 'evasive';
  const common = { date, labels };
  const spoof = evasive ? EVASIVE_SPOOF : {};
  return [
    new Spoofer({
      ...common,
      name: 'spoofer-moutai',
      trader: SPOOFERS.cn_moutai,
      market: 'XSHG',
      instruments: [BOOKS.XSHG[0]],
      episodes: 4,
      mode: 'spoofing',
      spoof_lots: evasive ? [3, 6] : [30, 60],
      ...spoof,
      rng: rng.fork(),
    }),
    new Spoofer({
      ...common,
      name: 'layerer-sz',
      trader: SPOOFERS.cn_layer,
      market: 'XSHE',
      instruments: BOOKS.XSHE,
      episodes: 4,
      mode: 'layering',
      spoof_lots: evasive ? [1, 2] : [10, 20],
      ...spoof,
      rng: rng.fork(),
    }),
    new Spoofer({
      ...common,
      name: 'layerer-hk',
      trader: SPOOFERS.hk_layer,
      market: 'XHKG',
      instruments: BOOKS.XHKG,
      episodes: 4,
      mode: 'layering',
      spoof_lots: evasive ? [1, 2] : [10, 20],
      ...spoof,
      rng: rng.fork(),
    }),
  ];
}

function washTraders(
  date: string,
  rng: Mulberry32,
  labels: LabelBook,
  variant: AbuseVariant,
): AbuseAgent[] {
  const common = { date, labels };
  const wash = variant === 'evasive' ? EVASIVE_WASH : {};
  return [
    new WashTrader({
      ...common,
      name: 'wash-sh',
      traders: [WASH_TRADERS.cn_self],
      market: 'XSHG',
      instruments: BOOKS.XSHG,
      episodes: 2,
      ...wash,
      rng: rng.fork(),
    }),
    new WashTrader({
      ...common,
      name: 'wash-hk',
      traders: [WASH_TRADERS.hk_self],
      market: 'XHKG',
      instruments: BOOKS.XHKG,
      episodes: 2,
      ...wash,
      rng: rng.fork(),
    }),
    new WashTrader({
      ...common,
      name: 'matched-sz',
      traders: [WASH_TRADERS.cn_linked_a, WASH_TRADERS.cn_linked_b],
      market: 'XSHE',
      instruments: BOOKS.XSHE,
      episodes: 2,
      ...wash,
      rng: rng.fork(),
    }),
  ];
}

function marketMovers(
  date: string,
  rng: Mulberry32,
  labels: LabelBook,
  variant: AbuseVariant,
): AbuseAgent[] {
  const common = { date, labels };
  const spread = variant === 'evasive' ? ({ lead_s: 900, gap_s: [60, 150] } as const) : {};
  return [
    new ClosingMarker({
      ...common,
      name: 'marker-sh',
      trader: CLOSE_MARKERS.cn,
      market: 'XSHG',
      // Not Moutai: at RMB 1,460 a share its RMB 0.01 tick is 0.07 bp, and moving its close
      // materially takes far more money than this agent trades.
      instruments: [BOOKS.XSHG[1]],
      ...spread,
      rng: rng.fork(),
    }),
    new ClosingMarker({
      ...common,
      name: 'marker-hk',
      trader: CLOSE_MARKERS.hk,
      market: 'XHKG',
      instruments: BOOKS.XHKG,
      ...spread,
      rng: rng.fork(),
    }),
    new Igniter({
      ...common,
      name: 'igniter-sz',
      trader: IGNITERS.cn,
      market: 'XSHE',
      instruments: BOOKS.XSHE,
      episodes: 3,
      mode: 'ignite',
      lots: [5, 30],
      rng: rng.fork(),
    }),
    new Igniter({
      ...common,
      name: 'large-hk',
      trader: IGNITERS.hk,
      market: 'XHKG',
      instruments: BOOKS.XHKG,
      episodes: 2,
      mode: 'large',
      lots: [20, 40],
      rng: rng.fork(),
    }),
    new Pusher({
      ...common,
      name: 'pusher-sh',
      trader: PUSHER,
      market: 'XSHG',
      instruments: [BOOKS.XSHG[1]],
      pushes: 5,
      rng: rng.fork(),
    }),
  ];
}

function programmeTraders(date: string, rng: Mulberry32, labels: LabelBook): AbuseAgent[] {
  const common = { date, labels };
  return [
    new HftBurster({
      ...common,
      name: 'hft-sh',
      trader: HFT_BURSTER,
      market: 'XSHG',
      instruments: BOOKS.XSHG,
      bursts: 3,
      orders_per_burst: 170,
      rng: rng.fork(),
    }),
    new Herd({
      ...common,
      name: 'herd',
      traders: HERD,
      market: 'XSHG',
      instruments: BOOKS.XSHG,
      episodes: 4,
      rng: rng.fork(),
    }),
    new FailingMaker({
      ...common,
      name: 'failing-maker',
      maker: FAILING_MAKER,
      instruments: BOOKS.XSHE,
      rng: rng.fork(),
    }),
  ];
}

function controls(date: string, rng: Mulberry32): AbuseAgent[] {
  return [
    new Pegger({
      name: 'pegger-sh',
      trader: CONTROLS.cn_pegger,
      instruments: [BOOKS.XSHG[1]],
      date,
      rng: rng.fork(),
      every_s: [3, 10],
    }),
    new Pegger({
      name: 'pegger-hk',
      trader: CONTROLS.hk_pegger,
      instruments: [BOOKS.XHKG[0]],
      date,
      rng: rng.fork(),
      every_s: [3, 10],
    }),
    new TwoSidedProp({
      name: 'prop-sz',
      trader: CONTROLS.cn_prop,
      instruments: BOOKS.XSHE,
      date,
      rng: rng.fork(),
      every_s: [4, 8],
    }),
  ];
}

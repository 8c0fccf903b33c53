/**
 * Who abuses the demo market, and the busy but legitimate traders beside them (negative
 * controls): investors registered through the same `reference.register_*` commands as genesis,
 * a market maker that will fail its obligation, the linked-account groups a surveillance team
 * would know from KYC, and the instruments the agents trade. All names are fictional.
 * @module
 */

import { parseCommand } from '../../protocol/index.js';
import { leiCheckDigits } from '../../reference/index.js';
import { GENESIS_PARTICIPANT, type Submission } from '../genesis.js';

export interface AbuseTrader {
  readonly owner: string;
  readonly participant: string;
}

const cn = (owner: string, participant: 'BUND' | 'PEARL'): AbuseTrader => ({ owner, participant });
const hk = (owner: string): AbuseTrader => ({ owner, participant: 'HARBOUR' });

export const SPOOFERS = {
  cn_moutai: cn('cn-spoof-wu', 'BUND'),
  cn_layer: cn('cn-spoof-xu', 'PEARL'),
  hk_layer: hk('hk-spoof-kwok'),
} as const;

export const WASH_TRADERS = {
  cn_self: cn('cn-wash-he', 'BUND'),
  hk_self: hk('hk-wash-yip'),
  cn_linked_a: cn('cn-link-ma-a', 'BUND'),
  cn_linked_b: cn('cn-link-ma-b', 'PEARL'),
} as const;

export const CLOSE_MARKERS = { cn: cn('cn-mark-song', 'PEARL'), hk: hk('hk-mark-tse') } as const;
export const IGNITERS = { cn: cn('cn-ignite-gao', 'BUND'), hk: hk('hk-ignite-lau') } as const;
export const PUSHER = cn('cn-push-fang', 'PEARL');
export const HFT_BURSTER = cn('cn-hft-qian', 'BUND');
export const HERD: readonly AbuseTrader[] = Array.from({ length: 10 }, (_, i) =>
  cn(`cn-algo-${String(i + 1).padStart(2, '0')}`, i % 2 === 0 ? 'BUND' : 'PEARL'),
);
export const CONTROLS = {
  cn_pegger: cn('cn-exec-tan', 'BUND'),
  hk_pegger: hk('hk-exec-chow'),
  cn_prop: cn('cn-prop-lin', 'PEARL'),
} as const;

/** A market maker on SZSE that quotes too little of the day (fictional). */
export const FAILING_MAKER = 'JINQIAO';

/** Accounts under common control, as the surveillance configuration would list them. */
export const ABUSE_LINKED_GROUPS = [
  {
    group_id: 'group-ma',
    owners: [WASH_TRADERS.cn_linked_a.owner, WASH_TRADERS.cn_linked_b.owner],
    basis: 'same beneficial controller (KYC)',
  },
] as const;

/** The books agents trade, by market: liquid names only. */
export const ABUSE_INSTRUMENTS = {
  XSHG: ['CNE0000018R8', 'CNE000001R84'],
  XSHE: ['CNE000000VQ8', 'CNE100003662'],
  XHKG: ['KYG875721634', 'KYG017191142', 'GB0005405286', 'HK0941009539'],
} as const;

function allTraders(): AbuseTrader[] {
  return [
    ...Object.values(SPOOFERS),
    ...Object.values(WASH_TRADERS),
    ...Object.values(CLOSE_MARKERS),
    ...Object.values(IGNITERS),
    PUSHER,
    HFT_BURSTER,
    ...HERD,
    ...Object.values(CONTROLS),
  ];
}

/** The registrations the abuse scenario adds after genesis. */
export function abuseCastSubmissions(): Submission[] {
  const submissions: Submission[] = [];
  let bcan = 1_000_000_100;
  for (const trader of allTraders()) {
    const mainland = trader.participant !== 'HARBOUR';
    if (!mainland) bcan += 1;
    const investor = {
      id: trader.owner,
      type: 'professional',
      jurisdiction: mainland ? 'CN' : 'HK',
      broker: trader.participant,
      id_document_country: mainland ? 'CN' : 'HK',
      ...(mainland ? {} : { bcan: String(bcan) }),
    };
    submissions.push(wire({ type: 'reference.register_investor', investor }));
  }
  submissions.push(wire({ type: 'reference.register_party', party: failingMakerParty() }));
  return submissions;
}

function failingMakerParty(): Record<string, unknown> {
  const base = 'HTNG00JINQIAO00000';
  return {
    id: FAILING_MAKER,
    name: 'Jinqiao Liquidity Co., Ltd. (fictional)',
    lei: `${base}${leiCheckDigits(base)}`,
    roles: ['broker', 'market_maker'],
    jurisdiction: 'CN',
    exchange_participant_of: ['XSHE'],
  };
}

function wire(command: unknown): Submission {
  const parsed = parseCommand(command);
  if (!parsed.ok) throw new Error(`abuse cast does not parse: ${JSON.stringify(parsed.problems)}`);
  return { participant: GENESIS_PARTICIPANT, command: parsed.command };
}

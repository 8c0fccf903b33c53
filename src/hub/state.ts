/**
 * The hub's whole state, its snapshot, and its digest.
 * @module
 */

import { encode } from '../kernel/codec.js';
import { sha256Hex } from '../kernel/digest.js';
import {
  createLedgerState,
  type LedgerSnapshot,
  type LedgerState,
  restoreLedger,
  snapshotLedger,
} from '../ledger/index.js';
import {
  createPosttradeState,
  type PosttradeSnapshot,
  type PosttradeState,
  restorePosttrade,
  snapshotPosttrade,
} from '../posttrade/index.js';
import {
  createReferenceState,
  type ReferenceSnapshot,
  type ReferenceState,
  restoreReference,
  snapshotReference,
} from '../reference/index.js';
import {
  createRulesState,
  type RulesSnapshot,
  type RulesState,
  restoreRules,
  snapshotRules,
} from '../rules/index.js';
import {
  type BondsSnapshot,
  type BondsState,
  createBondsState,
  restoreBonds,
  snapshotBonds,
} from './bonds/state.js';
import {
  createFinancingState,
  type FinancingSnapshot,
  type FinancingState,
  restoreFinancing,
  snapshotFinancing,
} from './financing/state.js';
import type { IdempotencyRecord, IdempotencyState } from './idempotency.js';
import { recomputeReserveCommitments } from './market/prefund.js';
import { MarketsRuntime } from './market/runtime.js';
import type { MarketsSnapshot } from './market/state.js';
import {
  createPaymentsState,
  type PaymentsSnapshot,
  type PaymentsState,
  restorePayments,
  snapshotPayments,
} from './payments/state.js';

export interface HubState {
  /** The seq of the last command applied (0 before the first). */
  seq: number;
  /** Hub time: the timestamp of the last command applied. */
  now_us: number;
  /** The sequence number the next event will get. */
  next_event_seq: number;
  readonly reference: ReferenceState;
  readonly ledger: LedgerState;
  readonly markets: MarketsRuntime;
  readonly rules: RulesState;
  /** The Connect rules' trading day: when it next opens or closes on the hub clock. */
  readonly connect_clock: ConnectClock;
  readonly posttrade: PosttradeState;
  /** When the next daily settlement cycles run (0 until the first command). */
  readonly settlement_clock: { next_us: number };
  /** Bonds: terms and schedules (issue 14). */
  readonly bonds: BondsState;
  readonly financing: FinancingState;
  /** Payment Connect: proxies, limit counters, payments, quotes, settings (issue 16). */
  readonly payments: PaymentsState;
  readonly idempotency: IdempotencyState;
}

export interface ConnectClock {
  /** The local date whose rules day is open, or '' when none is. */
  open_date: string;
  /** Hub time of the next opening or closing; 0 until the first command. */
  next_us: number;
}

export function createHubState(): HubState {
  return {
    seq: 0,
    now_us: 0,
    next_event_seq: 1,
    reference: createReferenceState(),
    ledger: createLedgerState(),
    markets: new MarketsRuntime(),
    rules: createRulesState(),
    connect_clock: { open_date: '', next_us: 0 },
    posttrade: createPosttradeState(),
    settlement_clock: { next_us: 0 },
    bonds: createBondsState(),
    financing: createFinancingState(),
    payments: createPaymentsState(),
    idempotency: new Map(),
  };
}

export interface HubSnapshot {
  readonly format: 'hutong.hub.v1';
  readonly seq: number;
  readonly now_us: number;
  readonly next_event_seq: number;
  readonly reference: ReferenceSnapshot;
  readonly ledger: LedgerSnapshot;
  readonly markets: MarketsSnapshot;
  readonly rules: RulesSnapshot;
  readonly connect_clock: ConnectClock;
  readonly posttrade: PosttradeSnapshot;
  readonly settlement_clock: { readonly next_us: number };
  /** Absent in snapshots taken before bonds were in the hub. */
  readonly bonds?: BondsSnapshot;
  /** Absent in snapshots taken before financing was in the hub. */
  readonly financing?: FinancingSnapshot;
  /** Absent in snapshots taken before payments were in the hub. */
  readonly payments?: PaymentsSnapshot;
  readonly idempotency: ReadonlyArray<readonly [string, IdempotencyRecord]>;
}

/**
 * The whole state as plain data. `transfers: 'summary'` leaves out the ledger's completed transfers
 * but for their count and the newest (see `snapshotLedger`): for comparisons, never for restoring.
 */
export function snapshotHub(state: HubState, transfers: 'all' | 'summary' = 'all'): HubSnapshot {
  return {
    format: 'hutong.hub.v1',
    seq: state.seq,
    now_us: state.now_us,
    next_event_seq: state.next_event_seq,
    reference: snapshotReference(state.reference),
    ledger: snapshotLedger(state.ledger, transfers),
    markets: state.markets.snapshot(),
    rules: snapshotRules(state.rules),
    connect_clock: { ...state.connect_clock },
    posttrade: snapshotPosttrade(state.posttrade),
    settlement_clock: { ...state.settlement_clock },
    bonds: snapshotBonds(state.bonds),
    financing: snapshotFinancing(state.financing),
    payments: snapshotPayments(state.payments),
    idempotency: [...state.idempotency],
  };
}

export function restoreHub(snapshot: HubSnapshot): HubState {
  if (snapshot.format !== 'hutong.hub.v1')
    throw new Error(`unknown snapshot format ${String(snapshot.format)}`);
  const state: HubState = {
    seq: snapshot.seq,
    now_us: snapshot.now_us,
    next_event_seq: snapshot.next_event_seq,
    reference: restoreReference(snapshot.reference),
    ledger: restoreLedger(snapshot.ledger),
    markets: new MarketsRuntime(snapshot.markets),
    rules: restoreRules(snapshot.rules),
    connect_clock: { ...snapshot.connect_clock },
    posttrade: restorePosttrade(snapshot.posttrade),
    settlement_clock: { ...snapshot.settlement_clock },
    bonds: restoreBonds(snapshot.bonds),
    financing: restoreFinancing(snapshot.financing),
    payments: restorePayments(snapshot.payments, snapshot.now_us),
    idempotency: new Map(snapshot.idempotency.map(([key, record]) => [key, { ...record }])),
  };
  // Snapshots taken before issue 12 item 20 kept no reserve commitments: rebuild them from the
  // orders, exactly as the hub would have kept them.
  if (snapshot.posttrade.resting_shared_minor === undefined) recomputeReserveCommitments(state);
  return state;
}

/** SHA-256 of the canonical encoding of the whole state: equal digests mean equal states. */
export function digestHubState(state: HubState): string {
  return sha256Hex(encode(snapshotHub(state)));
}

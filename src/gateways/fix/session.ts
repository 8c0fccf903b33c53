/**
 * One FIX session on the acceptor: jspurefix's AsciiSession does the session layer (Logon,
 * heartbeats, test requests, sequence numbers and their store, resend requests, gap fills, resets,
 * Logout, and the integrity checks that answer a bad checksum or an unknown tag with a session
 * Reject); this class only authenticates the Logon and hands application messages to the desk.
 * @module
 */

import 'reflect-metadata';
import type { Writable } from 'node:stream';
import { AsciiSession, type IJsFixConfig, type MsgView } from 'jspurefix';
import type { FixDesk } from './desk.js';
import { rejectText } from './reports.js';
import { flushSeqNumStores } from './session_store.js';
import type { SessionPort } from './types.js';

const PRICE_TAG = 44;
const MSG_SEQ_NUM_TAG = 34;
const SENDER_COMP_ID_TAG = 49;
const RESET_SEQ_NUM_FLAG_TAG = 141;
const ORDER_QTY_TAG = 38;

/** The top-level fields of D, F and G the desk reads (order_entry.ts, desk.ts), by tag. */
const TOP_FIELDS: ReadonlyArray<readonly [name: string, tag: number]> = [
  ['ClOrdID', 11],
  ['OrigClOrdID', 41],
  ['OrderID', 37],
  ['Account', 1],
  ['Side', 54],
  ['OrdType', 40],
  ['TimeInForce', 59],
  ['ExecInst', 18],
  ['ExDestination', 100],
  ['HutongBCAN', 5001],
  ['HutongSouthboundChannel', 5003],
  ['HutongStpMode', 5006],
  ['HutongOrderType', 5007],
];
const INSTRUMENT_FIELDS: ReadonlyArray<readonly [name: string, tag: number]> = [
  ['Symbol', 55],
  ['SecurityID', 48],
  ['SecurityIDSource', 22],
];

/**
 * The fields the desk reads, in the shape of jspurefix's `view.toObject()` (components nested,
 * OrderQty typed as a number, absent fields left out), read tag by tag: `toObject` walks the
 * whole dictionary layout and builds every field, the header and Dates included, and was the
 * largest cost of an order on the acceptor's side after the session store (docs/fix.md).
 */
function fieldsOf(view: MsgView): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [name, tag] of TOP_FIELDS) {
    const value = view.getString(tag);
    if (value !== null) fields[name] = value;
  }
  let instrument: Record<string, unknown> | null = null;
  for (const [name, tag] of INSTRUMENT_FIELDS) {
    const value = view.getString(tag);
    if (value === null) continue;
    instrument ??= {};
    instrument[name] = value;
  }
  if (instrument !== null) fields.Instrument = instrument;
  const quantity = view.getTyped(ORDER_QTY_TAG);
  if (quantity !== null && quantity !== undefined) fields.OrderQtyData = { OrderQty: quantity };
  return fields;
}

export class HutongFixSession extends AsciiSession implements SessionPort {
  participant = '';
  drop_copy = false;
  private corked: Writable | null = null;

  constructor(
    config: IJsFixConfig,
    private readonly desk: FixDesk,
  ) {
    super(config);
    // Checksum, unknown tags, tags not on the message type, missing required tags: a Reject.
    this.checkMsgIntegrity = true;
  }

  /** A refused Logon gets a Logout whose Text (58) starts with the code, then the hang-up. */
  protected override onLogon(
    view: MsgView,
    _user: string,
    password: string,
  ): boolean | Promise<boolean> {
    const comp_id = view.getString(SENDER_COMP_ID_TAG) ?? '';
    const refusal = this.desk.authenticate(comp_id, password ?? undefined);
    if (refusal !== null) return Promise.reject(new Error(rejectText(refusal)));
    this.participant = comp_id;
    this.drop_copy = this.desk.isOperator(comp_id);
    // FIX 4.4 Vol. 2: the Logon answering a reset request carries ResetSeqNumFlag=Y too.
    // jspurefix resets (see fix_session.test.ts) but answers N; the description's "Logon"
    // block, merged into the answer, says what happened. This session owns its description.
    const peer_reset = view.getTyped(RESET_SEQ_NUM_FLAG_TAG) === true;
    (this.config.description as { Logon?: Record<string, unknown> }).Logon = {
      ResetSeqNumFlag: peer_reset,
    };
    return true;
  }

  protected override onReady(_view: MsgView): void {
    this.desk.attach(this);
  }

  protected override onStopped(_error?: Error): void {
    // The session's last numbers are on disk once it has ended (the store groups its writes).
    flushSeqNumStores();
    this.desk.detach(this);
  }

  protected override onApplicationMsg(msg_type: string, view: MsgView): void {
    // The parser recycles the view when this call returns: read everything now.
    const message = {
      msg_type,
      seq_num: Number(view.getTyped(MSG_SEQ_NUM_TAG) ?? 0),
      fields: fieldsOf(view),
      price_text: view.getString(PRICE_TAG) ?? null,
    };
    this.desk.receive(this, message).catch((error: unknown) => {
      // A bug in the desk: end this session loudly rather than leave the client waiting.
      this.requestStop(`internal error: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  override send(msg_type: string, message: Record<string, unknown>): void {
    super.send(msg_type, message);
  }

  /**
   * Holds this session's writes until `uncork`: the reports of one committed group then leave
   * in one write(2) per session, not one each (jspurefix pipes each encoded message straight
   * into the socket).
   */
  cork(): void {
    if (this.corked !== null) return;
    this.corked = this.transport?.duplex.writable ?? null;
    this.corked?.cork();
  }

  uncork(): void {
    const corked = this.corked;
    this.corked = null;
    corked?.uncork();
  }

  /** jspurefix copies every received message into a string for this hook; Hutong has no use. */
  protected override rxOnDecoded(): void {}

  protected override onDecoded(_msg_type: string, _text: string): void {}

  protected override onEncoded(_msg_type: string, _text: string): void {}
}

/**
 * One FIX session on the acceptor: jspurefix's AsciiSession does the session layer (Logon,
 * heartbeats, test requests, sequence numbers and their store, resend requests, gap fills, resets,
 * Logout, and the integrity checks that answer a bad checksum or an unknown tag with a session
 * Reject); this class only authenticates the Logon and hands application messages to the desk.
 * @module
 */

import 'reflect-metadata';
import { AsciiSession, type IJsFixConfig, type MsgView } from 'jspurefix';
import type { FixDesk } from './desk.js';
import { rejectText } from './reports.js';
import type { SessionPort } from './types.js';

const PRICE_TAG = 44;
const MSG_SEQ_NUM_TAG = 34;
const SENDER_COMP_ID_TAG = 49;
const RESET_SEQ_NUM_FLAG_TAG = 141;

export class HutongFixSession extends AsciiSession implements SessionPort {
  participant = '';
  drop_copy = false;

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
    this.desk.detach(this);
  }

  protected override onApplicationMsg(msg_type: string, view: MsgView): void {
    // The parser recycles the view when this call returns: read everything now.
    const message = {
      msg_type,
      seq_num: Number(view.getTyped(MSG_SEQ_NUM_TAG) ?? 0),
      fields: view.toObject() as Record<string, unknown>,
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

  protected override onDecoded(_msg_type: string, _text: string): void {}

  protected override onEncoded(_msg_type: string, _text: string): void {}
}

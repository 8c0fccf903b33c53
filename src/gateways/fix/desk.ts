/**
 * The gateway's order desk, shared by every FIX session: it authenticates Logons against the API
 * keys, turns application messages into the hub's commands through the server's one Engine (submit,
 * then wait for the group commit before answering), and after every durable group turns the
 * committed order events into ExecutionReports for the sessions of the participant that placed
 * each order, and for every drop-copy (operator) session.
 * @module
 */

import { timingSafeEqual } from 'node:crypto';
import { actorOf, type Command } from '../../hub/index.js';
import { parseCommand } from '../../protocol/index.js';
import {
  cancelWire,
  instrumentOfMessage,
  newOrderWire,
  orderQuantityOf,
  replaceWire,
} from './order_entry.js';
import { type FixOrder, FixOrders } from './orders.js';
import { encodedExecutionReport } from './report_body.js';
import {
  businessReject,
  cancelRejectReport,
  changeReport,
  type FixMessage,
  type RejectedOrder,
  type Rejection,
  rejectedOrderReport,
} from './reports.js';
import { BUSINESS_REJECT_REASON, CXL_REJ_RESPONSE_TO, MSG } from './tags.js';
import type { FixCommitted, FixEngine, FixKeys, InboundMessage, SessionPort } from './types.js';

export interface FixDeskStats {
  messages_in: number;
  reports_out: number;
  rejections: number;
}

export class FixDesk {
  readonly orders = new FixOrders();
  private readonly sessions = new Set<SessionPort>();
  /** The logged-on sessions by participant, and the drop copies: a report's recipients. */
  private readonly sessions_of = new Map<string, Set<SessionPort>>();
  private readonly drop_copies = new Set<SessionPort>();
  /** ClOrdIDs of FIX cancel and cancel-replace requests, by the seq of their command. */
  private readonly request_cl_ord_ids = new Map<number, string>();
  private reject_count = 0;
  private closed = false;
  readonly stats: FixDeskStats = { messages_in: 0, reports_out: 0, rejections: 0 };

  constructor(
    readonly engine: FixEngine,
    private readonly keys: FixKeys,
  ) {
    this.orders.seed(engine.state);
    engine.addListener({ committed: (batch) => this.committed(batch) });
  }

  /** Null when `password` is the API key of `comp_id`; else why the Logon is refused. */
  authenticate(comp_id: string, password: string | undefined): Rejection | null {
    const key = this.keys.keyOf(comp_id);
    if (key === undefined || password === undefined || !sameText(key, password)) {
      return {
        code: 'UNAUTHENTICATED',
        message: 'SenderCompID (49) must be a participant and Password (554) its API key',
      };
    }
    return null;
  }

  isOperator(participant: string): boolean {
    return actorOf(this.engine.state, participant).operator;
  }

  attach(port: SessionPort): void {
    this.sessions.add(port);
    if (port.drop_copy) this.drop_copies.add(port);
    let own = this.sessions_of.get(port.participant);
    if (own === undefined) {
      own = new Set();
      this.sessions_of.set(port.participant, own);
    }
    own.add(port);
  }

  detach(port: SessionPort): void {
    if (!this.sessions.delete(port)) return;
    this.drop_copies.delete(port);
    const own = this.sessions_of.get(port.participant);
    own?.delete(port);
    if (own?.size === 0) this.sessions_of.delete(port.participant);
  }

  get session_count(): number {
    return this.sessions.size;
  }

  close(): void {
    this.closed = true;
    this.sessions.clear();
    this.sessions_of.clear();
    this.drop_copies.clear();
  }

  /** One application message from a logged-on session. */
  async receive(port: SessionPort, message: InboundMessage): Promise<void> {
    this.stats.messages_in += 1;
    switch (message.msg_type) {
      case MSG.NewOrderSingle:
        return this.newOrder(port, message);
      case MSG.OrderCancelRequest:
        return this.cancelOrReplace(port, message, CXL_REJ_RESPONSE_TO.Cancel);
      case MSG.OrderCancelReplaceRequest:
        return this.cancelOrReplace(port, message, CXL_REJ_RESPONSE_TO.Replace);
      default:
        this.rejectBusiness(port, message, BUSINESS_REJECT_REASON.UnsupportedMessageType, {
          code: 'UNSUPPORTED_MESSAGE_TYPE',
          message: `MsgType ${message.msg_type} is not supported by Hutong (docs/fix.md)`,
        });
    }
  }

  private async newOrder(port: SessionPort, message: InboundMessage): Promise<void> {
    const state = this.engine.state;
    const cl_ord_id = String(message.fields.ClOrdID ?? '');
    const translation =
      this.orders.byClOrdId(port.participant, cl_ord_id) === undefined
        ? newOrderWire(state, message)
        : duplicate(cl_ord_id);
    const result = translation.ok
      ? await this.submit(port, message, translation.wire, null)
      : { rejection: translation.rejection, seq: 0 };
    if (result === null || result.rejection === null) return;
    const rejected = rejectedOrderOf(
      port.participant,
      message,
      instrumentOfMessage(state, message.fields),
    );
    const exec_id = this.rejectExecId(result.seq);
    const report = rejectedOrderReport(state, rejected, result.rejection, exec_id, state.now_us);
    this.stats.rejections += 1;
    this.deliver(port.participant, MSG.ExecutionReport, report, port);
  }

  private async cancelOrReplace(
    port: SessionPort,
    message: InboundMessage,
    response_to: (typeof CXL_REJ_RESPONSE_TO)[keyof typeof CXL_REJ_RESPONSE_TO],
  ): Promise<void> {
    const cl_ord_id = String(message.fields.ClOrdID ?? '');
    const orig_cl_ord_id = String(message.fields.OrigClOrdID ?? '');
    const order = this.findOrder(port.participant, message);
    const refuse = (rejection: Rejection) => {
      this.stats.rejections += 1;
      const report = cancelRejectReport({
        order,
        cl_ord_id,
        orig_cl_ord_id,
        response_to,
        rejection,
      });
      port.send(MSG.OrderCancelReject, report);
    };
    if (order === undefined) {
      refuse({ code: 'UNKNOWN_ORDER', message: 'No such order among your orders' });
      return;
    }
    if (order.status !== 'live') {
      refuse({ code: 'ORDER_FINISHED', message: `The order is already ${order.status}` });
      return;
    }
    const replacing = response_to === CXL_REJ_RESPONSE_TO.Replace;
    if (this.orders.byClOrdId(port.participant, cl_ord_id) !== undefined) {
      refuse({ code: 'DUPLICATE_CLIENT_ORDER_ID', message: `ClOrdID ${cl_ord_id} is in use` });
      return;
    }
    const translation = replacing
      ? replaceWire(this.engine.state, order, message)
      : cancelWire(order);
    if (!translation.ok) return refuse(translation.rejection);
    const result = await this.submit(port, message, translation.wire, cl_ord_id);
    if (result !== null && result.rejection !== null) refuse(result.rejection);
  }

  /** By OrigClOrdID (41), else by OrderID (37); only the caller's orders and its clients'. */
  private findOrder(participant: string, message: InboundMessage): FixOrder | undefined {
    const orig = message.fields.OrigClOrdID;
    const by_cl_ord_id =
      typeof orig === 'string' ? this.orders.byClOrdId(participant, orig) : undefined;
    if (by_cl_ord_id !== undefined) return by_cl_ord_id;
    const order_id = Number(message.fields.OrderID);
    const order = Number.isSafeInteger(order_id) ? this.orders.get(order_id) : undefined;
    if (order === undefined) return undefined;
    const actor = actorOf(this.engine.state, participant);
    return order.participant === participant || actor.actsFor(order.owner) ? order : undefined;
  }

  /**
   * Parses and submits, then waits for the group commit. Null when the message was answered
   * here (a BusinessMessageReject); otherwise the hub's rejection (null when accepted).
   */
  private async submit(
    port: SessionPort,
    message: InboundMessage,
    wire: Record<string, unknown>,
    request_cl_ord_id: string | null,
  ): Promise<{ rejection: Rejection | null; seq: number } | null> {
    const parsed = parseCommand(wire);
    if (!parsed.ok) {
      const first = parsed.problems[0];
      const what = first === undefined ? 'the message' : `${first.field}: ${first.message}`;
      return { rejection: { code: 'INVALID_REQUEST', message: what }, seq: 0 };
    }
    let result: ReturnType<FixEngine['submit']>;
    try {
      result = this.engine.submit(port.participant, parsed.command as Command, null);
      if (request_cl_ord_id !== null && result.seq > 0)
        this.request_cl_ord_ids.set(result.seq, request_cl_ord_id);
      if (result.seq > 0) await this.engine.committed();
    } catch (error) {
      this.rejectBusiness(port, message, BUSINESS_REJECT_REASON.ApplicationNotAvailable, {
        code: 'HUB_HALTED',
        message: error instanceof Error ? error.message : String(error),
      });
      return null;
    }
    if (result.seq === 0) {
      const busy = result.rejection ?? { code: 'UNAVAILABLE', message: 'Busy' };
      return { rejection: { code: busy.code, message: busy.message }, seq: 0 };
    }
    return { rejection: result.status === 'rejected' ? result.rejection : null, seq: result.seq };
  }

  private rejectBusiness(
    port: SessionPort,
    message: InboundMessage,
    reason: number,
    rejection: Rejection,
  ): void {
    this.stats.rejections += 1;
    const report = businessReject({
      ref_seq_num: message.seq_num,
      ref_msg_type: message.msg_type,
      reason,
      rejection,
    });
    port.send(MSG.BusinessMessageReject, report);
  }

  private rejectExecId(seq: number): string {
    this.reject_count += 1;
    return seq > 0 ? `R${seq}` : `R${this.engine.state.seq}.${this.reject_count}`;
  }

  /**
   * After each durable group: ExecutionReports for every order event, in commit order, each
   * session's written out together when the group is done.
   */
  private committed(batch: readonly FixCommitted[]): void {
    if (this.closed) return;
    const corked = [...this.sessions];
    for (const port of corked) port.cork();
    try {
      this.reportBatch(batch);
    } finally {
      for (const port of corked) port.uncork();
    }
  }

  private reportBatch(batch: readonly FixCommitted[]): void {
    const state = this.engine.state;
    for (const { result, timestamp_us } of batch) {
      const request_cl_ord_id = this.request_cl_ord_ids.get(result.seq) ?? null;
      if (request_cl_ord_id !== null) this.request_cl_ord_ids.delete(result.seq);
      for (let i = 0; i < result.events.length; i += 1) {
        const event = result.events[i];
        if (event === undefined) continue;
        for (const change of this.orders.apply(event, request_cl_ord_id)) {
          const exec_id = `${result.first_event_seq + i}.${change.order.order_id}`;
          const report = changeReport(state, change, exec_id, timestamp_us);
          this.deliver(change.order.participant, MSG.ExecutionReport, report, null);
        }
      }
    }
  }

  /**
   * To the participant's sessions and every drop-copy session, once each; an ExecutionReport's
   * body is encoded here once for all of them (report_body.ts).
   */
  private deliver(
    participant: string,
    msg_type: string,
    report: FixMessage,
    origin: SessionPort | null,
  ): void {
    const message = msg_type === MSG.ExecutionReport ? encodedExecutionReport(report) : report;
    if (origin !== null && !this.sessions.has(origin)) origin.send(msg_type, message);
    // By participant, not a walk over every session for every report.
    const own = this.sessions_of.get(participant);
    if (own !== undefined) {
      for (const port of own) port.send(msg_type, message);
      this.stats.reports_out += own.size;
    }
    for (const port of this.drop_copies) {
      if (port.participant === participant) continue; // has it already
      port.send(msg_type, message);
      this.stats.reports_out += 1;
    }
  }
}

function rejectedOrderOf(
  participant: string,
  message: InboundMessage,
  instrument: string,
): RejectedOrder {
  const fields = message.fields;
  return {
    cl_ord_id: String(fields.ClOrdID ?? ''),
    participant,
    owner: String(fields.Account ?? ''),
    instrument,
    side: String(fields.Side ?? ''),
    quantity: orderQuantityOf(fields) ?? 0,
  };
}

function duplicate(cl_ord_id: string): { ok: false; rejection: Rejection } {
  return {
    ok: false,
    rejection: { code: 'DUPLICATE_CLIENT_ORDER_ID', message: `ClOrdID ${cl_ord_id} is in use` },
  };
}

function sameText(expected: string, presented: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

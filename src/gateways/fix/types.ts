/**
 * What the FIX gateway needs from the server, as structural types: the HTTP gateway's Engine and
 * KeyStore fit them as they are, so this folder imports nothing from gateways/http.
 * @module
 */

import type { Command, CommandResult, HubState } from '../../hub/index.js';

export interface FixCommitted {
  readonly participant: string;
  readonly timestamp_us: number;
  readonly result: CommandResult;
}

/** The server's one door into the hub (gateways/http/engine.ts). */
export interface FixEngine {
  readonly state: HubState;
  readonly halted: unknown;
  submit(participant: string, command: Command, idempotency_key: string | null): CommandResult;
  committed(): Promise<void>;
  addListener(listener: { committed(batch: readonly FixCommitted[]): void }): void;
}

/** The API keys (gateways/http/keys.ts): a FIX Logon's Password is the participant's key. */
export interface FixKeys {
  keyOf(participant: string): string | undefined;
}

/** One logged-on FIX session as the gateway sees it. */
export interface SessionPort {
  readonly participant: string;
  /** An operator's session: a drop copy of every participant's ExecutionReports. */
  readonly drop_copy: boolean;
  /**
   * An ExecutionReport may come with its body already encoded (report_body.ts); the session's
   * transmitter (transmitter.ts) copies it as it is.
   */
  send(msg_type: string, message: Record<string, unknown>): void;
  /** Holds the session's socket writes until `uncork` (one write for a group's reports). */
  cork(): void;
  uncork(): void;
}

/** An application message, read out of the parser's view before it is recycled. */
export interface InboundMessage {
  readonly msg_type: string;
  readonly seq_num: number;
  readonly fields: Record<string, unknown>;
  /** Price (44) as it was written, for exact conversion; null when absent. */
  readonly price_text: string | null;
}

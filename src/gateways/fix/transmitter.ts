/**
 * The acceptor's message transmitter: jspurefix's own (header, MsgSeqNum, SendingTime,
 * BodyLength, CheckSum, the trailer, the encode stream into the socket), with one addition in
 * its encoder: a body that arrives already encoded (report_body.ts) is copied into the message
 * as it is instead of being encoded field by field from the dictionary. Every other message,
 * session messages included, is encoded by jspurefix as before.
 * @module
 */

import type { IJsFixConfig } from 'jspurefix';
import { AsciiEncoder } from 'jspurefix/dist/buffer/ascii/ascii-encoder.js';
import type { ILooseObject } from 'jspurefix/dist/collections/collection.js';
import type { IContainedSet } from 'jspurefix/dist/dictionary/contained/index.js';
import { AsciiMsgTransmitter } from 'jspurefix/dist/transport/ascii/ascii-msg-transmitter.js';
import { ENCODED_BODY } from './report_body.js';

/** jspurefix's ASCII encoder, copying a pre-encoded body's text in place of the body's fields. */
class PreEncodedBodyEncoder extends AsciiEncoder {
  override encodeSet(values: ILooseObject, set: IContainedSet): void {
    // The transmitter copies the message's properties (symbols included) before encoding.
    const body: unknown = values[ENCODED_BODY as unknown as string];
    if (typeof body === 'string') {
      // Already SOH-delimited: the checksum sums the bytes as written, and there is no log
      // delimiter to swap back (trim() only touches the tags this encoder recorded).
      this.buffer.writeString(body);
      return;
    }
    super.encodeSet(values, set);
  }
}

export class HutongMsgTransmitter extends AsciiMsgTransmitter {
  constructor(config: IJsFixConfig) {
    super(config);
    const base = this.encoder as AsciiEncoder;
    const encoder = new PreEncodedBodyEncoder(
      base.buffer,
      base.definitions,
      base.timeFormatter,
      base.delimiter,
      base.logDelimiter,
    );
    encoder.onUnknownField = base.onUnknownField;
    this.encoder = encoder;
  }
}

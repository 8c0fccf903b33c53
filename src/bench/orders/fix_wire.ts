/**
 * FIX 4.4 bytes for the FIX load client of `npm run bench -- orders` (fix_load.ts): messages
 * framed from a body (BodyLength 9 and CheckSum 10 computed), and a stream reader that cuts the
 * acceptor's answers into messages and reads a few tags without building a map per message.
 *
 * Why not jspurefix's initiator on the sending side: its encoder and session cost more per
 * message than the acceptor's budget at the target rate, so the client, not the acceptor, would
 * cap the figure. The acceptor is the real jspurefix session throughout.
 * @module
 */

export const SOH = '\x01';
const HEADER = `8=FIX.4.4${SOH}9=`;
/** `10=` + three digits + `␁`: the trailer after the body (the body ends with its own ␁). */
const TRAILER_LENGTH = 7;

/** A complete message from its body (`35=…␁49=…␁…␁`, ASCII), BodyLength and CheckSum added. */
export function frame(body: string): string {
  const head = `${HEADER}${body.length}${SOH}`;
  const sum = (checksumOf(head) + checksumOf(body)) % 256;
  return `${head}${body}10=${sum < 10 ? '00' : sum < 100 ? '0' : ''}${sum}${SOH}`;
}

function checksumOf(text: string): number {
  let sum = 0;
  for (let i = 0; i < text.length; i += 1) sum += text.charCodeAt(i);
  return sum;
}

/** `YYYYMMDD-HH:MM:SS.sss` (UTC) for SendingTime (52) and TransactTime (60). */
export function fixTimeOf(epoch_ms: number): string {
  const iso = new Date(epoch_ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 23)}`;
}

/**
 * The value of `tag` in `message` (a whole message as latin1 text), or null. Looks for
 * `␁tag=` so 11 does not match inside 111; the tags read here are never the first field.
 */
export function fieldOf(message: string, tag: string): string | null {
  const key = `${SOH}${tag}=`;
  const at = message.indexOf(key);
  if (at < 0) return null;
  const start = at + key.length;
  const end = message.indexOf(SOH, start);
  return message.slice(start, end < 0 ? message.length : end);
}

/** Cuts a TCP byte stream into whole FIX messages by their BodyLength (9). */
export class FixReader {
  private pending = '';

  /** The whole messages completed by `chunk`, in order. */
  push(chunk: Buffer): string[] {
    this.pending =
      this.pending.length === 0
        ? chunk.toString('latin1')
        : this.pending + chunk.toString('latin1');
    const messages: string[] = [];
    let from = 0;
    for (;;) {
      const end = this.messageEnd(from);
      if (end < 0) break;
      messages.push(this.pending.slice(from, end));
      from = end;
    }
    this.pending = from === 0 ? this.pending : this.pending.slice(from);
    return messages;
  }

  /** The index just past the message starting at `from`, or -1 when it is not all here. */
  private messageEnd(from: number): number {
    const length_at = this.pending.indexOf(`${SOH}9=`, from);
    if (length_at < 0) return -1;
    const length_end = this.pending.indexOf(SOH, length_at + 3);
    if (length_end < 0) return -1;
    const body_length = Number(this.pending.slice(length_at + 3, length_end));
    if (!Number.isSafeInteger(body_length) || body_length <= 0)
      throw new Error(
        `FIX load client: unreadable BodyLength at ${this.pending.slice(from, from + 40)}`,
      );
    const end = length_end + 1 + body_length + TRAILER_LENGTH;
    return end <= this.pending.length ? end : -1;
  }
}

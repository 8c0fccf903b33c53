/**
 * The session store that keeps each FIX session's sequence numbers in
 * `<dir>/<SessionId>.seqnums` (QuickFIX's format: `sender : target`, 20 characters each),
 * written synchronously on every change.
 *
 * Why not jspurefix's FileSessionStore: it persists fire-and-forget, and a session that ends
 * right after its last message can lose that write; the next Logon then reuses a sequence number
 * the peer has already seen, and the peer hangs up (found by fix_session.test.ts). A synchronous
 * write of a 43-byte file per message costs microseconds and closes that window. Not fsynced: a
 * process restart keeps the numbers, a power cut may not (FIX then recovers by reset or resend).
 *
 * Both numbers only move forward between resets (see setSenderSeqNum for the case that needs it).
 *
 * Sent messages are kept in memory only, bounded (the last MESSAGES_KEPT): after a restart a
 * resend request is answered with a gap fill, which FIX allows for any message.
 * @module
 */

import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  IFixMsgStoreRecord,
  IFixSessionStore,
  IFixSessionStoreFactory,
  SessionId,
} from 'jspurefix';

export const MESSAGES_KEPT = 10_000;

export class SeqNumFileStore implements IFixSessionStore {
  senderSeqNum = 1;
  targetSeqNum = 1;
  creationTime = new Date();
  private readonly messages = new Map<number, IFixMsgStoreRecord>();
  private readonly path: string;

  constructor(
    readonly sessionId: SessionId,
    directory: string,
  ) {
    mkdirSync(directory, { recursive: true });
    this.path = join(directory, `${sessionId.toString()}.seqnums`);
  }

  async initialize(): Promise<void> {
    if (!existsSync(this.path)) return;
    const [sender, target] = readFileSync(this.path, 'utf8').split(':');
    this.senderSeqNum = positive(sender);
    this.targetSeqNum = positive(target);
  }

  async put(record: IFixMsgStoreRecord): Promise<void> {
    this.messages.set(record.seqNum, record);
    if (this.messages.size > MESSAGES_KEPT) {
      const oldest = this.messages.keys().next();
      if (oldest.done !== true) this.messages.delete(oldest.value);
    }
  }

  async get(seq_num: number): Promise<IFixMsgStoreRecord | null> {
    return this.messages.get(seq_num) ?? null;
  }

  async getRange(from_seq_num: number, to_seq_num: number): Promise<IFixMsgStoreRecord[]> {
    const records: IFixMsgStoreRecord[] = [];
    for (const [seq_num, record] of this.messages) {
      if (seq_num >= from_seq_num && seq_num <= to_seq_num) records.push(record);
    }
    return records.sort((a, b) => a.seqNum - b.seqNum);
  }

  /**
   * Only forward: jspurefix calls this after every encoded message with its MsgSeqNum + 1, and a
   * gap fill or resend goes out under an old number (PossDupFlag=Y), which would rewind the next
   * number to one already used. Only `reset` (ResetSeqNumFlag=Y) goes back.
   */
  async setSenderSeqNum(value: number): Promise<void> {
    if (value <= this.senderSeqNum) return;
    this.senderSeqNum = value;
    this.save();
  }

  /** Only forward, like the sender's: FIX never lowers the expected number but by a reset. */
  async setTargetSeqNum(value: number): Promise<void> {
    if (value <= this.targetSeqNum) return;
    this.targetSeqNum = value;
    this.save();
  }

  async nextSenderSeqNum(): Promise<number> {
    this.senderSeqNum += 1;
    this.save();
    return this.senderSeqNum;
  }

  async nextTargetSeqNum(): Promise<number> {
    this.targetSeqNum += 1;
    this.save();
    return this.targetSeqNum;
  }

  async reset(): Promise<void> {
    this.senderSeqNum = 1;
    this.targetSeqNum = 1;
    this.messages.clear();
    this.creationTime = new Date();
    this.save();
  }

  async flush(): Promise<void> {}

  async dispose(): Promise<void> {}

  /** Temporary file, then rename: a crash leaves the old numbers or the new, never half. */
  private save(): void {
    const pad = (n: number) => String(n).padStart(20, ' ');
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, `${pad(this.senderSeqNum)} : ${pad(this.targetSeqNum)}`);
    renameSync(temporary, this.path);
  }
}

function positive(text: string | undefined): number {
  const value = Number.parseInt((text ?? '').trim(), 10);
  return Number.isSafeInteger(value) && value >= 1 ? value : 1;
}

export class SeqNumFileStoreFactory implements IFixSessionStoreFactory {
  constructor(private readonly directory: string) {}

  create(session_id: SessionId): IFixSessionStore {
    return new SeqNumFileStore(session_id, this.directory);
  }
}

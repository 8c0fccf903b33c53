/**
 * The session store that keeps each FIX session's sequence numbers in
 * `<dir>/<SessionId>.seqnums` (QuickFIX's format: `sender : target`, 20 characters each).
 *
 * Why not jspurefix's FileSessionStore: it persists fire-and-forget, and a session that ends
 * right after its last message can lose that write; the next Logon then reuses a sequence number
 * the peer has already seen, and the peer hangs up (found by fix_session.test.ts).
 *
 * Writes are grouped: a change marks the store dirty, and one write per dirty store goes out at
 * the end of the event-loop turn (setImmediate), not one per message (under load the acceptor
 * moves each session's numbers many times a turn; a write per change was most of its time,
 * docs/fix.md "Performance"). The write is one `write(2)` of the fixed-width 43 bytes in place at
 * offset 0: a process crash cannot leave half of it. `flushSeqNumStores` writes at once: the
 * sessions call it when they stop (so a session's last numbers are on disk once it has ended, the
 * case above) and the acceptor when it closes; a store for a SessionId also writes any pending
 * numbers of the previous store of that SessionId before it reads the file. A crash of the
 * process can lose the numbers of its last turn, a power cut more (the file is not fsynced); FIX
 * then recovers by resend or reset.
 *
 * Both numbers only move forward between resets (see setSenderSeqNum for the case that needs it).
 *
 * Sent messages are not kept: jspurefix 5.11 answers a ResendRequest from its own message store
 * (AsciiSession's FixMsgMemoryStore, which it never fills), never from this one, so a resend is
 * a gap fill (docs/fix.md); keeping each sent message here only fed the garbage collector.
 * @module
 */

import 'reflect-metadata';
import {
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type {
  IFixMsgStoreRecord,
  IFixSessionStore,
  IFixSessionStoreFactory,
  SessionId,
} from 'jspurefix';

/** Stores with numbers not yet written, by file; written together at the end of the turn. */
const dirty_stores = new Map<string, SeqNumFileStore>();
let flush_scheduled = false;

/** Writes every store's pending numbers now (the acceptor's close, a test's restart). */
export function flushSeqNumStores(): void {
  flush_scheduled = false;
  for (const store of [...dirty_stores.values()]) store.writeNow();
}

export class SeqNumFileStore implements IFixSessionStore {
  senderSeqNum = 1;
  targetSeqNum = 1;
  creationTime = new Date();
  private readonly path: string;

  constructor(
    readonly sessionId: SessionId,
    directory: string,
  ) {
    mkdirSync(directory, { recursive: true });
    this.path = join(directory, `${sessionId.toString()}.seqnums`);
  }

  async initialize(): Promise<void> {
    // The previous store of this SessionId (an earlier connection) may not have written yet.
    dirty_stores.get(this.path)?.writeNow();
    if (!existsSync(this.path)) return;
    const [sender, target] = readFileSync(this.path, 'utf8').split(':');
    this.senderSeqNum = positive(sender);
    this.targetSeqNum = positive(target);
  }

  /** Not kept (see the module comment): nothing reads sent messages from this store. */
  async put(_record: IFixMsgStoreRecord): Promise<void> {}

  async get(_seq_num: number): Promise<IFixMsgStoreRecord | null> {
    return null;
  }

  async getRange(_from_seq_num: number, _to_seq_num: number): Promise<IFixMsgStoreRecord[]> {
    return [];
  }

  /**
   * Only forward: jspurefix calls this after every encoded message with its MsgSeqNum + 1, and a
   * gap fill or resend goes out under an old number (PossDupFlag=Y), which would rewind the next
   * number to one already used. Only `reset` (ResetSeqNumFlag=Y) goes back.
   */
  async setSenderSeqNum(value: number): Promise<void> {
    if (value <= this.senderSeqNum) return;
    this.senderSeqNum = value;
    this.changed();
  }

  /** Only forward, like the sender's: FIX never lowers the expected number but by a reset. */
  async setTargetSeqNum(value: number): Promise<void> {
    if (value <= this.targetSeqNum) return;
    this.targetSeqNum = value;
    this.changed();
  }

  async nextSenderSeqNum(): Promise<number> {
    this.senderSeqNum += 1;
    this.changed();
    return this.senderSeqNum;
  }

  async nextTargetSeqNum(): Promise<number> {
    this.targetSeqNum += 1;
    this.changed();
    return this.targetSeqNum;
  }

  async reset(): Promise<void> {
    this.senderSeqNum = 1;
    this.targetSeqNum = 1;
    this.creationTime = new Date();
    this.changed();
  }

  async flush(): Promise<void> {
    this.writeNow();
  }

  async dispose(): Promise<void> {
    this.writeNow();
  }

  /** Writes the numbers if they changed since the last write. */
  writeNow(): void {
    if (dirty_stores.get(this.path) !== this) return;
    dirty_stores.delete(this.path);
    const pad = (n: number) => String(n).padStart(20, ' ');
    // Without O_TRUNC: the 43 bytes replace the old 43 in one write, never an empty file.
    const fd = openSync(this.path, constants.O_WRONLY | constants.O_CREAT, 0o644);
    try {
      writeSync(fd, `${pad(this.senderSeqNum)} : ${pad(this.targetSeqNum)}`, 0);
    } finally {
      closeSync(fd);
    }
  }

  private changed(): void {
    dirty_stores.set(this.path, this);
    if (flush_scheduled) return;
    flush_scheduled = true;
    setImmediate(flushSeqNumStores);
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

/**
 * Rows sent to PostgreSQL by `COPY … FROM STDIN` in text format: one COPY per table and batch,
 * no array literal for the server to parse and no per-row statement.
 * Text format: columns separated by a tab, rows ended by a newline, `\N` for null, and a
 * backslash, tab, newline or carriage return inside a value written as `\\`, `\t`, `\n`, `\r`.
 * @module
 */

import type pg from 'pg';

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};

/** One value as COPY's text format writes it. */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string')
    return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c] as string) : value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  throw new Error(`COPY_VALUE: cannot write a ${typeof value} in COPY text format`);
}

/**
 * JSON text as a COPY value: JSON escapes tab, newline and carriage return itself (`\t`, `\n`,
 * `\r`), so only its backslashes need doubling.
 */
export function jsonCopyValue(json: string): string {
  return json.includes('\\') ? json.replaceAll('\\', '\\\\') : json;
}

/** One row's line, newline included. */
export function copyLine(values: readonly unknown[]): string {
  let line = copyValue(values[0]);
  for (let i = 1; i < values.length; i += 1) line += `\t${copyValue(values[i])}`;
  return `${line}\n`;
}

/** What CopyIn uses of node-postgres's connection (pg/lib/connection.js). */
interface CopyConnection {
  readonly stream: { write(chunk: Uint8Array): boolean };
  query(text: string): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
}

const COPY_DATA = 0x64;

/**
 * A COPY of rows into `table` on the transaction's connection (a node-postgres Submittable): the
 * rows follow the COPY statement at once, without waiting for the server's CopyInResponse (one
 * round trip per COPY instead of two; the protocol allows it, and a server that refuses the COPY
 * drops the rows it then reads). Lines are written as they are made, then `done`. A failure (a
 * refused row, a lost connection) is held and thrown by `done`; nothing more is written after it.
 */
export class CopyIn implements pg.Submittable {
  private connection: CopyConnection | null = null;
  private readonly waiting: string[] = [];
  private ended = false;
  private failure: Error | null = null;
  private readonly answered: Promise<void>;
  private answer: { resolve: () => void; reject: (error: Error) => void } | null = null;

  constructor(
    client: pg.PoolClient,
    private readonly table: string,
  ) {
    this.answered = new Promise<void>((resolve, reject) => {
      this.answer = { resolve, reject };
    });
    // Held for `done`; a COPY given up (abort) may never be awaited.
    this.answered.catch(() => undefined);
    client.query(this);
  }

  /** node-postgres: the connection is this COPY's. */
  submit(connection: pg.Connection): void {
    const c = connection as unknown as CopyConnection;
    this.connection = c;
    c.query(`copy ${this.table} from stdin`);
    for (const lines of this.waiting.splice(0)) this.send(lines);
    if (this.failure !== null) c.sendCopyFail(this.failure.message);
    else if (this.ended) c.endCopyFrom();
  }

  write(lines: string): void {
    if (this.failure !== null || this.ended || lines.length === 0) return;
    if (this.connection === null) this.waiting.push(lines);
    else this.send(lines);
  }

  /** Ends the rows; resolves once the server has them all (its answer to the COPY). */
  async done(): Promise<void> {
    if (this.failure === null && !this.ended) {
      this.ended = true;
      this.connection?.endCopyFrom();
    }
    await this.answered;
  }

  /** Gives the COPY up (CopyFail): the server refuses it and the transaction is rolled back. */
  abort(reason: Error): void {
    if (this.failure !== null) return;
    this.failure = reason;
    if (this.connection !== null && !this.ended) this.connection.sendCopyFail(reason.message);
    this.answer?.reject(reason);
  }

  private send(lines: string): void {
    const chunk = Buffer.from(lines, 'utf8');
    const header = Buffer.allocUnsafe(5);
    header[0] = COPY_DATA;
    header.writeUInt32BE(chunk.length + 4, 1);
    const stream = (this.connection as CopyConnection).stream;
    stream.write(header);
    stream.write(chunk);
  }

  /** node-postgres: the server is ready for rows, which are on their way already. */
  handleCopyInResponse(): void {}

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    this.answer?.resolve();
  }

  handleError(error: Error): void {
    this.failure ??= error;
    this.answer?.reject(error);
  }
}

/** `COPY table FROM STDIN` with these lines (nothing sent when there are none). */
export async function copyRows(client: pg.PoolClient, table: string, lines: string): Promise<void> {
  if (lines.length === 0) return;
  const copy = new CopyIn(client, table);
  copy.write(lines);
  await copy.done();
}

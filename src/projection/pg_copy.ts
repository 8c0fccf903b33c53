/**
 * Rows sent to PostgreSQL by `COPY … FROM STDIN` in text format (pg-copy-streams): one message
 * stream per table and batch, no array literal for the server to parse and no per-row statement.
 * Text format: columns separated by a tab, rows ended by a newline, `\N` for null, and a
 * backslash, tab, newline or carriage return inside a value written as `\\`, `\t`, `\n`, `\r`.
 * @module
 */

import type pg from 'pg';
import { type CopyStreamQuery, from as copyFrom } from 'pg-copy-streams';

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

/**
 * A COPY of rows into `table` on the transaction's connection: lines written as they are made
 * (held until the server is ready for them), then `done`. A failure of the COPY (a refused row,
 * a lost connection) is held and thrown by `done`; nothing more is written after it.
 */
export class CopyIn {
  private readonly stream: CopyStreamQuery;
  private failure: Error | null = null;

  constructor(client: pg.PoolClient, table: string) {
    this.stream = client.query(copyFrom(`copy ${table} from stdin`));
    this.stream.on('error', (error: Error) => {
      this.failure ??= error;
    });
  }

  write(lines: string): void {
    if (this.failure === null && lines.length > 0) this.stream.write(lines);
  }

  /** Ends the rows; resolves once the server has them all (its answer to the COPY). */
  async done(): Promise<void> {
    if (this.failure === null) {
      const stream = this.stream;
      await new Promise<void>((resolve, reject) => {
        stream.once('finish', resolve);
        stream.once('error', reject);
        stream.end();
      });
    }
    if (this.failure !== null) throw this.failure;
  }

  /** Gives the COPY up (CopyFail): the server refuses it and the transaction is rolled back. */
  abort(reason: Error): void {
    if (this.failure === null) this.stream.destroy(reason);
    this.failure ??= reason;
  }
}

/** `COPY table FROM STDIN` with these lines (nothing sent when there are none). */
export async function copyRows(client: pg.PoolClient, table: string, lines: string): Promise<void> {
  if (lines.length === 0) return;
  const copy = new CopyIn(client, table);
  copy.write(lines);
  await copy.done();
}

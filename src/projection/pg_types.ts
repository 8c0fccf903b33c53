/**
 * How the PostgreSQL projection reads its values back: `bigint` as a JavaScript number (seqs,
 * hub times and units stay below 2^53), everything else as node-postgres reads it (`numeric` as
 * its decimal string). Per query, so the process's other PostgreSQL users are not affected.
 * @module
 */

import pg from 'pg';

const INT8_OID = 20;

export const INT8_AS_NUMBER = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

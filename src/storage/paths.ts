/**
 * The data directory layout: `<data>/journal.log` and `<data>/snapshots/`.
 * @module
 */

import { join, resolve } from 'node:path';

export const JOURNAL_FILE_NAME = 'journal.log';
export const SNAPSHOT_DIRECTORY_NAME = 'snapshots';

export interface DataPaths {
  readonly data_directory: string;
  readonly journal_path: string;
  readonly snapshot_directory: string;
}

export function dataPaths(data_directory: string): DataPaths {
  const root = resolve(data_directory);
  return {
    data_directory: root,
    journal_path: join(root, JOURNAL_FILE_NAME),
    snapshot_directory: join(root, SNAPSHOT_DIRECTORY_NAME),
  };
}

/**
 * What a start recovered from, as lines for the operator: a torn tail cut, records sealed,
 * snapshots skipped. docs/storage.md promises each is printed on start (stderr and the log),
 * not only shown in `/v1/status`.
 * @module
 */

import type { RecoveryReport } from '../storage/index.js';

export function recoveryNotices(
  journal_path: string,
  recovery: RecoveryReport,
  skipped_snapshots: readonly string[],
): string[] {
  const notices: string[] = [];
  const tail = recovery.torn_tail;
  if (tail !== null) {
    const dropped =
      tail.data_records_dropped === 0
        ? ''
        : ` with ${tail.data_records_dropped} whole-looking record(s) written after it`;
    notices.push(
      `journal ${journal_path}: ${recovery.truncated ? 'cut' : 'found'} a torn tail of ${tail.bytes} bytes at byte ` +
        `${tail.position} (${tail.fault}), from seq ${tail.expected_seq}${dropped}; no commit marker ` +
        'follows it, so it was never acknowledged',
    );
  }
  if (recovery.unsealed_records > 0) {
    notices.push(
      `journal ${journal_path}: ${recovery.sealed ? 'sealed' : 'found'} ${recovery.unsealed_records} record(s) ` +
        'written whole whose commit never finished (never acknowledged; applied now)',
    );
  }
  for (const message of skipped_snapshots) notices.push(message);
  return notices;
}

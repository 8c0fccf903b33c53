/**
 * The FIX 4.4 dictionary the acceptor and the test initiators load: jspurefix's QuickFIX FIX44.xml
 * with Hutong's custom fields (tags.ts) declared and placed on their messages, written once into
 * the data directory. Without the declarations the engine would refuse the tags as unknown
 * (SessionRejectReason 0) and drop them when encoding.
 * @module
 */

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CUSTOM_FIELDS } from './tags.js';

const require = createRequire(import.meta.url);

/** The dictionary's file name in `<data_dir>/fix/`; the version changes when the tags do. */
export const DICTIONARY_FILE_NAME = 'FIX44-hutong-v1.xml';

function baseDictionaryPath(): string {
  const entry = require.resolve('jspurefix');
  return join(dirname(entry), '..', 'data', 'FIX44.xml');
}

/** The dictionary's text: FIX44.xml with the custom fields added. */
export function hutongDictionaryText(): string {
  let text = readFileSync(baseDictionaryPath(), 'utf8');
  const declarations = CUSTOM_FIELDS.map(
    (f) => `  <field number='${f.tag}' name='${f.name}' type='STRING' />\n`,
  ).join('');
  text = insertBefore(text, ' </fields>', declarations);
  for (const field of CUSTOM_FIELDS) {
    for (const message of field.messages) {
      const open = `<message name='${message}' `;
      const start = text.indexOf(open);
      if (start < 0) throw new Error(`FIX44.xml has no message ${message}`);
      const end = text.indexOf('  </message>', start);
      if (end < 0) throw new Error(`FIX44.xml message ${message} is not closed`);
      const line = `   <field name='${field.name}' required='N' />\n`;
      text = `${text.slice(0, end)}${line}${text.slice(end)}`;
    }
  }
  return text;
}

function insertBefore(text: string, marker: string, insertion: string): string {
  const at = text.lastIndexOf(marker);
  if (at < 0) throw new Error(`FIX44.xml has no ${marker.trim()}`);
  return `${text.slice(0, at)}${insertion}${text.slice(at)}`;
}

/** Writes `<dir>/FIX44-hutong-v1.xml` unless it is there; returns its path. */
export function ensureDictionary(dir: string): string {
  const path = join(dir, DICTIONARY_FILE_NAME);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, hutongDictionaryText());
  renameSync(temporary, path);
  return path;
}

/**
 * The official ISO 20022 XSDs (kept as data in ./xsd, see its README) and XSD validation with
 * libxml2 compiled to WebAssembly. The files are read from the source tree, beside this module's
 * source: tsc copies no data files, so dist/payments/iso20022 reaches back to
 * src/payments/iso20022/xsd through import.meta.url (as the console does for its static files).
 * Each schema is compiled once, on first use, and kept for the life of the process.
 * @module
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { XmlDocument, XsdValidator } from 'libxml2-wasm';

/** The four messages and the versions whose XSDs are kept. */
export type IsoMessageName =
  | 'pacs.008.001.09'
  | 'pacs.002.001.11'
  | 'pacs.004.001.10'
  | 'camt.056.001.09';

export const XSD_DIR = fileURLToPath(
  new URL('../../../src/payments/iso20022/xsd/', import.meta.url),
);

export function isoNamespace(message: IsoMessageName): string {
  return `urn:iso:std:iso:20022:tech:xsd:${message}`;
}

const validators = new Map<IsoMessageName, XsdValidator>();

/** The compiled schema of `message`. */
export function validatorFor(message: IsoMessageName): XsdValidator {
  const known = validators.get(message);
  if (known !== undefined) return known;
  const text = readFileSync(`${XSD_DIR}${message}.xsd`, 'utf8');
  const schema = XmlDocument.fromString(text);
  // The validator keeps what it needs from the schema document.
  const validator = XsdValidator.fromDoc(schema);
  schema.dispose();
  validators.set(message, validator);
  return validator;
}

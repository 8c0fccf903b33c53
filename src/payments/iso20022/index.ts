/**
 * The ISO 20022 gateway of the payments domain: pacs.008, pacs.002, pacs.004 and camt.056 built
 * with fast-xml-parser, validated on the way in against the official XSDs with libxml2 (WebAssembly)
 * and read into the domain's values. Not part of the deterministic core: it reads the XSD files
 * and loads WebAssembly, so the domain's own entry does not export it. See docs/payments.md §4.
 * @module
 */

export * from './camt056.js';
export * from './commands.js';
export * from './pacs002.js';
export * from './pacs004.js';
export * from './pacs008.js';
export * from './schemas.js';
export * from './validate.js';
export type { MessageHeader } from './xml.js';

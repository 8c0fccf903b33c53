/**
 * Validating an incoming message against its official XSD. A failure is ISO_XML_INVALID with
 * the field it concerns as a path of element names (`/Document/FIToFICstmrCdtTrf/GrpHdr/CreDtTm`)
 * and the rule it broke in libxml2's words without the namespaces. Messages in this gateway are
 * single payments: anything over `ISO_XML_LENGTH_MAX` is refused before parsing. A valid
 * document is read from the same parse (tree.ts): one parse per message.
 * @module
 */

import { XmlDocument, XmlValidateError } from 'libxml2-wasm';
import { accept, type Outcome, type Rejection, reject } from '../../kernel/index.js';
import { type IsoMessageName, validatorFor } from './schemas.js';
import { childNamed, contentOf } from './tree.js';
import type { Node } from './xml.js';

export const ISO_XML_LENGTH_MAX = 65_536;

export function isoInvalid(message: IsoMessageName, field: string, rule: string): Rejection {
  return reject('ISO_XML_INVALID', `${message} ${field}: ${rule}`, { message, field, rule });
}

/** Validates `xml` as `message`: well-formed, then valid against the XSD. */
export function validateIsoXml(message: IsoMessageName, xml: string): Outcome<undefined> {
  return validDocument(message, xml, () => undefined);
}

/** Validates `xml` as `message`, then reads its `root` element (under Document) as a tree. */
export function readIsoXml(message: IsoMessageName, xml: string, root: string): Outcome<Node> {
  return validDocument(message, xml, (doc) => contentOf(childNamed(doc.root, root)));
}

function validDocument<T>(
  message: IsoMessageName,
  xml: string,
  read: (doc: XmlDocument) => T,
): Outcome<T> {
  if (xml.length > ISO_XML_LENGTH_MAX) {
    return reject('ISO_XML_TOO_LONG', `A ${message} is at most ${ISO_XML_LENGTH_MAX} characters`, {
      message,
      length: xml.length,
    });
  }
  // A DTD could declare entities; no ISO 20022 message has one.
  if (xml.includes('<!DOCTYPE')) return isoInvalid(message, '/', 'a DOCTYPE is not allowed');
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromString(xml);
  } catch (error) {
    return isoInvalid(message, '/', `not well-formed XML (${first_line(error)})`);
  }
  try {
    validatorFor(message).validate(doc);
    return accept(read(doc));
  } catch (error) {
    if (!(error instanceof XmlValidateError)) throw error;
    const detail = error.details[0];
    const field = detail?.xpath === undefined ? '/' : named_path(doc, detail.xpath);
    return isoInvalid(message, field, clean_rule(detail?.message ?? error.message));
  } finally {
    doc.dispose();
  }
}

/** libxml2 gives positions (`/*[1]/*[2]`); a person wants names. */
function named_path(doc: XmlDocument, xpath: string): string {
  const names: string[] = [];
  let node = doc.get(xpath);
  for (let depth = 0; node !== null && depth < 64; depth += 1) {
    names.unshift('name' in node ? String(node.name) : '?');
    node = node.parent;
  }
  return names.length === 0 ? xpath : `/${names.join('/')}`;
}

/** Drops `{urn:…}` namespaces and the element prefix, keeps the rule. */
function clean_rule(text: string): string {
  return text
    .replace(/\{[^}]*\}/g, '')
    .replace(/^Element '[^']*'(?: \[[^\]]*\])?: /, (match) => {
      const facet = /\[[^\]]*\]/.exec(match);
      return facet === null ? '' : `${facet[0]} `;
    })
    .trim();
}

function first_line(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? text).trim();
}

/**
 * A validated libxml2 document as the plain tree the readers walk (xml.ts `Node`), built from the
 * parse that validated it, so a message is parsed once: element names without their namespace
 * prefix, attributes as `@name`, text trimmed; an element with attributes keeps its text as
 * `#text`; the lists a message may repeat are always arrays.
 * @module
 */

import { XmlElement, type XmlTreeNode } from 'libxml2-wasm';
import type { Node } from './xml.js';

/** Elements the XSDs let repeat: read as arrays, as the readers expect (`single`, `read`). */
export const REPEATED = new Set([
  'CdtTrfTxInf',
  'TxInfAndSts',
  'TxInf',
  'Undrlyg',
  'StsRsnInf',
  'RtrRsnInf',
  'CxlRsnInf',
  'AddtlInf',
  'Othr',
  'InstrForNxtAgt',
]);

/** The content of `element` as a tree; an empty tree for none. */
export function contentOf(element: XmlElement | null): Node {
  if (element === null) return {};
  const value = elementValue(element);
  return typeof value === 'string' ? {} : value;
}

/** The first child element of `parent` named `name`, or null. */
export function childNamed(parent: XmlElement, name: string): XmlElement | null {
  return elementsOf(parent.firstChild).find((e) => e.name === name) ?? null;
}

function elementValue(element: XmlElement): Node | string {
  const children = elementsOf(element.firstChild);
  const attributes = element.attrs;
  if (children.length === 0 && attributes.length === 0) return element.content.trim();
  const out: Record<string, unknown> = {};
  for (const attribute of attributes) out[`@${attribute.name}`] = attribute.value;
  if (children.length === 0) {
    out['#text'] = element.content.trim();
    return out;
  }
  for (const child of children) add(out, child.name, elementValue(child));
  return out;
}

function elementsOf(first: XmlTreeNode | null): XmlElement[] {
  const out: XmlElement[] = [];
  for (let node = first; node !== null; node = node.next) {
    if (node instanceof XmlElement) out.push(node);
  }
  return out;
}

function add(out: Record<string, unknown>, name: string, value: Node | string): void {
  const existing = out[name];
  if (existing === undefined) out[name] = REPEATED.has(name) ? [value] : value;
  else if (Array.isArray(existing)) existing.push(value);
  else out[name] = [existing, value];
}

import { SaxesParser } from 'saxes';

/** One element of a parsed request body, namespaces resolved (`ns` is the URI, '' for none). */
export interface XmlElement {
  ns: string;
  local: string;
  lang?: string;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

export class MalformedXml extends Error {}

const MAX_DEPTH = 64;

/**
 * Parses a WebDAV request body with saxes, a strict XML 1.0 + Namespaces parser: any
 * well-formedness or namespace error (an unbound prefix, `xmlns:p=""`) is MalformedXml,
 * which the handlers answer with 400. saxes expands no external or user-defined entities,
 * so a hostile body cannot read files or blow up memory through a DTD.
 */
export function parseXml(text: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let failure: Error | null = null;
  parser.on('error', (e) => {
    failure = failure ?? e;
  });
  parser.on('doctype', () => {
    failure = failure ?? new Error('DOCTYPE is not accepted');
  });
  parser.on('opentag', (tag) => {
    const el: XmlElement = { ns: tag.uri ?? '', local: tag.local ?? tag.name, children: [] };
    const lang = tag.attributes['xml:lang'];
    if (lang) el.lang = typeof lang === 'string' ? lang : lang.value;
    if (stack.length) stack[stack.length - 1].children.push(el);
    else root = el;
    stack.push(el);
    if (stack.length > MAX_DEPTH) failure = failure ?? new Error('too deep');
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const text_ = (t: string): void => {
    if (stack.length) stack[stack.length - 1].children.push(t);
  };
  parser.on('text', text_);
  parser.on('cdata', text_);
  try {
    parser.write(text).close();
  } catch (e) {
    failure = failure ?? (e as Error);
  }
  if (failure || !root) throw new MalformedXml(failure ? (failure as Error).message : 'empty document');
  return root;
}

export const DAV = 'DAV:';

export function elements(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string');
}

export function child(el: XmlElement, local: string, ns = DAV): XmlElement | undefined {
  return elements(el).find((c) => c.ns === ns && c.local === local);
}

export function textOf(el: XmlElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A property's key in the dead-property store: Clark notation, `{ns}local`. */
export function clark(ns: string, local: string): string {
  return `{${ns}}${local}`;
}

export function parseClark(key: string): { ns: string; local: string } {
  const close = key.indexOf('}');
  return { ns: key.slice(1, close), local: key.slice(close + 1) };
}

/**
 * Serialises an element (and its subtree) with every namespace declared on the element
 * that uses it, so the fragment stays correct wherever it is pasted into a response.
 */
export function serialize(el: XmlElement, counter = { n: 0 }): string {
  const p = el.ns === '' ? '' : `x${counter.n++}`;
  const inner = el.children.map((c) => (typeof c === 'string' ? escapeXml(c) : serialize(c, counter))).join('');
  const lang = el.lang ? ` xml:lang="${escapeXml(el.lang)}"` : '';
  if (el.ns === '') return `<${el.local} xmlns=""${lang}>${inner}</${el.local}>`;
  return `<${p}:${el.local} xmlns:${p}="${escapeXml(el.ns)}"${lang}>${inner}</${p}:${el.local}>`;
}

/** An empty property element (for propname answers and status lists). */
export function emptyProp(ns: string, local: string): string {
  if (ns === DAV) return `<D:${local}/>`;
  if (ns === '') return `<${local} xmlns=""/>`;
  return `<P:${local} xmlns:P="${escapeXml(ns)}"/>`;
}

/** A dead property as stored: the property element itself, with its value. */
export function propElement(ns: string, local: string, inner: string, lang?: string): string {
  const l = lang ? ` xml:lang="${escapeXml(lang)}"` : '';
  if (ns === '') return `<${local} xmlns=""${l}>${inner}</${local}>`;
  return `<P:${local} xmlns:P="${escapeXml(ns)}"${l}>${inner}</P:${local}>`;
}

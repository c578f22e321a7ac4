/**
 * WeChat's push and reply XML: a flat `<xml>` of fields (CDATA strings, bare numbers), sometimes one level of
 * nesting (ScanCodeInfo, SendPicsInfo, Articles). Parsed with fast-xml-parser keeping every value a string, so a
 * 64-bit MsgId never passes through a JavaScript number.
 */
import { XMLParser } from 'fast-xml-parser';

export type WxXmlValue = string | WxXmlObject | WxXmlValue[];
export interface WxXmlObject {
  [field: string]: WxXmlValue;
}

export class WxXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WxXmlError';
  }
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** The largest push WeChat sends is a few KB; anything far bigger is not from WeChat. */
export const WX_XML_MAX_BYTES = 64 * 1024;

/** The fields under `<xml>`; throws WxXmlError on anything that is not a WeChat-shaped document. */
export function parseWxXml(text: string): WxXmlObject {
  if (typeof text !== 'string' || text.length === 0) throw new WxXmlError('empty body');
  if (Buffer.byteLength(text, 'utf8') > WX_XML_MAX_BYTES) throw new WxXmlError('body too large');
  // WeChat never sends a DTD; refusing one keeps entity tricks (billion laughs, external entities) out.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new WxXmlError('DTD not allowed');
  let doc: unknown;
  try {
    doc = parser.parse(text, true);
  } catch {
    throw new WxXmlError('not well-formed XML');
  }
  const root = (doc as Record<string, unknown> | null)?.xml;
  if (root === '') return {};
  if (!root || typeof root !== 'object' || Array.isArray(root)) throw new WxXmlError('no <xml> root');
  return root as WxXmlObject;
}

/** A string field, or undefined when absent or nested. */
export function wxField(doc: WxXmlObject, name: string): string | undefined {
  const v = doc[name];
  return typeof v === 'string' ? v : undefined;
}

function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

function element(name: string, value: WxXmlValue | number): string {
  if (!/^[A-Za-z_][\w.-]*$/.test(name)) throw new WxXmlError('bad element name');
  if (typeof value === 'number')
    return `<${name}>${Number.isFinite(value) ? String(Math.trunc(value)) : '0'}</${name}>`;
  if (typeof value === 'string') return `<${name}>${cdata(value)}</${name}>`;
  if (Array.isArray(value)) return value.map((v) => element(name, v)).join('');
  return `<${name}>${Object.entries(value)
    .map(([k, v]) => element(k, v))
    .join('')}</${name}>`;
}

export type WxXmlInput = { [field: string]: string | number | WxXmlInput | WxXmlInput[] };

/** `<xml>…</xml>` with strings as CDATA and numbers bare, the way WeChat's own samples write replies. */
export function buildWxXml(fields: WxXmlInput): string {
  return `<xml>${Object.entries(fields)
    .map(([k, v]) => element(k, v as WxXmlValue | number))
    .join('')}</xml>`;
}

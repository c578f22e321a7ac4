import { XMLBuilder } from 'fast-xml-parser';
import type { Open311Row } from '../data/open311.repository.js';
import { maskPersonalNumbers } from '../domain/masking.js';
import { georeportStatus, serviceCodes, type ServiceCode } from '../domain/open311.js';
import { toWgs84 } from '../domain/place.js';
import type { Texts } from '../texts/index.js';

/** GeoReport v2 objects, field names exactly as the specification writes them. */
export interface Service {
  service_code: string;
  service_name: string;
  description: string | null;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string | null;
  group: string | null;
}

export function services(t: Texts): Service[] {
  return serviceCodes.map((code) => ({
    service_code: code,
    service_name: t.kind[code],
    description: t.ledger.open311.serviceDescription[code] ?? null,
    metadata: false,
    type: 'realtime',
    keywords: `${code},${t.kind[code]}`,
    group: code === 'hazard' ? 'safety' : code === 'dispute' ? 'mediation' : 'village',
  }));
}

/** Linli asks nothing beyond the description: every service's definition has no attributes. */
export function serviceDefinition(code: ServiceCode): { service_code: string; attributes: unknown[] } {
  return { service_code: code, attributes: [] };
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * A request as GeoReport shows it. What a resident wrote is shown with phone and ID numbers masked, and
 * nothing names the household unless the client itself filed it with an address_id.
 */
export function serviceRequest(row: Open311Row, t: Texts) {
  const { r } = row;
  const o = (r.details.open311 ?? {}) as Record<string, unknown>;
  const status = georeportStatus(r.status);
  const shared =
    r.lat !== null && r.long !== null
      ? toWgs84({ lat: r.lat, long: r.long, label: null, datum: r.placeDatum ?? 'gcj02' })
      : null;
  const notes =
    r.status === 'withdrawn'
      ? t.ledger.open311.statusNotes.withdrawn
      : r.status === 'invalid'
        ? t.ledger.open311.statusNotes.invalid(r.resolution ?? '')
        : r.resolution
          ? maskPersonalNumbers(r.resolution)
          : t.status[r.status];
  return {
    service_request_id: String(r.ref),
    status,
    status_notes: notes,
    service_name: r.kind in t.kind ? t.kind[r.kind] : null,
    service_code: r.kind,
    description: maskPersonalNumbers(r.text).slice(0, 4000),
    agency_responsible: row.villageName,
    service_notice: null as string | null,
    requested_datetime: r.createdAt.toISOString(),
    updated_datetime: (r.closedAt ?? r.updatedAt).toISOString(),
    expected_datetime: r.resolveDueAt ? r.resolveDueAt.toISOString() : null,
    address: str(o.address_string) ?? str(r.details.location) ?? r.placeLabel,
    address_id: str(o.address_id),
    zipcode: null as string | null,
    // What the client sent, else the point a resident shared (in WGS-84, as GeoReport reads it).
    lat: num(o.lat) ?? (shared ? shared.lat : null),
    long: num(o.long) ?? (shared ? shared.long : null),
    media_url: str(o.media_url),
  };
}

export function discovery(baseUrl: string, changeset: string) {
  return {
    changeset,
    contact: 'Linli 邻里 — the village secretary',
    key_service: "OPEN311_API_KEYS (ask the deployment's operator)",
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${baseUrl}/open311/v2`,
        changeset,
        type: 'production',
        formats: ['application/json', 'text/xml'],
      },
    ],
  };
}

export interface Open311Error {
  code: number;
  description: string;
}

const builder = new XMLBuilder({ format: true, suppressEmptyNode: false, processEntities: true });

/** XML values: null as an empty element, booleans and numbers as text. */
function xmlValue(v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(xmlValue);
  if (typeof v === 'object')
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, xmlValue(x)]));
  return String(v);
}

/** The spec's XML: a root element holding one element per item (`<services><service>…`). */
export function xmlList(root: string, item: string, items: unknown[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ [root]: { [item]: items.map(xmlValue) } })}`;
}

export function xmlOne(root: string, value: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ [root]: xmlValue(value) })}`;
}

/** Discovery's formats and the definition's attributes nest lists: `<formats><format>…`. */
export function discoveryXml(d: ReturnType<typeof discovery>): string {
  return xmlOne('discovery', {
    ...d,
    endpoints: { endpoint: d.endpoints.map((e) => ({ ...e, formats: { format: e.formats } })) },
  });
}

export function definitionXml(d: ReturnType<typeof serviceDefinition>): string {
  return xmlOne('service_definition', {
    service_code: d.service_code,
    attributes: d.attributes.length ? { attribute: d.attributes } : '',
  });
}

/**
 * GeoReport v2 posts `application/x-www-form-urlencoded`, with custom attributes as `attribute[CODE]=v`
 * (or `attribute[CODE][]=v` repeated for a multivaluelist). Repeated plain keys become lists.
 */
export function formBody(raw: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const attributes: Record<string, string | string[]> = {};
  let n = 0;
  for (const [k, v] of new URLSearchParams(raw)) {
    if (++n > 200) break;
    const attr = /^attribute\[([^\]]{1,64})\](\[\])?$/.exec(k);
    if (attr) {
      const code = attr[1]!;
      const prev = attributes[code];
      attributes[code] = attr[2] ? [...(Array.isArray(prev) ? prev : prev === undefined ? [] : [prev]), v] : v;
      continue;
    }
    const prev = out[k];
    out[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
  }
  if (Object.keys(attributes).length) out.attribute = attributes;
  return out;
}

/** The logging the core needs; Fastify's pino logger fits it. Log ids, never phone numbers or texts. */
export interface Log {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLog: Log = { debug() {}, info() {}, warn() {}, error() {} };

/** Identifiers PostgreSQL quotes in its messages; anything else in double quotes may be a value. */
const IDENTIFIER_BEFORE =
  /(?:relation|column|constraint|table|index|schema|type|function|sequence|database|role|operator|extension|trigger|view|encoding|operator class|collation)\s*$/i;

/** A message without the values it may quote: drizzle's `params:` tail cut, quoted values blanked. */
export function scrubMessage(text: string): string {
  const cut = text.search(/\n\s*params:/);
  const head = cut >= 0 ? text.slice(0, cut) : text;
  // `Failed query: <sql>`: the SQL has placeholders ($1), but keep only its statement, not a page of columns.
  const failed = /^Failed query: ([\s\S]*)$/.exec(head);
  if (failed) return `Failed query: ${statementName(failed[1]!) ?? 'statement'}`;
  return head.replace(/"([^"]*)"/g, (whole, _inner: string, offset: number) =>
    IDENTIFIER_BEFORE.test(head.slice(Math.max(0, offset - 24), offset)) ? whole : '"…"',
  );
}

/** `insert households`, `select requests`, `update outbox`: what a failed statement was, without its text. */
export function statementName(sql: unknown): string | null {
  if (typeof sql !== 'string') return null;
  const verb =
    /^\s*(?:with\b[\s\S]*?\)\s*)?(select|insert|update|delete)\b/i.exec(sql)?.[1]?.toLowerCase() ??
    /^\s*(\w+)/.exec(sql)?.[1]?.toLowerCase();
  if (!verb) return null;
  const table = (
    verb === 'insert'
      ? /\binto\s+"?([\w.]+)"?/i
      : verb === 'update'
        ? /\bupdate\s+"?([\w.]+)"?/i
        : /\bfrom\s+"?([\w.]+)"?/i
  ).exec(sql)?.[1];
  return table ? `${verb} ${table}` : verb;
}

/** How a typed card code is compared: full-width forms folded, upper case, without separators. */
export function normalizeCardCode(typed: string): string {
  return typed.normalize('NFKC').toUpperCase().replace(/[\s\-_.·]/g, '');
}

/** References are shown as `#1024`; residents also type them with full-width `＃` or without the sign. */
export function formatRef(ref: number): string {
  return `#${ref}`;
}

export function parseRef(text: string): number | null {
  const m = /^\s*[#＃]?\s*(\d{1,9})\s*$/.exec(text);
  return m ? Number(m[1]) : null;
}

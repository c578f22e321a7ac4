/**
 * How alike two reports are: Dice overlap of character bigrams after dropping the words every
 * report shares (俺家, 了, 麻烦…). Good enough to tell "村口路灯坏了" from "俺家水管漏了".
 */
const filler =
  /俺家|我家|你好|您好|麻烦|请问|一下|帮忙|赶紧|快点|谢谢|了|的|啊|呀|吧|吗|呢|嘛|哦|个|都|也|还|就|又|很|太|[\s\p{P}\p{S}]/gu;

function bigrams(text: string): Map<string, number> {
  const t = text.normalize('NFKC').toLowerCase().replace(filler, '');
  const grams = new Map<string, number>();
  for (let i = 0; i < t.length - 1; i++) {
    const g = t.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

export function similarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  let total = 0;
  let shared = 0;
  for (const n of x.values()) total += n;
  for (const n of y.values()) total += n;
  for (const [g, n] of x) shared += Math.min(n, y.get(g) ?? 0);
  return total === 0 ? 0 : (2 * shared) / total;
}

export interface Candidate {
  ref: number;
  kind: string;
  text: string;
  location: string | null;
}

/** A report about the same matter: same kind, and alike in words or in place. */
export function sameMatterScore(kind: string, text: string, location: string | null, c: Candidate): number {
  if (c.kind !== kind) return 0;
  const place = location !== null && c.location !== null && location === c.location ? 0.3 : 0;
  return Math.min(1, similarity(text, c.text) + place);
}

/** Above this, two households' reports are one matter; between the two, the resident is asked. */
export const SAME_MATTER = 0.5;
export const MAYBE_SAME = 0.2;

/**
 * Words that say a finished matter is back (又漏了, 还是不亮, 没修好, 修完又…): only then is a closed request of the
 * household offered to be handled again, instead of filing the same thing as new.
 */
const CAME_BACK =
  /又(?!是|一)|还是(不|没|漏|坏|堵|停|断)|还在(漏|滴|渗|响|冒|堵)|没(修|弄|办|整|治)好|(修|弄|换|补)(完|好)了?(还|又)/;
export function saysItCameBack(text: string): boolean {
  return CAME_BACK.test(text);
}

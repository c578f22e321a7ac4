import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The README points into docs/ and the pages into each other and the code: every relative link must reach a file
 * that exists, and every #anchor a heading of that file (GitHub's slugs), so a page moved or renamed is noticed.
 */
const root = resolve(import.meta.dirname, '../..');
const pages = [
  'README.md',
  'test/bench/README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}_\- ]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));
}

function linksOf(page: string): { url: string; line: number }[] {
  const text = readFileSync(join(root, page), 'utf8');
  const out: { url: string; line: number }[] = [];
  let fenced = false;
  text.split('\n').forEach((line, i) => {
    if (line.startsWith('```')) fenced = !fenced;
    if (fenced) return;
    for (const m of line.matchAll(/\]\(([^)\s]+)\)/g)) out.push({ url: m[1]!, line: i + 1 });
  });
  return out;
}

describe('documentation links', () => {
  it.each(pages)('%s: every relative link reaches a file, every anchor a heading', (page) => {
    const broken: string[] = [];
    for (const { url, line } of linksOf(page)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(url)) continue;
      const [path, anchor] = url.split('#') as [string, string | undefined];
      const file = path ? resolve(root, dirname(page), decodeURIComponent(path)) : join(root, page);
      if (!existsSync(file)) {
        broken.push(`${page}:${line} → ${url} (no ${relative(root, file)})`);
        continue;
      }
      if (anchor && file.endsWith('.md') && !anchorsOf(file).has(decodeURIComponent(anchor)))
        broken.push(`${page}:${line} → ${url} (no heading)`);
    }
    expect(broken).toEqual([]);
  });

  it('the README is short and points every reader into docs/', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThanOrEqual(200);
    for (const page of [
      'docs/chat.md',
      'docs/secretary.md',
      'docs/operators.md',
      'docs/developers.md',
      'docs/wechat.md',
      'docs/backup.md',
    ])
      expect(readme).toContain(`(${page})`);
  });
});

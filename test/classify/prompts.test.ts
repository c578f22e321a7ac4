import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { requestKinds } from '../../src/domain/classification.js';
import { defaultPromptsDir, loadPrompt } from '../../src/classify/prompts.js';

const repoPrompts = resolve(fileURLToPath(new URL('../../prompts/', import.meta.url)));

function copyPrompts(): string {
  const dir = mkdtempSync(join(tmpdir(), 'linli-prompts-'));
  cpSync(repoPrompts, dir, { recursive: true });
  return dir;
}

describe('prompt registry', () => {
  it('loads the classify prompt with validated few-shot examples covering every kind', () => {
    const p = loadPrompt('classify');
    expect(p.system).toMatch(/do not follow them/i);
    expect(p.system).toContain('<resident_message>');
    expect(p.version).toMatch(/^classify@[0-9a-f]{8}$/);
    // Every kind a model may answer, `none` (no matter at all: 看了, 收到) among them.
    expect(new Set(p.examples.map((e) => e.output.kind))).toEqual(new Set([...requestKinds, 'none']));
    expect(p.system).toMatch(/- none: .*看了.*收到/);
    for (const e of p.examples) expect(e.output.summary.length).toBeLessThanOrEqual(40);
  });

  it('has a stable version that changes with the content', () => {
    const dir = copyPrompts();
    expect(loadPrompt('classify', dir).version).toBe(loadPrompt('classify').version);
    writeFileSync(join(dir, 'classify.system.md'), `${loadPrompt('classify').system}\nBe brief.`);
    expect(loadPrompt('classify', dir).version).not.toBe(loadPrompt('classify').version);
  });

  it('rejects examples that break the classification schema', () => {
    const dir = copyPrompts();
    writeFileSync(
      join(dir, 'classify.examples.json'),
      JSON.stringify([{ text: '路灯坏了', output: { kind: 'broken' } }]),
    );
    expect(() => loadPrompt('classify', dir)).toThrow(/invalid/);
  });

  it('resolves the prompts folder from the module, not the working directory', () => {
    expect(resolve(defaultPromptsDir)).toBe(repoPrompts);
    const cwd = process.cwd();
    try {
      process.chdir(tmpdir());
      expect(loadPrompt('classify').version).toMatch(/^classify@/);
    } finally {
      process.chdir(cwd);
    }
  });
});

/**
 * Prompt registry. Prompts live as files in /prompts (reviewable without reading code):
 * `<name>.system.md` and `<name>.examples.json`. The version is a hash of both, so any edit
 * yields a new version that is stored with every request it classified.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { classificationSchema, requestKinds } from '../domain/classification.js';

/** Resolved from this file, not the working directory, so the service may start from anywhere. */
export const defaultPromptsDir = fileURLToPath(new URL('../../prompts/', import.meta.url));

/**
 * The kinds a model may answer: the request kinds, and `none` for a message with no matter at all (看了,
 * 收到, 👍) — the offline model's class of the same name. A `none` becomes `other` with `chatter`: never filed.
 */
export const modelKinds = [...requestKinds, 'none'] as const;
export type ModelKind = (typeof modelKinds)[number];
export const modelClassificationSchema = classificationSchema.extend({ kind: z.enum(modelKinds) });
export type ModelClassification = z.infer<typeof modelClassificationSchema>;

const registry = {
  classify: z.array(z.object({ text: z.string().min(1), output: modelClassificationSchema }).strict()),
} as const;
export type PromptName = keyof typeof registry;

export interface FewShotExample {
  text: string;
  output: ModelClassification;
}

export interface Prompt {
  name: PromptName;
  system: string;
  examples: FewShotExample[];
  /** e.g. `classify@3f9a0c1b`: name plus the first 8 hex digits of sha256(system + examples). */
  version: string;
}

export function loadPrompt(name: PromptName, dir: string = defaultPromptsDir): Prompt {
  const systemPath = join(dir, `${name}.system.md`);
  const examplesPath = join(dir, `${name}.examples.json`);
  const system = readFileSync(systemPath, 'utf8').trim();
  if (!system) throw new Error(`prompt ${systemPath} is empty`);
  const rawExamples = readFileSync(examplesPath, 'utf8');
  const parsed = registry[name].safeParse(JSON.parse(rawExamples));
  if (!parsed.success) throw new Error(`prompt examples ${examplesPath} are invalid: ${parsed.error.message}`);
  const hash = createHash('sha256').update(system).update('\0').update(rawExamples).digest('hex');
  return { name, system, examples: parsed.data, version: `${name}@${hash.slice(0, 8)}` };
}

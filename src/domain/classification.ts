import { z } from 'zod';

/** The request kinds a resident's message can become; `other` (greetings, thanks) creates nothing. */
export const requestKinds = [
  'repair',
  'help',
  'dispute',
  'hazard',
  'say_things',
  'proposal',
  'inquiry',
  'other',
] as const;
export type RequestKind = (typeof requestKinds)[number];

export const urgencies = ['normal', 'urgent'] as const;
export type Urgency = (typeof urgencies)[number];

/** What any classifier extracts from a resident's message. The model only extracts; it never decides. */
export const classificationSchema = z.object({
  kind: z.enum(requestKinds),
  summary: z.string().max(40),
  urgency: z.enum(urgencies),
  location: z.string().nullable(),
  parties: z.string().nullable(),
  when: z.string().nullable(),
  department: z.string().nullable(),
  confidence: z.number().min(0).max(1),
});
export type Classification = z.infer<typeof classificationSchema>;

export interface ClassifyResult extends Classification {
  /** Which classifier decided, e.g. `offline-lr`, `openai:gpt-4o-mini`, `offline-lr (fallback: timeout)`. */
  classifier: string;
  /**
   * True when the message carries no matter at all (看了, 收到, 👍, ok): the offline model's `none` class.
   * Such a message is answered with a warm word and never filed; `kind` is then `other`.
   */
  chatter?: boolean;
}

/** The `classify` port: the core depends on this, never on a model library. */
export interface Classifier {
  classify(text: string): Promise<ClassifyResult>;
  /**
   * True when classifying is a local computation (the offline model): a chat turn then reads any free text
   * before it knows who wrote it; a remote model is asked only for a resident's (both before the transaction).
   */
  inProcess?: boolean;
}

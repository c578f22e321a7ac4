/**
 * What a feature adds, in one object: its chat commands (their specs and parsers), their handlers and its lines
 * in a member's 帮助, its sentences in both languages, its timed sweeps, its admin API, its desk pages and its
 * error codes. Each feature exports one from its folder (`src/care/care.feature.ts`), and src/features.ts lists
 * them: the core registers every part from that one list.
 */
import type { FastifyInstance } from 'fastify';
import type { MemberActor } from './data/people.repository.js';
import type { DeskDeps } from './desk/desk.context.js';
import type { AnyChatFeature } from './domain/chat-feature.js';
import type { ErrorEntry } from './domain/errors.js';
import type { FeatureSweep } from './rhythm/feature-sweeps.js';
import type { RouteContext } from './routes/route.context.js';
import type { Texts, TextTables } from './texts/index.js';

/** Each feature's object is declared `satisfies Feature`, so the list keeps its exact handler and text types. */
export interface Feature {
  /** How the feature is named in logs and in the tick's counts. */
  name: string;
  /** Its chat commands: specs, text and button parsers (a ChatFeature from its *.commands.ts). */
  commands?: AnyChatFeature;
  /** Which code runs each of its commands (one entry per command type) and its lines in a member's 帮助. */
  chat?: {
    /** A FeatureHandlers of its command types (src/features.ts checks that every command has one). */
    handlers: object;
    memberHelp?(actor: MemberActor, t: Texts): string | null;
  };
  /** Its sentences, under the name they take in `Texts` (`{ care: careTexts }`). */
  texts?: Readonly<Record<string, TextTables<unknown>>>;
  /** Its timed sweeps, by the name the tick reports each count under. */
  sweeps?: Readonly<Record<string, FeatureSweep>>;
  /** Its admin API, behind the admin token. */
  routes?: readonly ((app: FastifyInstance, ctx: RouteContext) => void)[];
  /** Its desk pages, inside the desk's session and form handling. */
  desk?: readonly ((app: FastifyInstance, deps: DeskDeps) => void)[];
  /** Its error codes (each added to FeatureErrors by its *.errors.ts), joined to the catalogue. */
  errors?: Readonly<Record<string, ErrorEntry>>;
}

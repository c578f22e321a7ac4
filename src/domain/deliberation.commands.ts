/**
 * The chat forms of village deliberation and notices. The secretary's `议事 …` family, the resident's
 * `投票 D12 同意` and `评议 D12 满意`, everyone's `公告` and `已读 G5`. A ballot's text always carries
 * its D-ref, so a bare "1" stays a rating reply and can never be taken for a vote.
 */
import type { ChatFeature } from './chat-feature.js';
import { ratingAnswerNumber, ratingAnswerOf, type RatingAnswer as Rating } from './rating-answers.js';

export type SecretaryMove =
  | { move: 'list' }
  | { move: 'show'; id: number }
  /** A resident's proposal or a say-things topic (`议事 #1005`) becomes a matter. */
  | { move: 'from_request'; ref: number }
  | { move: 'new'; title: string; text: string }
  | { move: 'consult'; id: number; notes: string }
  | { move: 'review'; id: number; notes: string }
  | { move: 'open'; id: number; days: number | null }
  | { move: 'close'; id: number }
  | { move: 'publish'; id: number }
  | { move: 'progress'; id: number; notes: string }
  | { move: 'evaluate'; id: number }
  | { move: 'drop'; id: number; notes: string }
  /** Households of the matter's scope are asked for their comments (征求意见) while it is discussed. */
  | { move: 'invite_comments'; id: number; notes: string }
  | { move: 'in_person'; id: number; household: string; option: string };

export type DeliberationCommand =
  | { type: 'deliberation'; action: SecretaryMove }
  | { type: 'vote'; id: number; option: string }
  | { type: 'evaluate_deliberation'; id: number; rating: Rating }
  | { type: 'notices'; id: number | null }
  | { type: 'notice_read'; id: number };

const D = String.raw`[Dd]\s*(\d{1,9})`;
const G = String.raw`[Gg]\s*(\d{1,9})`;

const moveWords: [RegExp, (id: number, rest: string) => SecretaryMove | null][] = [
  [/^(?:商议|consult)$/i, (id, rest) => ({ move: 'consult', id, notes: rest })],
  [/^(?:审议|review)$/i, (id, rest) => ({ move: 'review', id, notes: rest })],
  [
    /^(?:表决|投票|open)$/i,
    (id, rest) => {
      const days = /^(\d{1,2})\s*(?:天|日|days?)?$/i.exec(rest);
      if (rest && !days) return null;
      return { move: 'open', id, days: days ? Number(days[1]) : null };
    },
  ],
  [/^(?:截止|结束投票|close)$/i, (id) => ({ move: 'close', id })],
  [/^(?:公开|公布|publish)$/i, (id) => ({ move: 'publish', id })],
  [/^(?:进展|实施|progress)$/i, (id, rest) => (rest ? { move: 'progress', id, notes: rest } : null)],
  [/^(?:评议|评事|evaluate)$/i, (id) => ({ move: 'evaluate', id })],
  [/^(?:终止|撤销|drop)$/i, (id, rest) => ({ move: 'drop', id, notes: rest })],
  [/^(?:征求意见|征询意见|comments?)$/i, (id, rest) => ({ move: 'invite_comments', id, notes: rest })],
  [
    /^(?:代投|现场|in-person)$/i,
    (id, rest) => {
      // The household as people say it may take words ("三组1号 杨志强家"); the option is the last.
      const m = /^(\S[\s\S]*?)\s+(\S+)$/.exec(rest);
      return m ? { move: 'in_person', id, household: m[1]!, option: m[2]! } : null;
    },
  ],
];

/**
 * `text` is the NFKC form, `raw` what the person typed (notes keep their own punctuation). Answers
 * null for anything that is not one of these forms: `议事 建议修个广场` from a resident stays a proposal.
 */
export function parseDeliberationCommand(text: string, raw: string): DeliberationCommand | null {
  if (/^(?:议事|\/deliberations?)$/i.test(text)) return { type: 'deliberation', action: { move: 'list' } };
  const fromRequest = /^(?:议事|\/deliberation)\s*#\s*(\d{1,9})$/i.exec(text);
  if (fromRequest) return { type: 'deliberation', action: { move: 'from_request', ref: Number(fromRequest[1]) } };
  const created = /^(?:议事|\/deliberation)\s*(?:新建|新|new)\s+([\s\S]+)$/i.exec(text);
  if (created) {
    const body = /^\S+\s*(?:新建|新|new)\s+([\s\S]+)$/i.exec(raw.trim())?.[1]?.trim() ?? created[1]!.trim();
    const [title, ...rest] = body.split(/[\n：:]/);
    return {
      type: 'deliberation',
      action: { move: 'new', title: title!.trim().slice(0, 100), text: rest.join('\n').trim() || title!.trim() },
    };
  }
  const move = new RegExp(`^(?:议事|/deliberation)\\s*${D}(?:\\s+(\\S+)(?:\\s+([\\s\\S]*))?)?$`, 'i').exec(text);
  if (move) {
    const id = Number(move[1]);
    if (!move[2]) return { type: 'deliberation', action: { move: 'show', id } };
    const keptRest = new RegExp(`^\\S+\\s*[Dd]\\s*[\\d０-９]{1,9}\\s+\\S+\\s+([\\s\\S]*)$`)
      .exec(raw.trim())?.[1]
      ?.trim();
    const rest = (move[3] ?? '').trim();
    const notes = keptRest !== undefined && keptRest.normalize('NFKC').trim() === rest ? keptRest : rest;
    for (const [re, make] of moveWords) {
      if (!re.test(move[2])) continue;
      const action = make(id, re.source.includes('代投') ? rest : notes);
      return action ? { type: 'deliberation', action } : null;
    }
    return null;
  }
  const vote = new RegExp(`^(?:投票|表决|/vote)\\s*${D}\\s+(\\S+)$`, 'i').exec(text);
  if (vote) return { type: 'vote', id: Number(vote[1]), option: vote[2]! };
  const evaluation = new RegExp(`^(?:评议|/evaluate)\\s*${D}\\s+(\\S+)$`, 'i').exec(text);
  if (evaluation) {
    const rating = ratingAnswerOf(evaluation[2]!);
    if (rating) return { type: 'evaluate_deliberation', id: Number(evaluation[1]), rating };
  }
  if (/^(?:公告|村务公开|\/notices)$/i.test(text)) return { type: 'notices', id: null };
  const one = new RegExp(`^(?:公告|/notices)\\s*${G}$`, 'i').exec(text);
  if (one) return { type: 'notices', id: Number(one[1]) };
  const read = new RegExp(`^(?:已读|/read)\\s*${G}$`, 'i').exec(text);
  if (read) return { type: 'notice_read', id: Number(read[1]) };
  return null;
}

const MAX_ID = 2_147_483_647;

/** Buttons: `vt:<id>:<option number>` a vote, `ev:<id>:<1-3>` the evaluation, `nr:<id>` 已读. */
export function parseDeliberationCallback(data: string): DeliberationCommand | null | undefined {
  // 代投 for the household pressed, when the one typed fitted several: `ip:<id>:~<household row>:<option>`.
  const proxy = /^ip:(\d{1,9}):(~\d{1,9}):(\S{1,16})$/.exec(data);
  if (proxy)
    return Number(proxy[1]) > 0
      ? {
          type: 'deliberation',
          action: { move: 'in_person', id: Number(proxy[1]), household: proxy[2]!, option: proxy[3]! },
        }
      : null;
  if (data.startsWith('ip:')) return null;
  const m = /^(vt|ev|nr):(\d{1,10})(?::(\d{1,2}))?$/.exec(data);
  if (!m) return /^(?:vt|ev|nr):/.test(data) ? null : undefined;
  const id = Number(m[2]);
  if (id <= 0) return null;
  const safe = id <= MAX_ID ? id : 0;
  if (m[1] === 'nr') return m[3] === undefined ? { type: 'notice_read', id: safe } : null;
  if (m[3] === undefined) return null;
  if (m[1] === 'vt') return { type: 'vote', id: safe, option: m[3] };
  const rating = ratingAnswerOf(m[3]);
  return rating ? { type: 'evaluate_deliberation', id: safe, rating } : null;
}

export const deliberationCallbacks = {
  vote: (id: number, optionNumber: number) => `vt:${id}:${optionNumber}`,
  evaluate: (id: number, rating: Rating) => `ev:${id}:${ratingAnswerNumber[rating]}`,
  read: (noticeId: number) => `nr:${noticeId}`,
  inPerson: (id: number, household: string, option: string) => `ip:${id}:${household}:${option}`,
};

/** What WeChat shows to type instead of a button: `投票 D12 同意`, `评议 D12 满意`, `已读 G5`. */
export function deliberationButtonText(b: { label: string; data: string }, zh: boolean): string | null {
  const proxy = /^ip:(\d+):~\d+:(\S+)$/.exec(b.data);
  if (proxy) return `议事 D${proxy[1]} 代投 ${b.label === b.data ? '' : `${b.label} `}${proxy[2]}`;
  const m = /^(vt|ev|nr):(\d+)(?::(\d+))?$/.exec(b.data);
  if (!m) return null;
  if (m[1] === 'nr') return zh ? `已读 G${m[2]}` : `/read G${m[2]}`;
  if (m[1] === 'vt') return zh ? `投票 D${m[2]} ${b.label}` : `/vote D${m[2]} ${m[3]}`;
  return zh ? `评议 D${m[2]} ${m[3]}` : `/evaluate D${m[2]} ${m[3]}`;
}

export const formatDeliberation = (id: number): string => `D${id}`;
export const formatNotice = (id: number): string => `G${id}`;

export const deliberationFeature: ChatFeature<DeliberationCommand> = {
  specs: {
    // The use case checks that the member is a secretary of the village.
    deliberation: { who: 'member', inRoom: false },
    vote: { who: 'resident', inRoom: false },
    evaluate_deliberation: { who: 'resident', inRoom: false },
    notices: { who: 'bound', inRoom: false },
    notice_read: { who: 'bound', inRoom: false },
  },
  parse: parseDeliberationCommand,
  parseCallback: parseDeliberationCallback,
  buttonText: deliberationButtonText,
};

declare module './chat-feature.js' {
  interface FeatureCommands {
    deliberation: DeliberationCommand;
  }
}

/** What people read about comments invited on a village matter (议事 D3 征求意见) and the comments themselves. */
import type { TextTables } from '../texts/index.js';

export interface DeliberationCommentsTexts {
  /** To every household of the matter's scope: what is being discussed, and that a plain reply is their opinion. */
  invite: (ref: string, title: string, text: string, notes: string, until: string) => string;
  /** To the secretary: how many households and accounts were asked. */
  invited: (ref: string, households: number, accounts: number, until: string) => string;
  /** Comments are invited only while the matter is discussed, before its vote opens. */
  notDiscussing: (ref: string, status: string) => string;
  /** To the household: its words are on the matter. */
  recorded: (ref: string, title: string) => string;
  /** To the secretary: who said what. */
  toSecretary: (ref: string, title: string, household: string, text: string) => string;
  /** Asked when an invited household writes what looks like another matter. */
  commentOrNew: (ref: string) => string;
  commentButton: string;
  otherButton: string;
  /** Under the matter in the secretary's `议事 D3` view. */
  inviteHint: (ref: string) => string;
  listHeading: (n: number) => string;
  line: (household: string, at: string, text: string) => string;
  /** The desk's vote page. */
  deskHeading: string;
  deskNone: string;
  deskInvite: string;
  deskInviteHint: string;
  deskInvited: (ref: string, households: number, accounts: number) => string;
}

/** How many comments the chat view lists; the desk and the API show them all. */
export const CHAT_COMMENTS = 10;

export const zh: DeliberationCommentsTexts = {
  invite: (ref, title, text, notes, until) =>
    `村里正在商议议事 ${ref}「${title}」，想听听您家的意见：\n${text}${notes ? `\n说明：${notes}` : ''}\n\n有什么想法，直接回复这条消息就行（${until} 前）；村委会都能看到。`,
  invited: (ref, households, accounts, until) =>
    `已就 ${ref} 向 ${households} 户（${accounts} 个账号）征求意见，${until} 前的回复都会记入并转给您。看意见：议事 ${ref}`,
  notDiscussing: (ref, status) => `${ref} 现在是“${status}”，只有在开始表决之前才能征求意见。`,
  recorded: (ref, title) => `已记入议事 ${ref}「${title}」的意见，村委会会看到。谢谢您！`,
  toSecretary: (ref, title, household, text) => `议事 ${ref}「${title}」收到${household}的意见：\n${text}`,
  commentOrNew: (ref) => `这是议事 ${ref} 的意见，还是另一件事？`,
  commentButton: '是议事的意见',
  otherButton: '另一件事',
  inviteHint: (ref) => `征求住户意见：议事 ${ref} 征求意见 说明`,
  listHeading: (n) => `住户意见（${n} 条）：`,
  line: (household, at, text) => `· ${household} ${at}：${text}`,
  deskHeading: '住户意见',
  deskNone: '还没有住户意见。',
  deskInvite: '征求意见',
  deskInviteHint: '发给表决范围内的每一户：直接回复的话记为该户的意见，开始表决时停止。',
  deskInvited: (ref, households, accounts) => `已就 ${ref} 向 ${households} 户（${accounts} 个账号）征求意见。`,
};

export const en: DeliberationCommentsTexts = {
  invite: (ref, title, text, notes, until) =>
    `The village is discussing matter ${ref} "${title}" and would like your household's view:\n${text}${notes ? `\nNote: ${notes}` : ''}\n\nJust reply to this message with your opinion (before ${until}); the village committee will see it.`,
  invited: (ref, households, accounts, until) =>
    `Comments on ${ref} invited from ${households} households (${accounts} accounts); replies before ${until} are recorded and passed to you. To read them: 议事 ${ref}`,
  notDiscussing: (ref, status) => `${ref} is "${status}": comments can be invited only before its vote opens.`,
  recorded: (ref, title) =>
    `Recorded as your comment on matter ${ref} "${title}"; the village committee will see it. Thank you!`,
  toSecretary: (ref, title, household, text) => `Matter ${ref} "${title}": comment from ${household}:\n${text}`,
  commentOrNew: (ref) => `Is this your comment on matter ${ref}, or another matter?`,
  commentButton: 'A comment on it',
  otherButton: 'Another matter',
  inviteHint: (ref) => `To invite households' comments: /deliberation ${ref} comments note`,
  listHeading: (n) => `Households' comments (${n}):`,
  line: (household, at, text) => `· ${household} ${at}: ${text}`,
  deskHeading: "Households' comments",
  deskNone: 'No comments from households yet.',
  deskInvite: 'Invite comments',
  deskInviteHint:
    'Sent to every household of the vote: a plain reply is recorded as its comment, until the vote opens.',
  deskInvited: (ref, households, accounts) =>
    `Comments on ${ref} invited from ${households} households (${accounts} accounts).`,
};

/** Both languages, for the feature object: merged into the text tables under `deliberationComments` from the feature list. */
export const deliberationCommentsTexts: TextTables<DeliberationCommentsTexts> = { zh, en };

declare module '../texts/texts.js' {
  interface FeatureTexts {
    deliberationComments: DeliberationCommentsTexts;
  }
}

/** A request as a "which matter" question names it (a NamedRequest fits). */
export interface NamedRequest {
  ref: string;
  summary: string;
  location?: string | null;
}

/** What people read about photos and voice notes. */
export interface MediaTexts {
  /** Follows a request text that came from a voice note's words. */
  voiceMark: string;
  /** A photo without words and no report of theirs just before it. */
  photoAsk: string;
  /** A photo or voice note joined the person's report. */
  addedTo: (ref: string) => string;
  /** A voice note nobody could turn into words: it goes to the leader as it is. */
  voiceAsIs: string;
  voiceSummary: (seconds: number | null) => string;
  voiceText: (seconds: number | null) => string;
  /** To the leader, with the photo or voice note the resident added. */
  leaderPhoto: (ref: string) => string;
  leaderVoice: (ref: string) => string;
  /** Said on a task card that carries a voice note without words. */
  listen: string;
  refused: { too_large: string; not_media: string; empty: string; failed: string };
  /** A member's photo (they act on requests with commands). */
  memberMedia: string;
  /** A photo or voice note that may belong to several of the household's requests: which one? */
  whichAsk: (choices: { r: NamedRequest; kind: string }[]) => string;
  /** A button naming one request: its number, kind (named by the caller), a short summary and the place. */
  whichButton: (r: NamedRequest, kind: string) => string;
  whichNew: string;
  /** A "which matter" button pressed again, after the attachment was filed. */
  alreadyFiled: string;
}

/** A summary short enough for a button. */
const short = (s: string, n = 14) => (s.length > n ? `${s.slice(0, n)}…` : s);

const seconds = (s: number | null) => (s ? `，${s} 秒` : '');
const secondsEn = (s: number | null) => (s ? `, ${s} s` : '');

export const zh: MediaTexts = {
  voiceMark: '（语音转写）',
  photoAsk: '照片收到了。请再用一句话说说是什么事、在哪里，我会把照片一起交给组长。',
  addedTo: (ref) => `已把它附在 ${ref} 上，负责的组长能看到。`,
  voiceAsIs: '语音收到了。这段语音暂时没法转成文字，已原样交给组长收听。',
  voiceSummary: (s) => `语音留言${s ? `（${s} 秒）` : ''}`,
  voiceText: (s) => `［语音留言${seconds(s)}，请收听］`,
  leaderPhoto: (ref) => `${ref} 居民补充了照片：`,
  leaderVoice: (ref) => `${ref} 居民补充了一段语音，请收听：`,
  listen: '语音诉求，请收听',
  refused: {
    too_large: '这个文件太大了，没有收下。请发小一点的照片，或用文字说明。',
    not_media: '这个文件打不开，没有收下。请发照片、语音或文字。',
    empty: '这个文件是空的，没有收下。请再发一次。',
    failed: '这个文件没能收下来，请稍后再发一次，或用文字说明。',
  },
  memberMedia: '照片和语音会附在居民的诉求里。要补充办理情况，请发“备注 #编号 内容”。',
  whichAsk: (choices) =>
    `收到了。这是哪件事的？请点一下（先替您留着）：\n${choices.map(({ r, kind }) => `· ${r.ref} ${kind}：${r.summary}${r.location ? `（${r.location}）` : ''}`).join('\n')}`,
  whichButton: (r, kind) => `${r.ref} ${kind}·${short(r.summary)}${r.location ? `·${short(r.location, 8)}` : ''}`,
  whichNew: '是一件新的事',
  alreadyFiled: '这个已经附上了，不用再选。',
};

export const en: MediaTexts = {
  voiceMark: ' (voice transcript)',
  photoAsk: 'Got the photo. Please add a sentence on what it is about and where, and I will pass it on with the photo.',
  addedTo: (ref) => `Added it to ${ref}; the group leader handling it can see it.`,
  voiceAsIs:
    'Got the voice message. It could not be turned into text, so it goes to the group leader to listen to as it is.',
  voiceSummary: (s) => `Voice message${s ? ` (${s} s)` : ''}`,
  voiceText: (s) => `[Voice message${secondsEn(s)}: please listen]`,
  leaderPhoto: (ref) => `${ref}: the resident added a photo:`,
  leaderVoice: (ref) => `${ref}: the resident added a voice message, please listen:`,
  listen: 'voice message, please listen',
  refused: {
    too_large: 'That file is too large and was not taken. Please send a smaller photo, or describe it in words.',
    not_media: 'That file cannot be opened and was not taken. Please send a photo, a voice message or text.',
    empty: 'That file is empty and was not taken. Please send it again.',
    failed: 'That file could not be received. Please send it again later, or describe it in words.',
  },
  memberMedia:
    'Photos and voice messages are attached to residents\' requests. To add to a request you handle, send "备注 #number text".',
  whichAsk: (choices) =>
    `Got it. Which matter is it about? Please tap one (it is kept until then):\n${choices.map(({ r, kind }) => `· ${r.ref} ${kind}: ${r.summary}${r.location ? ` (${r.location})` : ''}`).join('\n')}`,
  whichButton: (r, kind) =>
    `${r.ref} ${kind} · ${short(r.summary, 20)}${r.location ? ` · ${short(r.location, 12)}` : ''}`,
  whichNew: 'Something new',
  alreadyFiled: 'That is already attached; nothing more to choose.',
};

/** The desk's attachments (pictures, voice notes) and its sound for a new urgent request, Chinese first. */
import type { AttachmentKind } from '../domain/media.js';

export interface DeskMediaTexts {
  kind: Record<AttachmentKind, string>;
  /** The picture's alt text and the viewer's title. */
  photoOf: (ref: string, n: number) => string;
  open: string;
  close: string;
  download: string;
  /** Kept no longer (retention) or never kept (refused, too big). */
  gone: string;
  transcript: string;
  seconds: (n: number) => string;
  /** The switch for the sound a new urgent request makes on the board. */
  soundOn: string;
  soundOff: string;
  soundHint: string;
  /** What the tab's title says while urgent requests came in unseen. */
  urgentTitle: (n: number) => string;
}

export const zh: DeskMediaTexts = {
  kind: { photo: '照片', voice: '语音', file: '文件' },
  photoOf: (ref, n) => `${ref} 的第 ${n} 张照片`,
  open: '点击看大图',
  close: '关闭',
  download: '下载',
  gone: '文件已不在（超过保存期限或未能保存）',
  transcript: '语音转文字',
  seconds: (n) => `${n} 秒`,
  soundOn: '🔔 紧急提示音：开',
  soundOff: '🔕 紧急提示音：关',
  soundHint: '有新的紧急诉求时响一声，标签页标题显示数量。本机记住开关。',
  urgentTitle: (n) => `（${n}）紧急`,
};

export const en: DeskMediaTexts = {
  kind: { photo: 'photo', voice: 'voice note', file: 'file' },
  photoOf: (ref, n) => `Photo ${n} of ${ref}`,
  open: 'Click for the full picture',
  close: 'Close',
  download: 'Download',
  gone: 'The file is gone (past its keeping time, or never kept)',
  transcript: 'Transcript',
  seconds: (n) => `${n} s`,
  soundOn: '🔔 Urgent sound: on',
  soundOff: '🔕 Urgent sound: off',
  soundHint:
    'A sound when a new urgent request arrives, and the count in the tab title. This computer remembers the switch.',
  urgentTitle: (n) => `(${n}) urgent`,
};

export const deskMediaTexts = (lang: 'zh' | 'en'): DeskMediaTexts => (lang === 'en' ? en : zh);

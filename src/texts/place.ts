import { mapLink, type Place } from '../domain/place.js';

/** What people read about a point shared from the map (src/domain/place.ts). */
export interface PlaceTexts {
  /** The place lines under a receipt, 查, a card: what the map called it and the link that opens it. */
  lines: (p: Place) => string;
  /** A point nobody's request was being talked about: the bot asks what happened there. */
  askWhat: (p: Place) => string;
  /** The point became the place of the request the person was talking about. */
  addedTo: (ref: string, p: Place) => string;
  /** To the leader of that request. */
  leaderPlace: (ref: string, p: Place) => string;
  /** A member's point: they act on requests with commands, and a point says nothing of which. */
  memberPlace: string;
  /** The words for a point the map did not name, when it answers "where?". */
  unnamed: string;
  /** On the desk's request page: the heading and the link's words. */
  deskLabel: string;
  deskOpen: string;
}

const nameZh = (p: Place) => p.label ?? `地图上的点（${p.lat.toFixed(5)}, ${p.long.toFixed(5)}）`;
const nameEn = (p: Place) => p.label ?? `a point on the map (${p.lat.toFixed(5)}, ${p.long.toFixed(5)})`;

export const zh: PlaceTexts = {
  lines: (p) => `\n位置：${nameZh(p)}\n地图：${mapLink(p)}`,
  askWhat: (p) => `收到位置：${nameZh(p)}。\n那里出了什么事？请用文字或语音说一下，我连同位置一起报上去。`,
  addedTo: (ref, p) => `位置已记到诉求 ${ref}：${nameZh(p)}。`,
  leaderPlace: (ref, p) => `${ref} 居民发来了位置：${nameZh(p)}\n地图：${mapLink(p)}`,
  unnamed: '地图上发来的位置',
  memberPlace: '位置收到了。要给某件诉求记位置，请让住户在自己的对话里发送；您办理诉求请用卡片上的按钮或命令。',
  deskLabel: '位置',
  deskOpen: '在地图中打开',
};

export const en: PlaceTexts = {
  lines: (p) => `\nPlace: ${nameEn(p)}\nMap: ${mapLink(p)}`,
  askWhat: (p) =>
    `Got the place: ${nameEn(p)}.\nWhat happened there? Tell me in words or a voice note and I will report it with the place.`,
  addedTo: (ref, p) => `The place is now on request ${ref}: ${nameEn(p)}.`,
  leaderPlace: (ref, p) => `${ref}: the resident sent the place: ${nameEn(p)}\nMap: ${mapLink(p)}`,
  unnamed: 'the place sent on the map',
  memberPlace:
    "Place received. To put a place on a request, the resident sends it from their own chat; you act on requests with the card's buttons or commands.",
  deskLabel: 'Place',
  deskOpen: 'open in the map',
};

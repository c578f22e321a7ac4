import QRCode from 'qrcode';
import type { DbOrTx } from '../data/database.js';
import { type CardRow, villageCards } from '../data/roster.repository.js';
import { formatCardCode } from '../domain/card-code.js';
import { AppError } from '../domain/errors.js';
import { textsFor } from '../texts/index.js';

/** One printed contact card (联心卡): a household's or a member's, as the roster stores it (code normalized). */
export interface Card extends Omit<CardRow, 'active'> {
  /** The code as printed and read aloud: K7Q-M3X-PA9. */
  display: string;
}

export interface CardList {
  village: { code: string; name: string; town: string | null };
  /** Households by group and code, then the village's active members. */
  cards: Card[];
}

/** The cards to print for a village: every household, and every member still in the roster. */
export async function cardsOf(db: DbOrTx, villageCode: string): Promise<CardList> {
  const found = await villageCards(db, villageCode);
  if (!found) throw new AppError('village.not_found', `No village ${villageCode}`);
  return {
    village: found.village,
    cards: found.cards
      .filter((c) => c.active)
      .map(({ active: _active, ...c }) => ({ ...c, display: formatCardCode(c.bindCode) })),
  };
}

/** The Telegram deep link that binds with one tap: https://t.me/<bot>?start=<code>. */
export function telegramLink(botUsername: string, bindCode: string): string {
  return `https://t.me/${encodeURIComponent(botUsername.replace(/^@/, ''))}?start=${encodeURIComponent(bindCode)}`;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const CARDS_PER_PAGE = 8;

const css = `
@page { size: A4; margin: 8mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif; color: #111; }
.page { display: grid; grid-template-columns: repeat(2, 97mm); grid-template-rows: repeat(4, 70mm); gap: 0; width: 194mm; margin: 0 auto; break-after: page; page-break-after: always; }
.page:last-child { break-after: auto; page-break-after: auto; }
.card { border: 0.3mm dashed #888; padding: 4mm 5mm; display: grid; grid-template-columns: 1fr 30mm; grid-template-rows: auto auto 1fr auto; column-gap: 3mm; overflow: hidden; }
.head { grid-column: 1 / 3; display: flex; justify-content: space-between; align-items: baseline; border-bottom: 0.4mm solid #b22; padding-bottom: 1.5mm; }
.village { font-size: 13pt; font-weight: bold; }
.title { font-size: 11pt; color: #b22; font-weight: bold; letter-spacing: 1mm; }
.who { grid-column: 1; font-size: 11pt; margin-top: 2mm; line-height: 1.35; }
.who .kind { font-size: 8.5pt; color: #555; }
.code { grid-column: 1; align-self: center; font-family: "DejaVu Sans Mono", "Consolas", monospace; font-size: 20pt; font-weight: bold; letter-spacing: 0.3mm; white-space: nowrap; }
.qr { grid-column: 2; grid-row: 2 / 4; align-self: center; width: 30mm; height: 30mm; }
.qr svg { width: 100%; height: 100%; display: block; }
.how { grid-column: 1 / 3; font-size: 8.5pt; color: #333; }
@media screen { body { background: #eee; } .page { background: #fff; margin: 6mm auto; box-shadow: 0 0 2mm #aaa; } }
`;

/**
 * A printable sheet of cards, 2 × 4 to an A4 page: village, group, address or name, the code in large
 * type and a QR code — of the Telegram deep link when the bot's username is known, else of the code.
 * Self-contained (inline SVG, no external assets).
 */
export async function renderCardSheet(
  list: CardList,
  opts: { botUsername?: string | null; language?: string } = {},
): Promise<string> {
  const t = textsFor(opts.language ?? 'zh');
  const bot = opts.botUsername ?? null;
  const cards: string[] = [];
  for (const c of list.cards) {
    const link = bot ? telegramLink(bot, c.bindCode) : null;
    const qr = await QRCode.toString(link ?? c.bindCode, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    const who =
      c.kind === 'household'
        ? [
            `<div class="kind">${escapeHtml(t.roster.card.household)}${c.group ? ` · ${escapeHtml(c.group.name)}` : ''}</div>`,
            `<div>${escapeHtml(c.address ?? '')}</div>`,
            `<div>${escapeHtml(c.name)}</div>`,
          ]
        : [
            `<div class="kind">${escapeHtml(t.roster.card.member)}${c.group ? ` · ${escapeHtml(c.group.name)}` : ''}</div>`,
            `<div>${escapeHtml(c.name)}</div>`,
            `<div>${escapeHtml(c.roles.map((r) => t.role[r] ?? r).join('、'))}</div>`,
          ];
    cards.push(
      [
        `<div class="card" data-code="${escapeHtml(c.bindCode)}">`,
        `<div class="head"><span class="village">${escapeHtml(list.village.name)}</span><span class="title">${escapeHtml(t.roster.card.title)}</span></div>`,
        `<div class="who">${who.join('')}</div>`,
        `<div class="qr" title="${escapeHtml(link ?? c.bindCode)}">${qr}</div>`,
        `<div class="code">${escapeHtml(c.display)}</div>`,
        `<div class="how">${escapeHtml(t.roster.card.howTo(c.display, link))}</div>`,
        '</div>',
      ].join(''),
    );
  }
  const pages: string[] = [];
  for (let i = 0; i < cards.length; i += CARDS_PER_PAGE)
    pages.push(`<section class="page">${cards.slice(i, i + CARDS_PER_PAGE).join('\n')}</section>`);
  const lang = t === textsFor('en') ? 'en' : 'zh';
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(list.village.name)} · ${escapeHtml(t.roster.card.title)}</title>
<style>${css}</style></head>
<body>
${pages.join('\n')}
</body></html>
`;
}

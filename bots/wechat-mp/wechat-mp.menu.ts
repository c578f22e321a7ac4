/**
 * The custom menu (自定义菜单), made from src/texts at startup. It is created only when the account's
 * menu differs, so restarting instances do not rewrite it (each menu/create also resets it on phones).
 */
import type { Log } from '../../src/log.js';
import { textsFor } from '../../src/texts/index.js';
import { MENU_KEYS } from './wechat-mp.mapper.js';
import { type MpApi, WechatApiError } from './wechat-mp.api.js';

interface MenuButton {
  type?: string;
  name: string;
  key?: string;
  url?: string;
  sub_button?: MenuButton[];
}
export interface MpMenu {
  button: MenuButton[];
}

/**
 * The menu. With the web chat reachable inside WeChat (`webChatUrl`: LINLI_PUBLIC_URL/chat/wechat), 我的诉求
 * opens two items: the requests in the chat, and 在网页里说 — a page (VIEW) that goes through WeChat's web
 * authorization and opens the web chat as the person, with photos and buttons.
 */
export function linliMenu(webChatUrl: string | null = null): MpMenu {
  const m = textsFor('zh').wechatMp.menu;
  const click = (name: string, key: string): MenuButton => ({ type: 'click', name, key });
  // Three first-level buttons at most (WeChat's rule): 说事日 and 帮助 sit under 更多.
  return {
    button: [
      click(m.report, MENU_KEYS.report),
      webChatUrl
        ? {
            name: m.mine,
            sub_button: [click(m.mine, MENU_KEYS.mine), { type: 'view', name: m.webChat, url: webChatUrl }],
          }
        : click(m.mine, MENU_KEYS.mine),
      { name: m.more, sub_button: [click(m.sayDay, MENU_KEYS.sayDay), click(m.help, MENU_KEYS.help)] },
    ],
  };
}

/** Only what a menu means, in a stable order: menu/get adds fields of its own (sub_button: [] on leaves). */
function essence(buttons: MenuButton[] | undefined): unknown {
  return (buttons ?? []).map((b) => ({
    name: b.name,
    type: b.type ?? null,
    key: b.key ?? null,
    url: b.url ?? null,
    sub: b.sub_button?.length ? essence(b.sub_button) : null,
  }));
}

export type MenuOutcome = 'created' | 'unchanged' | 'not_allowed';

/** Creates the menu when the account's differs (or always, `force`: the operator asked for it). */
export async function ensureMenu(
  api: MpApi,
  log: Log,
  webChatUrl: string | null = null,
  force = false,
): Promise<MenuOutcome> {
  const wanted = linliMenu(webChatUrl);
  if (!force) {
    try {
      const current = await api.get<{ menu?: MpMenu }>('/cgi-bin/menu/get');
      if (JSON.stringify(essence(current.menu?.button)) === JSON.stringify(essence(wanted.button))) return 'unchanged';
    } catch (err) {
      // 46003: no menu yet; anything else, try to create it anyway.
      if (!(err instanceof WechatApiError) || (err.errcode !== 46003 && err.errcode !== 48001)) {
        log.warn({ platform: 'wechat-mp', err: (err as Error).message }, 'reading the menu failed');
      }
      if (err instanceof WechatApiError && err.errcode === 48001) return 'not_allowed';
    }
  }
  try {
    await api.post('/cgi-bin/menu/create', wanted);
    return 'created';
  } catch (err) {
    // 48001: the account may not have a custom menu through the API (an unverified subscription account).
    if (err instanceof WechatApiError && err.errcode === 48001) return 'not_allowed';
    throw err;
  }
}

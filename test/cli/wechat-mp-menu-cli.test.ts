import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliSandbox } from '../support/cli-process.js';
import { FakeWechatMp } from '../support/fake-wechat-mp.js';

const { cliWith } = cliSandbox('linli-mpmenu-');

interface Button {
  type?: string;
  name: string;
  key?: string;
  url?: string;
  sub_button?: Button[];
}

describe('npm run linli -- wechat-mp menu', () => {
  let mp: FakeWechatMp;
  beforeAll(async () => {
    mp = await new FakeWechatMp().start();
  });
  afterAll(async () => {
    await mp?.stop();
  });
  const env = () => ({
    WECHAT_MP_APP_ID: mp.appId,
    WECHAT_MP_APP_SECRET: mp.appSecret,
    WECHAT_MP_TOKEN: 'linliMpToken2026',
    WECHAT_MP_API_ROOT: mp.apiRoot,
    LINLI_PUBLIC_URL: 'https://linli.example-county.gov.cn/',
  });

  it("writes the menu with 我的诉求 → 在网页里说 opening the web chat through WeChat's web authorization", async () => {
    const r = await cliWith(env(), 'wechat-mp', 'menu');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/服务号菜单已写入/);
    expect(mp.menuCreates).toBe(1);
    const buttons = (mp.menu as { button: Button[] }).button;
    expect(buttons.map((b) => b.name)).toEqual(['报事', '我的诉求', '更多']);
    expect(buttons[1]!.sub_button).toEqual([
      { type: 'click', name: '我的诉求', key: 'LINLI_MINE' },
      { type: 'view', name: '在网页里说', url: 'https://linli.example-county.gov.cn/chat/wechat' },
    ]);
    // Asked again, it writes again: the operator's command is not skipped as "unchanged".
    expect((await cliWith(env(), 'wechat-mp', 'menu')).code).toBe(0);
    expect(mp.menuCreates).toBe(2);
  });

  it('without LINLI_PUBLIC_URL the menu has no web item; without the account it says what is missing', async () => {
    const { LINLI_PUBLIC_URL: _, ...noUrl } = env();
    const r = await cliWith(noUrl, 'wechat-mp', 'menu');
    expect(r.code, r.stderr).toBe(0);
    expect((mp.menu as { button: Button[] }).button[1]!.type).toBe('click');
    const none = await cliWith({}, 'wechat-mp', 'menu');
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/WECHAT_MP_APP_ID/);
  });
});

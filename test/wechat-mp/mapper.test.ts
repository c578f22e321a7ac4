import { describe, expect, it } from 'vitest';
import { bindingTokenOfScene, mapMpPush } from '../../bots/wechat-mp/wechat-mp.mapper.js';
import { parseWxXml } from '../../bots/wechat-common/wx-xml.js';

const push = (fields: string) =>
  mapMpPush(
    parseWxXml(
      `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oABC]]></FromUserName><CreateTime>1700000000</CreateTime>${fields}</xml>`,
    ),
  );
const message = (m: ReturnType<typeof mapMpPush>) => (m.kind === 'message' ? m.message : null);

describe('the Official Account push mapper', () => {
  it('a text keeps its MsgId (64-bit, as a string), the sender as user and chat, CreateTime as the time', () => {
    const m = message(
      push(
        '<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[路灯坏了]]></Content><MsgId>23637352235060880</MsgId>',
      ),
    );
    expect(m).toMatchObject({
      platform: 'wechat-mp',
      messageId: '23637352235060880',
      userId: 'oABC',
      chatId: 'oABC',
      chatType: 'private',
      text: '路灯坏了',
      receivedAt: '2023-11-14T22:13:20.000Z',
    });
  });

  it('a voice with Recognition is its words plus the voice named; without it, only the voice', () => {
    const heard = message(
      push(
        '<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[M1]]></MediaId><Format><![CDATA[amr]]></Format>' +
          '<Recognition><![CDATA[水管冻裂了]]></Recognition><MsgId>1</MsgId>',
      ),
    );
    expect(heard?.text).toBe('水管冻裂了');
    expect(heard?.attachments).toEqual([
      {
        kind: 'voice',
        platformId: 'M1',
        mime: 'audio/amr',
        size: null,
        durationSec: null,
        recognition: '水管冻裂了',
        fileName: null,
      },
    ]);
    const unheard = message(
      push(
        '<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[M2]]></MediaId><Format><![CDATA[speex]]></Format><MsgId>2</MsgId>',
      ),
    );
    expect(unheard?.text).toBeNull();
    expect(unheard?.attachments?.[0]).toMatchObject({
      kind: 'voice',
      platformId: 'M2',
      mime: 'audio/speex',
      recognition: null,
    });
  });

  it('an image is a photo attachment named by MediaId; a video or location is unsupported for the core to answer', () => {
    expect(
      message(
        push(
          '<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://x]]></PicUrl><MediaId><![CDATA[P1]]></MediaId><MsgId>3</MsgId>',
        ),
      )?.attachments,
    ).toEqual([
      { kind: 'photo', platformId: 'P1', mime: null, size: null, durationSec: null, recognition: null, fileName: null },
    ]);
    expect(
      message(push('<MsgType><![CDATA[location]]></MsgType><Location_X>23.1</Location_X><MsgId>4</MsgId>'))
        ?.unsupported,
    ).toBe('location');
    expect(
      message(push('<MsgType><![CDATA[shortvideo]]></MsgType><MediaId><![CDATA[V]]></MediaId><MsgId>5</MsgId>'))
        ?.unsupported,
    ).toBe('shortvideo');
  });

  it('events: a binding scene (subscribe qrscene_ or SCAN) is a bind; a plain follow is greeted; clicks map to commands or answers', () => {
    const token = 'AbCdEfGhIjKlMnOpQrStUvWx';
    expect(
      message(
        push(
          `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[qrscene_b${token}]]></EventKey>`,
        ),
      ),
    ).toMatchObject({ messageId: 'ev:oABC:1700000000', text: `绑定 ${token}` });
    expect(
      message(
        push(
          `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[SCAN]]></Event><EventKey><![CDATA[b${token}]]></EventKey>`,
        ),
      )?.text,
    ).toBe(`绑定 ${token}`);
    expect(
      push('<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[]]></EventKey>'),
    ).toEqual({ kind: 'reply', text: 'welcome' });
    expect(
      push(
        '<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[SCAN]]></Event><EventKey><![CDATA[promo2026]]></EventKey>',
      ).kind,
    ).toBe('ignore');
    expect(
      message(
        push(
          '<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[LINLI_MINE]]></EventKey>',
        ),
      )?.text,
    ).toBe('我的诉求');
    expect(
      message(
        push(
          '<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[LINLI_HELP]]></EventKey>',
        ),
      )?.text,
    ).toBe('帮助');
    expect(
      push(
        '<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[LINLI_REPORT]]></EventKey>',
      ),
    ).toEqual({ kind: 'reply', text: 'reportPrompt' });
    for (const e of ['unsubscribe', 'VIEW', 'LOCATION', 'TEMPLATESENDJOBFINISH']) {
      expect(push(`<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${e}]]></Event>`).kind).toBe('ignore');
    }
  });

  it('a push without sender, type or a numeric time, or a message without MsgId, is ignored', () => {
    expect(mapMpPush(parseWxXml('<xml><MsgType>text</MsgType></xml>')).kind).toBe('ignore');
    expect(push('<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[x]]></Content>').kind).toBe('ignore');
    expect(bindingTokenOfScene('bshort')).toBeNull();
    expect(bindingTokenOfScene('x' + 'a'.repeat(24))).toBeNull();
  });

  it('subscribe_msg_popup_event: the templates accepted (one List or several), rejections left out', () => {
    const list = (id: string, status: string) =>
      `<List><TemplateId><![CDATA[${id}]]></TemplateId><SubscribeStatusString><![CDATA[${status}]]></SubscribeStatusString><PopupScene>2</PopupScene></List>`;
    const event = (lists: string) =>
      push(
        `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe_msg_popup_event]]></Event><SubscribeMsgPopupEvent>${lists}</SubscribeMsgPopupEvent>`,
      );
    expect(event(list('subNotice_0000000001', 'accept'))).toEqual({
      kind: 'subscribed',
      userId: 'oABC',
      templateIds: ['subNotice_0000000001'],
    });
    expect(
      event(
        list('subNotice_0000000001', 'accept') +
          list('subNotice_0000000002', 'reject') +
          list('subNotice_0000000003', 'accept'),
      ),
    ).toEqual({ kind: 'subscribed', userId: 'oABC', templateIds: ['subNotice_0000000001', 'subNotice_0000000003'] });
    expect(event(list('subNotice_0000000002', 'reject')).kind).toBe('ignore');
  });
});

/** What people read on the Official Account (公众号): its menu, its greeting and the held-messages line. */
export interface WechatMpTexts {
  /** The custom menu: WeChat allows three first-level buttons, so 说事日 and 帮助 sit under 更多. */
  menu: { report: string; mine: string; more: string; sayDay: string; help: string; webChat: string };
  /** Said at once when someone follows the account without a card's QR code. */
  welcome: string;
  /** The 报事 button: how to report, said at once. */
  reportPrompt: string;
  /** The 说事日 button: what say-things day is and how to hand in a topic. */
  sayDayPrompt: string;
  /** First line of the messages held while WeChat's 48-hour window was closed, sent when the person writes again. */
  heldNotice: (n: number) => string;
}

export const zh: WechatMpTexts = {
  menu: { report: '报事', mine: '我的诉求', more: '更多', sayDay: '说事日', help: '帮助', webChat: '在网页里说' },
  welcome:
    '欢迎关注“邻里”！这里是村里的服务号，有事直接发文字或语音就行。\n第一次用请先绑定：扫描联心卡上的二维码，或发送“绑定 卡上的绑定码”，例如：绑定 483920',
  reportPrompt: '请直接发文字或按住说话，说清是什么事、在哪里，例如“村口路灯坏了”。可以再发一张照片。',
  sayDayPrompt:
    '支部说事日每月开一次，书记当面听大家说事。想在说事日反映的事，请以“说事”开头发给我，例如：说事 低保评定的事。村干部发送“议程”可查看议程。',
  heldNotice: (n) => `您有 ${n} 条新消息：`,
};

export const en: WechatMpTexts = {
  menu: { report: 'Report', mine: 'Mine', more: 'More', sayDay: 'Say-day', help: 'Help', webChat: 'Web chat' },
  welcome:
    'Welcome to "Linli", the village service account. Just write or send a voice message.\nFirst bind your account: scan the QR code on your contact card, or send "bind" and the card\'s code, e.g. bind 483920',
  reportPrompt:
    'Just write or hold to talk: what happened and where, e.g. "the street light at the entrance is broken". You can add a photo.',
  sayDayPrompt:
    'Say-things day is held monthly: the branch secretary hears people in person. To raise something there, start your message with "说事". Cadres send "议程" for the agenda.',
  heldNotice: (n) => `You have ${n} new message${n === 1 ? '' : 's'}:`,
};

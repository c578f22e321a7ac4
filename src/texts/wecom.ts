/** What people read on WeCom (企业微信), the village cadres' app. */
export interface WecomTexts {
  /** A household's card code sent on WeCom: it binds nothing there; residents use the Official Account. */
  householdCode: string;
  /** The first line of a task card whose text is too long for a card title. */
  cardTitle: string;
}

export const zh: WecomTexts = {
  householdCode:
    '这是住户的联心卡绑定码。企业微信是给村干部、调解员和镇里工作人员用的；住户请关注本村的微信公众号，在那里发送这个码绑定。您是村干部的话，请发送您自己的成员绑定码。',
  cardTitle: '邻里',
};

export const en: WecomTexts = {
  householdCode:
    "This is a household's card code. WeCom is for village cadres, mediators and town staff; residents bind on the village's WeChat Official Account by sending this code there. If you are a cadre, send your own member code.",
  cardTitle: 'Linli',
};

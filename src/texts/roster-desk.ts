/** The desk's roster pages (花名册): households and members browsed, searched and corrected; the import's preview. Chinese first. */

export interface RosterDeskTexts {
  nav: string;
  heading: string;
  intro: string;
  search: string;
  searchHint: string;
  group: string;
  allGroups: string;
  find: string;
  excel: string;
  households: string;
  members: string;
  total: (n: number) => string;
  none: string;
  page: (page: number, pages: number) => string;
  prev: string;
  next: string;
  columns: {
    code: string;
    head: string;
    address: string;
    group: string;
    phone: string;
    name: string;
    roles: string;
    places: string;
    accounts: string;
  };
  household: string;
  member: string;
  residents: string;
  noResidents: string;
  resident: (name: string, accounts: number) => string;
  away: string;
  inactive: string;
  yes: string;
  no: string;
  leaderOf: (group: string) => string;
  deputyOf: (group: string) => string;
  masked: string;
  edit: string;
  save: string;
  saved: string;
  nothingChanged: string;
  secretaryOnly: string;
  inactiveNotEdited: string;
  fields: {
    head: string;
    address: string;
    phone: string;
    group: string;
    name: string;
    roles: string;
    away: string;
    leader: string;
    deputy: string;
  };
  phoneHint: string;
  invalidPhone: string;
  invalid: (issues: string) => string;
  told: (revoked: number) => string;
  history: string;
  noHistory: string;
  historyLine: (at: string, actor: string, what: string) => string;
  change: { added: string; removed: string; changed: string };
  fieldChange: (field: string, before: string, after: string) => string;
  empty: string;
  back: string;
  preview: {
    heading: string;
    intro: string;
    nothing: string;
    groupsAdded: string;
    groupsChanged: string;
    householdsAdded: string;
    householdsChanged: string;
    householdsLeftOut: string;
    membersAdded: string;
    membersChanged: string;
    membersRemoved: string;
    more: (n: number) => string;
  };
}

export const zh: RosterDeskTexts = {
  nav: '住户查找',
  heading: '花名册',
  intro:
    '按姓名、地址（如“一组2号”）或电话尾号查找住户和村干部。电话号码只有村党支部书记和本组组长能看到全号，其他人看到的是 138****1234 这样的遮挡号码。',
  search: '查找',
  searchHint: '姓名、地址或电话尾号',
  group: '互助组',
  allGroups: '全部互助组',
  find: '查找',
  excel: 'Excel 花名册（下载、导入、联心卡）',
  households: '住户',
  members: '村干部和组长',
  total: (n) => `共 ${n} 户`,
  none: '没有找到。',
  page: (page, pages) => `第 ${page} / ${pages} 页`,
  prev: '上一页',
  next: '下一页',
  columns: {
    code: '户编号',
    head: '户主',
    address: '地址',
    group: '互助组',
    phone: '电话',
    name: '姓名',
    roles: '职务',
    places: '负责的组',
    accounts: '已绑定账号',
  },
  household: '住户',
  member: '成员',
  residents: '绑定的人',
  noResidents: '还没有人绑定这一户。',
  resident: (name, accounts) => `${name}（${accounts} 个账号）`,
  away: '外出',
  inactive: '已不在花名册上',
  yes: '是',
  no: '否',
  leaderOf: (g) => `${g}组长`,
  deputyOf: (g) => `${g}副组长`,
  masked: '（号码已遮挡：只有书记和本组组长能看到全号）',
  edit: '修改',
  save: '保存',
  saved: '已保存。修改已记入操作记录，和导入花名册一样生效。',
  nothingChanged: '没有改动。',
  secretaryOnly: '只有本村的党支部书记可以修改花名册。',
  inactiveNotEdited: '此人已不在花名册上，不能在这里修改；请在 Excel 花名册里加回后导入。',
  fields: {
    head: '户主',
    address: '地址',
    phone: '电话',
    group: '互助组',
    name: '姓名',
    roles: '职务',
    away: '外出（暂不派单）',
    leader: '组长',
    deputy: '副组长',
  },
  phoneHint: '手机或座机号码，可留空',
  invalidPhone: '电话号码不对：请填 5–20 位数字。',
  invalid: (issues) => `没有保存：${issues}`,
  told: (revoked) => (revoked ? `原来的联心卡已作废，${revoked} 个账号已解绑并收到通知。` : ''),
  history: '修改记录',
  noHistory: '还没有修改记录。',
  historyLine: (at, actor, what) => `${at} · ${actor} · ${what}`,
  change: { added: '新增', removed: '移出花名册', changed: '修改' },
  fieldChange: (field, before, after) => `${field}：${before} → ${after}`,
  empty: '（空）',
  back: '返回花名册',
  preview: {
    heading: '导入前核对：这份花名册会做以下改动',
    intro: '请逐条核对。点“确认导入”之前，什么都不会写入。',
    nothing: '和现在的花名册相比没有改动。',
    groupsAdded: '新增的互助组',
    groupsChanged: '修改的互助组',
    householdsAdded: '新增的住户',
    householdsChanged: '修改的住户',
    householdsLeftOut: '文件里没有的住户（保持不变）',
    membersAdded: '新增的成员',
    membersChanged: '修改的成员',
    membersRemoved: '移出花名册的成员（账号将不能再办事，未办完的诉求交给书记）',
    more: (n) => `……还有 ${n} 条`,
  },
};

export const en: RosterDeskTexts = {
  nav: 'Households',
  heading: 'Roster',
  intro:
    "Find households and village cadres by name, address (such as 一组2号) or the last digits of a phone. Only the branch secretary and the household's own group leader see full phone numbers; everybody else sees them masked like 138****1234.",
  search: 'Search',
  searchHint: 'name, address or last digits of the phone',
  group: 'Group',
  allGroups: 'All groups',
  find: 'Find',
  excel: 'Excel roster (download, import, cards)',
  households: 'Households',
  members: 'Cadres and group leaders',
  total: (n) => `${n} households`,
  none: 'Nothing found.',
  page: (page, pages) => `Page ${page} of ${pages}`,
  prev: 'Previous',
  next: 'Next',
  columns: {
    code: 'Code',
    head: 'Head',
    address: 'Address',
    group: 'Group',
    phone: 'Phone',
    name: 'Name',
    roles: 'Roles',
    places: 'Groups led',
    accounts: 'Bound accounts',
  },
  household: 'Household',
  member: 'Member',
  residents: 'People bound',
  noResidents: 'Nobody has bound this household yet.',
  resident: (name, accounts) => `${name} (${accounts} account${accounts === 1 ? '' : 's'})`,
  away: 'Away',
  inactive: 'No longer on the roster',
  yes: 'yes',
  no: 'no',
  leaderOf: (g) => `leader of ${g}`,
  deputyOf: (g) => `deputy of ${g}`,
  masked: "(masked: only the secretary and the group's leader see the full number)",
  edit: 'Edit',
  save: 'Save',
  saved: 'Saved. The change is in the audit log and takes effect as an import would.',
  nothingChanged: 'Nothing changed.',
  secretaryOnly: "Only the village's branch secretary may change the roster.",
  inactiveNotEdited:
    'This person is no longer on the roster and cannot be edited here: add them back in the Excel roster and import it.',
  fields: {
    head: 'Head',
    address: 'Address',
    phone: 'Phone',
    group: 'Group',
    name: 'Name',
    roles: 'Roles',
    away: 'Away (no tasks for now)',
    leader: 'Leader',
    deputy: 'Deputy',
  },
  phoneHint: 'mobile or landline, may be empty',
  invalidPhone: 'That phone number is not right: 5–20 digits.',
  invalid: (issues) => `Not saved: ${issues}`,
  told: (revoked) => (revoked ? `The old card no longer binds: ${revoked} account(s) were unbound and told.` : ''),
  history: 'Changes',
  noHistory: 'No changes recorded yet.',
  historyLine: (at, actor, what) => `${at} · ${actor} · ${what}`,
  change: { added: 'added', removed: 'left the roster', changed: 'changed' },
  fieldChange: (field, before, after) => `${field}: ${before} → ${after}`,
  empty: '(empty)',
  back: 'Back to the roster',
  preview: {
    heading: 'Before importing: this roster would make these changes',
    intro: 'Check them one by one. Nothing is written until you press Import.',
    nothing: 'No changes compared with the roster as it is.',
    groupsAdded: 'Groups added',
    groupsChanged: 'Groups changed',
    householdsAdded: 'Households added',
    householdsChanged: 'Households changed',
    householdsLeftOut: 'Households not in the file (kept as they are)',
    membersAdded: 'Members added',
    membersChanged: 'Members changed',
    membersRemoved: 'Members leaving the roster (their accounts can no longer act; open requests go to the secretary)',
    more: (n) => `… and ${n} more`,
  },
};

export const rosterDeskTexts = (lang: 'zh' | 'en'): RosterDeskTexts => (lang === 'en' ? en : zh);

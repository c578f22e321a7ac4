import { zh as peopleZh } from './people.js';
import { zh as wecomZh } from './wecom.js';
import { zh as mediaZh } from './media.js';
import { zh as placeZh } from './place.js';
import { zh as ledgerZh } from './ledger.js';
import { zh as deskZh } from './desk.js';
import { zh as wechatMpZh } from './wechat-mp.js';
import { zh as repliesZh } from './replies.js';
import { zh as expectZh } from './expect.js';
import { localParts } from '../domain/local-time.js';
import { clockTime, pad, pct } from './format.js';
import type { CoreTexts, RequestView, TaskView } from './texts.js';

const urgentMark = (u: boolean) => (u ? '【紧急】' : '');
const where = (r: RequestView) =>
  `${r.location && r.location !== r.place?.label ? `\n地点：${r.location}` : ''}${r.place ? placeZh.lines(r.place) : ''}${r.parties ? `\n涉及：${r.parties}` : ''}`;
/** A reopened card says why it came back (重新办理), instead of reading as a new request. */
const reopenedWhy = (t: TaskView) =>
  !t.reopened
    ? ''
    : t.reopened.why === 'unhappy'
      ? `\n${t.reopened.reason ? `住户不满意的原因：${t.reopened.reason}` : '住户对办理结果不满意，正在问原因。'}`
      : `\n住户要求重新办理 ${t.ref}${t.reopened.reason ? `：${t.reopened.reason}` : '。'}`;

/** The core's sentences; the features' are merged in by installTexts (index.ts) from the feature list. */
export const zh: CoreTexts = {
  format: {
    day: (date) => {
      const [, m, d] = date.split('-').map(Number);
      return `${m}月${d}日`;
    },
    due: (at, tz) => {
      const p = localParts(at, tz);
      return `${p.month}月${p.day}日 ${pad(p.hour)}:${pad(p.minute)}`;
    },
    clock: clockTime,
  },
  kind: {
    repair: '报修',
    help: '帮办代办',
    dispute: '矛盾纠纷',
    hazard: '风险隐患',
    say_things: '支部说事',
    proposal: '议事建议',
    inquiry: '政策咨询',
    other: '其他',
  },
  status: {
    submitted: '已提交',
    assigned: '已派单',
    accepted: '处理中',
    escalated: '已上报村里',
    resolved: '已办结待评价',
    closed: '已完结',
    reopened: '重新办理',
    withdrawn: '已撤回',
    invalid: '已作废',
  },
  event: {
    submitted: '提交',
    assigned: '派单',
    accepted: '接单',
    note: '备注',
    transferred: '转派',
    escalated: '上报',
    resolved: '办结',
    rated: '评价',
    reopened: '重新办理',
    closed: '完结',
    copied: '抄送',
    followed: '又有一户反映了这件事',
    topic: '列入支部说事日',
    place: '发来位置',
    carried_over: '顺延到下次说事日',
    reminded: '提醒负责人',
    withdrawn: '住户撤回',
    invalid: '作废',
  },
  role: {
    group_leader: '互助组组长',
    secretary: '村党支部书记',
    mediator: '调解员',
    town_staff: '镇干部',
    county_staff: '县干部',
  },
  rating: { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' },
  buttons: { accept: '接单', transfer: '转派', escalate: '上报', note: '备注', resolve: '办结' },
  unbound:
    '您好，这里是村里的“邻里”服务。请先发送联心卡上的绑定码，例如：绑定 483920\n绑定后，直接发文字就能报修、求助、反映问题。',
  bindNeedsCode: '请在“绑定”后面加上联心卡上的绑定码，例如：绑定 483920',
  bindWrongCode: (left) => `绑定码不对，请核对联心卡后再试（还可以试 ${left} 次）。找不到卡片可以问互助组组长。`,
  bindLocked: (retryAt) => `尝试次数太多，为了安全暂停绑定，请在 ${retryAt} 以后再试，或联系互助组组长。`,
  boundResident: (village, address, leader) =>
    `绑定成功！您是${village}${address}的住户。${leader ? `您的互助组组长是${leader}。` : ''}\n有事直接发文字告诉我，例如“俺家水管冻裂了”。发“我的诉求”查看进度。`,
  boundMember: (name, village, roles) =>
    `绑定成功！${name}（${village}，${roles}），村民的诉求会派到这里。发“帮助”查看可用的命令。`,
  helpResident:
    '直接发文字说明情况就行，例如“路灯坏了”“想在说事日反映低保的事”。\n· 我的诉求 —— 查看进度\n· 查 #1024 —— 查看某一件\n· 办结后回复 1 满意 / 2 基本满意 / 3 不满意\n· 我家的账号 —— 看看哪些账号绑定了您家 · 解绑 —— 解除本账号\n· 公告 —— 最近的村务公开 · 投票 D12 同意 —— 村民议事表决',
  helpMember:
    '命令（把 #12 换成诉求编号）：\n· 接单 #12\n· 备注 #12 内容\n· 转派 #12 姓名\n· 上报 #12\n· 办结 #12 处理结果\n· 改类 #12 报修（类别分错时）\n· 查 #12 · 我的任务\n· 查 杨志强 或 查 三组1号（这户的诉求）\n· 我的账号 · 解绑\n· 公告 · 议事（村党支部书记：议事 #12 列入议事，议事 D3 看进度）',
  room: {
    ack: '收到，回复已私信发给您。',
    linked: (group) => `本群已关联${group}。群里@我或发命令我才会回复，个人的事我会私信回复。`,
    needsGroupChat: '请在要关联的群里发送：绑定群 组编号，例如：绑定群 g3',
    forbidden: '只有本组组长或村党支部书记可以关联群。',
    unknownGroup: (code) => `没有编号为 ${code} 的互助组，请核对。`,
  },
  roster: {
    householdCardReplaced: (village) =>
      `${village}给您家换发了新的联心卡，这个账号已解绑。请用新卡上的绑定码重新绑定：发送“绑定”加上新卡上的码。`,
    memberCardReplaced: (village) =>
      `${village}给您换发了新的联心卡，这个账号已解绑，不再接收任务。请用新卡上的绑定码重新绑定：发送“绑定”加上新卡上的码。`,
    membersDeactivated: (list) =>
      `新的花名册里没有以下成员，他们的账号已停用：\n${list.map((m) => `· ${m.name}${m.moved ? `：${m.moved} 件未办完的事已转给您` : '：没有未办完的事'}`).join('\n')}\n发“我的任务”查看。`,
    card: {
      title: '联心卡',
      household: '住户',
      member: '村干部',
      howTo: (code, botLink) => (botLink ? `用手机扫码，或给“邻里”发送：绑定 ${code}` : `给“邻里”发送：绑定 ${code}`),
    },
    rolesChanged: (village, before, after, by) =>
      `【花名册变更】${village}的花名册改了您的角色：原来是“${before}”，现在是“${after}”（${by ?? '管理员'}导入）。如有疑问，请联系村党支部书记。`,
    changesToSecretary: (village, by, lines) =>
      `【花名册变更】${by ?? '管理员'}导入的${village}花名册有以下角色或归属变化：\n${lines.join('\n')}\n不是您本人的安排，请马上联系管理员。`,
    roleLine: (who, before, after) => `· ${who}：${before} → ${after}`,
    placeLine: (field, before, after) => `· 所属${field === 'town' ? '乡镇' : '县'}：${before} → ${after}`,
    none: '无',
  },
  greeting: '您好！有什么事直接说，我会转给负责的组长。发“帮助”查看用法。',
  unsupported: '暂时只能看懂文字消息，麻烦用文字说一下情况。',
  media: mediaZh,
  place: placeZh,
  replies: repliesZh,
  expect: expectZh,
  ledger: ledgerZh,
  desk: deskZh,
  people: peopleZh,
  wechatMp: wechatMpZh,
  wecom: wecomZh,
  receipt: (r, assignee, advice = []) =>
    `已收到，编号 ${r.ref}。${urgentMark(r.urgent)}\n类别：${zh.kind[r.kind]}\n内容：${r.summary}${where(r)}\n${assignee ? `已转给${assignee}处理，有进展会告诉您。` : '村里会尽快安排人处理。'}${advice.map((a) => `\n${a}`).join('')}`,
  ask: {
    location: '在哪个位置？说个大概地方就行，例如：村口、三组12号门前。（发“取消”就不报了）',
    parties: '是跟谁有矛盾？因为什么事？说清楚些，调解员好处理。（发“取消”就不报了）',
    when: '大概什么时候需要帮忙？例如：明天上午。（发“取消”就不报了）',
  },
  draft: {
    cancelled: '好的，这件事不报了。有事随时说。',
    nothingToCancel: '现在没有要取消的事。',
    expired: (summary) => `“${summary}”这件事您没有补充，先不报了。需要的话请重新说一遍。`,
    followUpAsk: (ref) => `这是补充到 ${ref}，还是一件新的事？回复 1 补充 / 2 新的事`,
    cameBackAsk: (ref, summary) => `是 ${ref}（${summary}）又出问题了吗？回复 1 重新办理 ${ref} / 2 另一件事`,
    reopenButton: '1 重新办理',
    followUpAdded: (ref) => `已补充到 ${ref}，组长会看到。`,
    addButton: '1 补充',
    newButton: '2 新的事',
    joined: (ref, summary) => `这件事（${summary}）村里已经在处理了，编号 ${ref}。已把您家记上，处理进展也会告诉您。`,
  },
  conversation: {
    thanks: '不客气！能帮上忙就好。有事随时说。',
    awaitNote: (ref) => `请直接发备注内容（${ref}），我转告住户。发别的命令就不记了。`,
    awaitResolve: (ref) => `请直接发处理结果（${ref}），发完就办结并请住户评价。`,
    awaitTransfer: (ref) => `请发要转给的人的姓名（${ref}），同名的加上组别，例如：二组 李海生。`,
    noted: (ref, text) => `已备注 ${ref}：${text}`,
    awaitExpired: (ref) => `${ref} 等您的内容超过一小时了，先不等了。需要的话请再按一次按钮，或发命令。`,
    askReason: (ref) => `哪里没办好？请直接说说（${ref}），我转告村党支部书记。`,
    reasonNoted: (ref) => `记下了，已转告村党支部书记（${ref}）。`,
    reasonNote: (reason) => `住户不满意的原因：${reason}`,
    fragmentAsk: (ref) => `这是补充到 ${ref} 吗？回复 1 补充 / 2 新的事`,
    askKind:
      '我没太明白这是哪类事，请选一个（回复数字）：\n1 报修 · 2 求助 · 3 纠纷 · 4 安全隐患 · 5 说事 · 6 建议 · 7 咨询',
    kindButton: (n, kind) => `${n} ${kind}`,
    kindFiled: (kind) => `好的，按“${kind}”办。`,
    sameMatterAsk: (ref, place) => `是 ${ref} 说的那个（${place}）吗？回复 1 是 / 2 不是`,
    yesButton: '1 是',
    noButton: '2 不是',
    choiceExpired: '刚才的问题您没有回复，先不等了。有事请重新说。',
    sameOrNew: '这是刚才那件事的补充，还是一件新的事？回复 1 补充 / 2 新的事',
    chatterAck: '好嘞，收到！有事随时跟我说。',
  },
  task: (t, reason) =>
    t.status === 'accepted'
      ? `${reason ? `【${reason}】` : ''}${urgentMark(t.urgent)}处理中 ${t.ref}（${zh.kind[t.kind]}）\n${t.summary}\n户：${t.household}家${t.address ? `，${t.address}` : ''}${t.place ? placeZh.lines(t.place) : ''}\n原话：“${t.text}”\n办好后：办结 ${t.ref} 处理结果`
      : `${reason ? `【${reason}】` : ''}${urgentMark(t.urgent)}${t.reopened ? '重新办理' : '新诉求'} ${t.ref}（${zh.kind[t.kind]}）\n${t.summary}\n户：${t.household}家${t.address ? `，${t.address}` : ''}${t.place ? placeZh.lines(t.place) : ''}\n原话：“${t.text}”${reopenedWhy(t)}\n请接单：接单 ${t.ref}`,
  taskCopy: (t, assignee) =>
    `${urgentMark(t.urgent)}抄送 ${t.ref}（${zh.kind[t.kind]}）已派给${assignee}\n${t.summary}\n户：${t.household}家${t.address ? `，${t.address}` : ''}${t.place ? placeZh.lines(t.place) : ''}\n原话：“${t.text}”`,
  toResident: {
    accepted: (ref, by) => `您的诉求 ${ref} 已由${by}接单，正在处理。`,
    note: (ref, by, note) => `诉求 ${ref} 有新进展（${by}）：${note}`,
    transferred: (ref, to) => `您的诉求 ${ref} 已转给${to}负责。`,
    escalated: (ref) => `您的诉求 ${ref} 已上报村里，由村党支部书记跟进。`,
    resolved: (ref, by, result) =>
      `您的诉求 ${ref} 已由${by}办结：${result}\n您满意吗？请回复：1 满意 / 2 基本满意 / 3 不满意`,
    closed: (ref) => `谢谢您的评价，诉求 ${ref} 已完结。`,
    reopened: (ref) => `抱歉没有办好。诉求 ${ref} 已重新办理，村党支部书记会跟进。`,
  },
  toLeader: {
    defaultResult: '已处理完毕',
    accepted: (ref) => `已接单 ${ref}。处理完后发：办结 ${ref} 处理结果`,
    transferred: (ref, to) => `${ref} 已转派给${to}。`,
    escalated: (ref) => `${ref} 已上报村党支部书记。`,
    resolved: (ref) => `${ref} 已办结，正在请住户评价。`,
    promptNote: (ref) => `请发送：备注 ${ref} 内容`,
    promptResolve: (ref) => `请发送：办结 ${ref} 处理结果`,
    unhappy: (ref, summary) => `住户对 ${ref}（${summary}）不满意，已重新办理，请跟进。`,
    transferredAway: (ref, to) => `${ref} 已转给${to}，不再由您负责。`,
    residentNote: (ref, text) => `住户补充 ${ref}：${text}`,
    moreHouseholds: (ref, households) => `${ref} 又有一户反映了同一件事，现在共 ${households} 户。`,
    kindChanged: (ref, kind) => `已把 ${ref} 改为“${kind}”。`,
    kindUnknown: (ref) => `请写上类别，例如：改类 ${ref} 报修。可选：报修、求助、纠纷、安全隐患、说事、建议、咨询。`,
    kindUnchanged: (ref, kind) => `${ref} 已经是“${kind}”了。`,
  },
  requests: {
    withdrawn: (ref) => `好的，诉求 ${ref} 已撤回，不用再处理了。以后有事随时说。`,
    withdrawnToAssignee: (ref, summary) => `住户已撤回诉求 ${ref}（${summary}），不用再处理了。`,
    withdrawnToFollower: (ref) => `您家也反映过的诉求 ${ref} 已被报事的住户撤回。如果您家的问题还在，请直接再说一遍。`,
    cannotWithdraw: (ref, status) => `诉求 ${ref} 现在是“${status}”，不能撤回了。`,
    withdrawButton: '撤回',
    invalidNeedsReason: (ref) => `请写上作废的原因，例如：作废 ${ref} 重复提交`,
    invalidDone: (ref) => `${ref} 已作废，住户和负责人已收到原因。`,
    invalidToResident: (ref, reason) =>
      `您的诉求 ${ref} 经村党支部书记核实已作废，原因：${reason}\n如有疑问，可以直接联系书记或再说一遍。`,
    invalidToAssignee: (ref, summary, reason) =>
      `诉求 ${ref}（${summary}）已由村党支部书记作废，不用再处理了。原因：${reason}`,
    secretaryOnly: '只有村党支部书记可以作废诉求。',
    commandForm: (verb, _slash, ref) => `${verb} ${ref}`,
    illegalHint: (ref, status, possible, waiting) =>
      waiting && possible.length
        ? `${ref} 还没接单，请先 ${possible[0]}${possible.length > 1 ? `，或 ${possible.slice(1).join(' / ')}` : ''}`
        : `诉求 ${ref} 现在是“${status}”，不能这样操作。${possible.length ? `现在可以：${possible.join(' / ')}` : '这件事已经不用再处理了。'}`,
    transferPick: (ref, sections, page, pages) =>
      `转给谁？点名字，或发送：转派 ${ref} 姓名${pages > 1 ? `（第 ${page}/${pages} 页）` : ''}\n${sections
        .map((s) => `【${s.role}】\n${s.members.map((m) => m.label).join('\n')}`)
        .join('\n')}${page < pages ? `\n下一页：转派 ${ref} 更多 ${page + 1}` : ''}`,
    moreButton: '更多',
    escalatedBy: (from) => `${from}上报，请村里处理`,
    escalatedBecause: (reason, from, hours) =>
      reason === 'accept_overdue'
        ? `${from ?? '负责人'}${hours ? ` ${hours} 小时` : '超过时限'}未接单，已上报`
        : '已超过办结时限，已上报',
    safety: {
      gas: '【安全提醒】有煤气味：马上开窗通风，关掉燃气阀门；不要开关电灯电器，不要点火、打火机；人先到室外，再打电话求助。严重时打 119。',
      fire: '【安全提醒】着火了：先让人撤出来，别回屋拿东西；马上打 119；火小可用灭火器或湿被子盖住，电器着火先断电，不要用水泼。',
      electricity:
        '【安全提醒】电线冒火花或漏电：能安全拉闸就先拉闸断电；人和牲口都离远点（至少 10 米），不要用手或湿东西去碰；有人触电别直接拉他，先断电，再打 120。',
      collapse: '【安全提醒】有塌方或开裂：人先撤离，别靠近，也别进去拿东西；提醒邻居和过路的人绕开。有人被困打 119。',
      person: '【安全提醒】孩子或老人有危险：先确保自己安全再施救；有人受伤或昏迷打 120，走失、落水等紧急情况打 110。',
    },
    openWork: (count) => `您手上有 ${count} 件还没办完的诉求，下面发给您：`,
    moreWork: (items) =>
      `其余待办：\n${items.map((r) => `${urgentMark(r.urgent)}${r.ref} ${zh.kind[r.kind]} · ${zh.status[r.status]} · ${r.summary}`).join('\n')}\n发“查 编号”看详情。`,
  },
  errors: {
    notFound: (ref) => `没有找到诉求 ${ref}，请核对编号。`,
    forbidden: (ref) => `诉求 ${ref} 不是您的，无法查看或操作。`,
    leaderOnly: '这个命令只有组长和村干部能用。您有事直接发文字说就行。',
    illegal: (ref, status) => `诉求 ${ref} 现在是“${status}”，不能这样操作。`,
    unknownMember: (code) => `本村的村干部里没有「${code}」，请核对姓名。`,
    nothingToRate: '您现在没有待评价的诉求。',
    alreadyRated: (ref) => `诉求 ${ref} 已经评价过了，谢谢！`,
    noAssignee: '村里暂时没有设置负责人，您的诉求已记下。',
    internal: '抱歉，系统刚才出了点问题，您的消息已记下，我们会尽快处理。',
  },
  channels: {
    replyWith: (c) => (c.length > 3 ? `回复：\n${c.map((x) => `· ${x}`).join('\n')}` : `回复：${c.join(' / ')}`),
    arg: { note: '内容', resolve: '处理结果', member: '姓名' },
    wechatDown:
      '【提醒】微信机器人掉线了（已退出登录），村民在微信上发的消息暂时收不到。请管理员尽快重新扫码登录（管理接口 /api/v1/wechat/login）。',
    wechatBack: '微信机器人已重新登录，微信上的消息恢复正常。',
  },
  identity: {
    platform: {
      telegram: 'Telegram',
      wechat: '微信',
      web: '网页',
      'wechat-mp': '微信公众号',
      wecom: '企业微信',
      'wecom-robot': '企业微信群机器人',
    },
    noName: '未留名字',
    bindInPrivate: '请私聊我绑定：点我的头像发消息，发送 绑定 + 联心卡上的绑定码。',
    sourceLocked: (retryAt) =>
      `这个网络里输错绑定码的次数太多，为了安全暂停绑定，请在 ${retryAt} 以后再试。着急的话，请找互助组组长帮您绑定。`,
    webPaused: (retryAt) =>
      `现在网页上输错绑定码的人太多，为了大家的安全，网页绑定暂停一会儿，请在 ${retryAt} 以后再试，或者请互助组组长帮您绑定。`,
    householdFull: (max) =>
      `您家已经绑定了 ${max} 个账号，到上限了。请用家里已绑定的账号发“我家的账号”查看，发“解绑 编号”去掉不用的，再来绑定。`,
    newHouseholdAccount: (platform, name, address) =>
      `提醒：一个新的${platform}账号（${name}）绑定了您家（${address}）。是家里人就不用管；不是您家的人请回复“不是我”，会马上解除它的绑定。`,
    itsMeButton: '是我',
    notMeButton: '不是我',
    notMeDone: (platform, name) => `已解除那个${platform}账号（${name}）的绑定，并告诉了村党支部书记。`,
    notMeNothing: '现在没有需要您确认的新账号。',
    removed: '这个账号的绑定已解除，不再代表原来的住户或成员。如果弄错了，请用联心卡重新绑定，或联系互助组组长。',
    householdNotMeToSecretary: (address, head, platform, name) =>
      `【账号提醒】${address}（${head}家）的住户说新绑定的${platform}账号（${name}）不是他们家的人，已解除它的绑定。联心卡可能被别人看到了，可以考虑给这户换卡。`,
    memberCodeInUse:
      '这个码已经在用了——已请书记确认。确认之前，这个账号收不到任务。如果是您本人换了手机或用了别的软件，也可以在原来的账号上回复“是我”。',
    memberStillWaiting: '这个账号还在等确认，请稍等。也可以在您原来的账号上回复“是我”，或请村党支部书记确认。',
    memberAsk: (platform, name) =>
      `提醒：一个新的${platform}账号（${name}）用您的绑定码绑定了。是您本人吗？\n是您：回复“是我”，新账号也会收到任务；\n不是您：回复“不是我”，马上解除它。`,
    secretaryAsk: (id, member, platform, name) =>
      `【绑定确认 ${id}】${member}的绑定码被一个新的${platform}账号（${name}）使用，已请本人确认。\n是本人的话发：确认绑定 ${id}\n不是本人发：拒绝绑定 ${id}`,
    confirmButton: (id) => `确认绑定 ${id}`,
    decideForm: (decision, member) => `${decision === 'confirm' ? '确认绑定' : '拒绝绑定'} ${member}`,
    refuseButton: (id) => `拒绝绑定 ${id}`,
    confirmed: (member) => `已确认，这个账号现在代表${member}，会收到派给您的任务。`,
    confirmedAck: (platform, name) => `好的，已确认新的${platform}账号（${name}）。以后任务会同时发到那里。`,
    refusedAck: (platform, name) => `好的，已解除那个${platform}账号（${name}）的绑定。`,
    memberRefusedToSecretary: (member, platform, name) =>
      `【账号提醒】${member}说新绑定的${platform}账号（${name}）不是本人，已解除它的绑定。绑定码可能泄露了，可以考虑换卡。`,
    decidedAlready: (id) => `绑定确认 ${id} 已经处理过了。`,
    noOpenRequest: '现在没有等待确认的绑定。',
    unknownRequest: (what) => `没有找到绑定确认 ${what}，请核对编号。`,
    secretaryOnly: '只有村党支部书记可以确认或拒绝绑定。',
    confirmFromOldAccount: '请在您原来已经确认的账号上回复“是我”，或请村党支部书记确认。',
    unconfirmed: '这个账号还在等确认，暂时不能接单或处理诉求。请在您原来的账号上回复“是我”，或请村党支部书记确认。',
    accounts: (list, household) =>
      list.length === 0
        ? '现在没有绑定的账号。'
        : `${household ? '绑定您家的账号' : '您绑定的账号'}：\n${list.map((a) => `${a.n}. ${a.platform} · ${a.name} · ${a.since} 绑定${a.waiting ? '（等确认）' : ''}${a.me ? '（本账号）' : ''}`).join('\n')}\n解绑本账号发“解绑”；解绑其中一个发“解绑 编号”，例如：解绑 2`,
    unboundSelf: '已解绑，这个账号不再收到消息。要重新绑定，请发送 绑定 + 联心卡上的绑定码。',
    unboundOther: (n, platform, name) => `已解绑第 ${n} 个账号（${platform} · ${name}）。`,
    noSuchAccount: (n) => `没有第 ${n} 个账号，发“我家的账号”查看编号。`,
    onlySelf: '这个账号还在等确认，只能解绑它自己：发“解绑”。',
    bindingPaused: (retryAt) =>
      `现在输错绑定码的人太多，为了大家的安全，绑定暂停一会儿，请在 ${retryAt} 以后再试，或者请互助组组长帮您绑定。`,
    demoCode:
      '这是演示村的绑定码，本服务现在没有开启演示，不能用它绑定。请用村里发给您的联心卡上的绑定码；找不到卡片可以问互助组组长。',
  },
  rhythm: {
    topicReceipt: (ref, date, summary, time, place) =>
      `已记下，编号 ${ref}。您要说的事（${summary}）会在 ${date}${time ? ` ${time}` : ''}${place ? `在${place}` : ''}的支部说事日提出，书记当面听您说。`,
    reminderBefore: (date, place, days) =>
      `【支部说事日】${days === 1 ? '明天' : `${days} 天后`}（${date}）是本村支部说事日${place ? `，地点：${place}` : ''}。有想当面说的事，现在就可以发给我，以“说事”开头。`,
    reminderDay: (place) =>
      `【支部说事日】今天是支部说事日${place ? `，地点：${place}` : ''}。有事可以当面跟书记说，也可以发给我，以“说事”开头。`,
    agenda: (date, lines) =>
      lines.length
        ? `${date} 支部说事日议程（共 ${lines.length} 件）：\n${lines.join('\n')}\n记录结果：说事 #编号 结果 内容；转给组长：说事 #编号 转办 姓名`
        : `${date} 支部说事日目前还没有收到议题。`,
    outcome: (ref, result) =>
      `您在支部说事日提的事 ${ref} 有结果了：${result}\n您满意吗？请回复：1 满意 / 2 基本满意 / 3 不满意`,
    outcomeRecorded: (ref) => `已记录 ${ref} 的结果，并告诉了住户。`,
    topicAssigned: (ref, to) => `说事议题 ${ref} 已转给${to}办理。`,
    handOverForm: (ref, who) => `说事 ${ref} 转办 ${who}`,
    notTopic: (ref) => `${ref} 不是支部说事的议题。`,
    carriedOver: (ref, date) => `您提的 ${ref} 这次说事日没有办完，顺延到 ${date} 的说事日继续跟进。`,
    remindAccept: (ref, summary, due) =>
      `【提醒】诉求 ${ref}（${summary}）还没接单，请在 ${due} 前处理，超时会自动上报。`,
    remindResolve: (ref, summary, due) => `【提醒】诉求 ${ref}（${summary}）应在 ${due} 前办结，超时会自动上报。`,
    overdueTakenAway: (ref) => `诉求 ${ref} 已超时，按规定自动上报，由上级跟进。`,
    ratingReminder: (ref, summary) =>
      `打扰一下：您的诉求 ${ref}（${summary}）已经办结，您满意吗？请回复：1 满意 / 2 基本满意 / 3 不满意`,
    closedUnrated: (ref) => `诉求 ${ref} 办结三天未评价，已自动完结。如果没办好，7 天内发“重办 ${ref}”可以重新办理。`,
    reopenedByResident: (ref, summary) => `住户要求重新办理 ${ref}（${summary}），请跟进。`,
    reopenOk: (ref) => `好的，${ref} 已重新办理，会有人跟进。`,
    reopenTooLate: (ref) => `${ref} 已完结超过 7 天，不能重办了。请直接把情况再说一遍，我们按新的事办理。`,
    monthlyReport: (village, month, table) => `【${village} ${month} 月报】\n${table}`,
    ratesLine: (name, r) =>
      `${name ?? '全村'}：${r.requests}件 响应${pct(r.responseRate)} 解决${pct(r.resolutionRate)} 满意${pct(r.satisfactionRate)}`,
    topicCarried: (ref, date) => `说事议题 ${ref} 已顺延到 ${date} 的说事日，并告诉了住户。`,
    agendaLine: (ref, group, summary, households) => `${ref}【${group}】${summary}（${households}户）`,
  },
  mine: (items) =>
    items.length === 0
      ? '您还没有诉求。有事直接发文字告诉我。'
      : `您的诉求：\n${items.map((r) => `${r.ref} ${zh.kind[r.kind]} · ${zh.status[r.status]} · ${r.summary}`).join('\n')}\n发“查 编号”看详情。`,
  tasks: (items) =>
    items.length === 0
      ? '您手上没有待办的诉求。'
      : `您的待办：\n${items.map((r) => `${urgentMark(r.urgent)}${r.ref} ${zh.kind[r.kind]} · ${zh.status[r.status]} · ${r.summary}`).join('\n')}`,
  detail: (r, assignee, timeline) =>
    `${urgentMark(r.urgent)}诉求 ${r.ref}（${zh.kind[r.kind]}）· ${zh.status[r.status]}\n${r.summary}${where(r)}\n负责人：${assignee ?? '待安排'}\n${timeline
      .map(
        (e) => `${e.at} ${zh.event[e.type] ?? e.type}${e.actor ? ` · ${e.actor}` : ''}${e.note ? `：${e.note}` : ''}`,
      )
      .join('\n')}`,
};

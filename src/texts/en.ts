import { en as peopleEn } from './people.js';
import { en as wecomEn } from './wecom.js';
import { en as mediaEn } from './media.js';
import { en as placeEn } from './place.js';
import { en as repliesEn } from './replies.js';
import { en as expectEn } from './expect.js';
import { en as ledgerEn } from './ledger.js';
import { en as deskEn } from './desk.js';
import { en as wechatMpEn } from './wechat-mp.js';
import { localParts } from '../domain/local-time.js';
import { clockTime, pad, pct } from './format.js';
import type { CoreTexts, RequestView, TaskView } from './texts.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const urgentMark = (u: boolean) => (u ? '[URGENT] ' : '');
const where = (r: RequestView) =>
  `${r.location && r.location !== r.place?.label ? `\nWhere: ${r.location}` : ''}${r.place ? placeEn.lines(r.place) : ''}${r.parties ? `\nWith: ${r.parties}` : ''}`;
const reopenedWhy = (t: TaskView) =>
  !t.reopened
    ? ''
    : t.reopened.why === 'unhappy'
      ? `\n${t.reopened.reason ? `Why the resident is not satisfied: ${t.reopened.reason}` : 'The resident is not satisfied with the result; they are being asked why.'}`
      : `\nThe resident asks to reopen ${t.ref}${t.reopened.reason ? `: ${t.reopened.reason}` : '.'}`;

/** The core's sentences; the features' are merged in by installTexts (index.ts) from the feature list. */
export const en: CoreTexts = {
  format: {
    day: (date) => date,
    due: (at, tz) => {
      const p = localParts(at, tz);
      return `${MONTHS[p.month - 1]} ${p.day}, ${pad(p.hour)}:${pad(p.minute)}`;
    },
    clock: clockTime,
  },
  kind: {
    repair: 'repair',
    help: 'practical help',
    dispute: 'dispute',
    hazard: 'safety hazard',
    say_things: 'say-things day topic',
    proposal: 'proposal',
    inquiry: 'inquiry',
    other: 'other',
  },
  status: {
    submitted: 'submitted',
    assigned: 'assigned',
    accepted: 'in progress',
    escalated: 'escalated to the village',
    resolved: 'resolved, awaiting your rating',
    closed: 'closed',
    reopened: 'reopened',
    withdrawn: 'withdrawn',
    invalid: 'closed as invalid',
  },
  event: {
    submitted: 'submitted',
    assigned: 'assigned',
    accepted: 'accepted',
    note: 'note',
    transferred: 'transferred',
    escalated: 'escalated',
    resolved: 'resolved',
    rated: 'rated',
    reopened: 'reopened',
    closed: 'closed',
    copied: 'copied',
    followed: 'another household reported the same',
    topic: 'put on say-things day',
    place: 'place sent',
    carried_over: 'carried over to the next say-things day',
    reminded: 'assignee reminded',
    withdrawn: 'withdrawn by the resident',
    invalid: 'closed as invalid',
  },
  role: {
    group_leader: 'group leader',
    secretary: 'branch secretary',
    mediator: 'mediator',
    town_staff: 'town staff',
    county_staff: 'county staff',
  },
  rating: { satisfied: 'Satisfied', basic: 'Mostly satisfied', unsatisfied: 'Not satisfied' },
  buttons: { accept: 'Accept', transfer: 'Transfer', escalate: 'Escalate', note: 'Note', resolve: 'Resolve' },
  unbound:
    'Hello, this is the village "Linli" service. Please first send the binding code on your contact card, e.g. "bind 483920". Then just write to report a problem or ask for help.',
  bindNeedsCode: 'Please add the code from your contact card, e.g. "bind 483920".',
  bindWrongCode: (left) =>
    `That code is not right. Please check your card and try again (${left} tries left). Your group leader can help.`,
  bindLocked: (retryAt) =>
    `Too many tries. Binding is paused for safety; please try again after ${retryAt}, or ask your group leader.`,
  boundResident: (village, address, leader) =>
    `You are bound to ${village}, ${address}.${leader ? ` Your group leader is ${leader}.` : ''} Just write what is wrong; send "my requests" to see progress.`,
  boundMember: (name, village, roles) =>
    `Bound: ${name} (${village}, ${roles}). Residents' requests will reach you here. Send "help" for commands.`,
  helpResident:
    'Just describe the matter in words, e.g. "the street light is out".\n· my requests — progress\n· #1024 — one request\n· after it is resolved reply 1 satisfied / 2 mostly / 3 not satisfied\n· /accounts — the accounts bound to your household · /unbind — unbind this one\n· /notices — recent village notices · /vote D12 1 — a village vote',
  helpMember:
    'Commands (replace #12 with the reference):\n· /accept 12\n· /note 12 text\n· /transfer 12 name\n· /escalate 12\n· /resolve 12 result\n· /kind 12 repair (when the kind is wrong)\n· /view 12 · /tasks\n· 查 <head’s name or house number> (that household’s requests)\n· /accounts · /unbind\n· /notices · /deliberations (branch secretary: /deliberation D3 …)',
  room: {
    ack: 'Got it — I have replied to you privately.',
    linked: (group) =>
      `This chat is now linked to ${group}. I answer here only when @mentioned or given a command; personal matters get a private reply.`,
    needsGroupChat: 'Send this in the group chat you want to link: /linkgroup g3',
    forbidden: "Only the group's leader or the branch secretary can link a chat.",
    unknownGroup: (code) => `There is no group with the code ${code}.`,
  },
  roster: {
    householdCardReplaced: (village) =>
      `${village} has issued your household a new contact card, and this account has been unbound. Please bind again: send /start followed by the code on the new card.`,
    memberCardReplaced: (village) =>
      `${village} has issued you a new contact card: this account has been unbound and receives no more tasks. Please bind again: send /start followed by the code on the new card.`,
    membersDeactivated: (list) =>
      `These members are not in the new roster; their accounts are deactivated:\n${list.map((m) => `· ${m.name}${m.moved ? `: ${m.moved} open ${m.moved === 1 ? 'task' : 'tasks'} passed to you` : ': no open tasks'}`).join('\n')}\nSend /tasks to see them.`,
    card: {
      title: 'Contact card',
      household: 'Household',
      member: 'Village cadre',
      howTo: (code, botLink) =>
        botLink ? `Scan with your phone, or send Linli: /start ${code}` : `Send Linli: /start ${code}`,
    },
    rolesChanged: (village, before, after, by) =>
      `[Roster change] The roster of ${village} changed your roles: before "${before}", now "${after}" (imported by ${by ?? 'the administrator'}). Ask the branch secretary if anything is unclear.`,
    changesToSecretary: (village, by, lines) =>
      `[Roster change] The roster of ${village} imported by ${by ?? 'the administrator'} changed these roles or places:\n${lines.join('\n')}\nIf you did not arrange this, tell the administrator at once.`,
    roleLine: (who, before, after) => `· ${who}: ${before} → ${after}`,
    placeLine: (field, before, after) => `· ${field}: ${before} → ${after}`,
    none: 'none',
  },
  greeting:
    'Hello! Tell me what the matter is and I will pass it to the right group leader. Send "help" for how to use me.',
  unsupported: 'For now I can only read text. Please describe the matter in words.',
  media: mediaEn,
  place: placeEn,
  replies: repliesEn,
  expect: expectEn,
  ledger: ledgerEn,
  desk: deskEn,
  people: peopleEn,
  wechatMp: wechatMpEn,
  wecom: wecomEn,
  receipt: (r, assignee, advice = []) =>
    `Received, reference ${r.ref}. ${urgentMark(r.urgent)}\nType: ${en.kind[r.kind]}\nAbout: ${r.summary}${where(r)}\n${assignee ? `Passed to ${assignee}; you will hear about progress.` : 'The village will assign someone soon.'}${advice.map((a) => `\n${a}`).join('')}`,
  ask: {
    location:
      'Where exactly? A rough place is enough, e.g. the village entrance, or group 3 no. 12. (Send "cancel" to drop it.)',
    parties: 'Who is the dispute with, and about what? (Send "cancel" to drop it.)',
    when: 'When do you need the help? E.g. tomorrow morning. (Send "cancel" to drop it.)',
  },
  draft: {
    cancelled: 'All right, it is dropped. Write any time.',
    nothingToCancel: 'There is nothing to cancel.',
    expired: (summary) =>
      `You did not add the missing detail for "${summary}", so it was not reported. Please tell me again if you need.`,
    followUpAsk: (ref) => `Is this more about ${ref}, or a new matter? Reply 1 add to it / 2 new matter`,
    cameBackAsk: (ref, summary) =>
      `Is ${ref} (${summary}) back again? Reply 1 have ${ref} handled again / 2 something else`,
    reopenButton: '1 Handle it again',
    followUpAdded: (ref) => `Added to ${ref}; the group leader will see it.`,
    addButton: '1 Add to it',
    newButton: '2 New matter',
    joined: (ref, summary) =>
      `This (${summary}) is already being handled as ${ref}. Your household is added and you will hear about progress.`,
  },
  conversation: {
    thanks: 'You are welcome! Glad to help. Write any time.',
    awaitNote: (ref) => `Send the note for ${ref} now; the resident will get it. Any command cancels.`,
    awaitResolve: (ref) => `Send the result for ${ref} now; it is then resolved and the resident asked to rate.`,
    awaitTransfer: (ref) =>
      `Send the name of the person to hand ${ref} to, with the group when two share it, e.g. 二组 李海生.`,
    noted: (ref, text) => `Noted on ${ref}: ${text}`,
    awaitExpired: (ref) =>
      `I stopped waiting for your text on ${ref} after an hour. Press the button again or send the command.`,
    askReason: (ref) => `What was not done right? Tell me (${ref}) and I will pass it to the branch secretary.`,
    reasonNoted: (ref) => `Noted and passed to the branch secretary (${ref}).`,
    reasonNote: (reason) => `Why the resident is not satisfied: ${reason}`,
    fragmentAsk: (ref) => `Is this more about ${ref}? Reply 1 add to it / 2 new matter`,
    askKind:
      'I am not sure what kind of matter this is; please choose (reply with the number):\n1 repair · 2 help · 3 dispute · 4 hazard · 5 say things · 6 proposal · 7 inquiry',
    kindButton: (n, kind) => `${n} ${kind}`,
    kindFiled: (kind) => `All right, filed as "${kind}".`,
    sameMatterAsk: (ref, place) => `Is it the one ${ref} reported (${place})? Reply 1 yes / 2 no`,
    yesButton: '1 Yes',
    noButton: '2 No',
    choiceExpired: 'You did not answer my question, so I stopped waiting. Please tell me again.',
    sameOrNew: 'Is this more about what you just reported, or a new matter? Reply 1 add to it / 2 new matter',
    chatterAck: 'Got it, thanks! Write any time you need something.',
  },
  task: (t, reason) =>
    t.status === 'accepted'
      ? `${reason ? `[${reason}] ` : ''}${urgentMark(t.urgent)}In progress ${t.ref} (${en.kind[t.kind]})\n${t.summary}\nHousehold: ${t.household}${t.address ? `, ${t.address}` : ''}${t.place ? placeEn.lines(t.place) : ''}\nTheir words: "${t.text}"\nWhen done: /resolve ${t.ref.slice(1)} what was done`
      : `${reason ? `[${reason}] ` : ''}${urgentMark(t.urgent)}${t.reopened ? 'Reopened' : 'New request'} ${t.ref} (${en.kind[t.kind]})\n${t.summary}\nHousehold: ${t.household}${t.address ? `, ${t.address}` : ''}${t.place ? placeEn.lines(t.place) : ''}\nTheir words: "${t.text}"${reopenedWhy(t)}\nTo accept: /accept ${t.ref.slice(1)}`,
  taskCopy: (t, assignee) =>
    `${urgentMark(t.urgent)}Copy of ${t.ref} (${en.kind[t.kind]}), assigned to ${assignee}\n${t.summary}\nHousehold: ${t.household}${t.address ? `, ${t.address}` : ''}${t.place ? placeEn.lines(t.place) : ''}\nTheir words: "${t.text}"`,
  toResident: {
    accepted: (ref, by) => `Your request ${ref} was accepted by ${by} and is being handled.`,
    note: (ref, by, note) => `Update on ${ref} (${by}): ${note}`,
    transferred: (ref, to) => `Your request ${ref} is now handled by ${to}.`,
    escalated: (ref) => `Your request ${ref} was escalated to the village branch secretary.`,
    resolved: (ref, by, result) =>
      `Your request ${ref} was resolved by ${by}: ${result}\nAre you satisfied? Reply 1 satisfied / 2 mostly satisfied / 3 not satisfied`,
    closed: (ref) => `Thank you for your rating; ${ref} is closed.`,
    reopened: (ref) => `Sorry it was not done well. ${ref} is reopened and the branch secretary will follow up.`,
  },
  toLeader: {
    defaultResult: 'done',
    accepted: (ref) => `Accepted ${ref}. When done send: /resolve ${ref.slice(1)} result`,
    transferred: (ref, to) => `${ref} transferred to ${to}.`,
    escalated: (ref) => `${ref} escalated to the branch secretary.`,
    resolved: (ref) => `${ref} resolved; the resident is asked to rate it.`,
    promptNote: (ref) => `Send: /note ${ref.slice(1)} text`,
    promptResolve: (ref) => `Send: /resolve ${ref.slice(1)} result`,
    unhappy: (ref, summary) =>
      `The resident is not satisfied with ${ref} (${summary}); it is reopened, please follow up.`,
    transferredAway: (ref, to) => `${ref} was transferred to ${to}; it is no longer yours.`,
    residentNote: (ref, text) => `The resident adds to ${ref}: ${text}`,
    moreHouseholds: (ref, households) =>
      `Another household reported the same matter as ${ref}; ${households} households now.`,
    kindChanged: (ref, kind) => `${ref} is now a ${kind}.`,
    kindUnknown: (ref) =>
      `Please name the kind, e.g. /kind ${ref.replace('#', '')} repair. Kinds: repair, help, dispute, hazard, say_things, proposal, inquiry.`,
    kindUnchanged: (ref, kind) => `${ref} already is a ${kind}.`,
  },
  requests: {
    withdrawn: (ref) => `All right, ${ref} is withdrawn and nobody needs to handle it. Write any time.`,
    withdrawnToAssignee: (ref, summary) => `The resident withdrew ${ref} (${summary}); nothing more to do.`,
    withdrawnToFollower: (ref) =>
      `${ref}, which your household also reported, was withdrawn by the household that reported it. If your problem is still there, please tell me again.`,
    cannotWithdraw: (ref, status) => `${ref} is "${status}" and can no longer be withdrawn.`,
    withdrawButton: 'Withdraw',
    invalidNeedsReason: (ref) => `Please add the reason, e.g. /invalidate ${ref.slice(1)} duplicate`,
    invalidDone: (ref) => `${ref} is closed as invalid; the resident and the assignee have the reason.`,
    invalidToResident: (ref, reason) =>
      `Your request ${ref} was closed as invalid by the branch secretary. Reason: ${reason}\nIf you disagree, contact the secretary or tell me again.`,
    invalidToAssignee: (ref, summary, reason) =>
      `${ref} (${summary}) was closed as invalid by the branch secretary; nothing more to do. Reason: ${reason}`,
    secretaryOnly: 'Only the branch secretary can close a request as invalid.',
    commandForm: (_verb, slash, ref) => `/${slash} ${ref.slice(1)}`,
    illegalHint: (ref, status, possible, waiting) =>
      waiting && possible.length
        ? `${ref} is not accepted yet: first ${possible[0]}${possible.length > 1 ? `, or ${possible.slice(1).join(' / ')}` : ''}`
        : `Request ${ref} is "${status}"; that action is not possible now.${possible.length ? ` Possible now: ${possible.join(' / ')}` : ' Nothing more is needed.'}`,
    transferPick: (ref, sections, page, pages) =>
      `Transfer to whom? Tap a name, or send: /transfer ${ref.slice(1)} name${pages > 1 ? ` (page ${page}/${pages})` : ''}\n${sections
        .map((s) => `[${s.role}]\n${s.members.map((m) => m.label).join('\n')}`)
        .join('\n')}${page < pages ? `\nNext page: /transfer ${ref.slice(1)} more ${page + 1}` : ''}`,
    moreButton: 'More',
    escalatedBy: (from) => `Sent up by ${from}`,
    escalatedBecause: (reason, from, hours) =>
      reason === 'accept_overdue'
        ? `${from ?? 'The assignee'} did not accept ${hours ? `within ${hours} h` : 'in time'}; escalated`
        : 'Past the deadline to resolve; escalated',
    safety: {
      gas: 'Safety: smell of gas — open the windows, close the gas valve; do not switch lights or appliances on or off, no flames or lighters; go outside first, then phone for help. If serious call 119.',
      fire: 'Safety: fire — get everyone out and do not go back for belongings; call 119; a small fire can be smothered with an extinguisher or a wet blanket; cut the power first if it is electrical, no water on it.',
      electricity:
        'Safety: sparks or a live wire — switch off the mains if you can do so safely; keep people and animals at least 10 m away; do not touch it by hand or with anything wet; if someone got a shock, cut the power before touching them and call 120.',
      collapse:
        'Safety: a collapse or crack — leave at once and keep away, do not go back in for anything; warn neighbours and passers-by. If someone is trapped call 119.',
      person:
        'Safety: a child or elderly person in danger — keep yourself safe first; call 120 for an injury or someone unconscious, 110 for someone missing or in the water.',
    },
    openWork: (count) => `You have ${count} open ${count === 1 ? 'request' : 'requests'}; here they are:`,
    moreWork: (items) =>
      `The rest of your tasks:\n${items.map((r) => `${urgentMark(r.urgent)}${r.ref} ${en.kind[r.kind]} · ${en.status[r.status]} · ${r.summary}`).join('\n')}\nSend /view <ref> for one.`,
  },
  errors: {
    notFound: (ref) => `No request ${ref} was found; please check the reference.`,
    forbidden: (ref) => `Request ${ref} is not yours to see or change.`,
    leaderOnly: 'That command is for group leaders and village staff. Just write your matter in words.',
    illegal: (ref, status) => `Request ${ref} is "${status}"; that action is not possible now.`,
    unknownMember: (code) => `No village staff member is called "${code}"; please check the name.`,
    nothingToRate: 'You have no request waiting for a rating.',
    alreadyRated: (ref) => `Request ${ref} has already been rated, thank you!`,
    noAssignee: 'No one is set up to handle this yet; your request is recorded.',
    internal: 'Sorry, something went wrong on our side. Your message is recorded and will be handled.',
  },
  channels: {
    replyWith: (c) => (c.length > 3 ? `Reply:\n${c.map((x) => `· ${x}`).join('\n')}` : `Reply: ${c.join(' / ')}`),
    arg: { note: 'text', resolve: 'result', member: 'name' },
    wechatDown:
      'Notice: the WeChat bot was logged out; messages residents send on WeChat are not received for now. Please have the operator scan the login QR code again (admin route /api/v1/wechat/login).',
    wechatBack: 'The WeChat bot is logged in again; WeChat messages work as usual.',
  },
  identity: {
    platform: {
      telegram: 'Telegram',
      wechat: 'WeChat',
      web: 'web',
      'wechat-mp': 'WeChat Official Account',
      wecom: 'WeCom',
      'wecom-robot': 'WeCom group robot',
    },
    noName: 'no name',
    bindInPrivate:
      'Please send me your code in a private chat: open a chat with me and send /start followed by the code on your card.',
    sourceLocked: (retryAt) =>
      `Too many wrong codes came from this network, so binding is paused for safety. Please try again after ${retryAt}, or ask your group leader to help you bind.`,
    webPaused: (retryAt) =>
      `Too many wrong codes are being tried on the web right now, so binding on the web is paused for everyone's safety. Please try again after ${retryAt}, or ask your group leader to help you bind.`,
    householdFull: (max) =>
      `Your household already has ${max} accounts bound, the most allowed. Send "我家的账号" from one of them to see them and "解绑 <number>" to remove one you no longer use, then bind again.`,
    newHouseholdAccount: (platform, name, address) =>
      `Notice: a new ${platform} account (${name}) has bound your household (${address}). If it is family, nothing to do; if it is not your household, reply "不是我" (not me) and it is unbound at once.`,
    itsMeButton: "Yes, it's me",
    notMeButton: 'Not me',
    notMeDone: (platform, name) =>
      `The ${platform} account (${name}) is unbound, and the branch secretary has been told.`,
    notMeNothing: 'There is no new account waiting for your answer.',
    removed:
      'This account is no longer bound and no longer speaks for the household or member. If this is a mistake, bind again with your contact card or ask your group leader.',
    householdNotMeToSecretary: (address, head, platform, name) =>
      `Account notice: the household at ${address} (${head}) says the newly bound ${platform} account (${name}) is not theirs; it has been unbound. Their card may have been seen by someone else; consider issuing a new one.`,
    memberCodeInUse:
      'This code is already in use — the secretary has been asked to confirm. Until then this account gets no tasks. If it is you on a new phone or another app, you can also reply "是我" (it\'s me) on your first account.',
    memberStillWaiting:
      'This account is still waiting for confirmation. You can reply "是我" on your first account, or ask the branch secretary to confirm.',
    memberAsk: (platform, name) =>
      `Notice: a new ${platform} account (${name}) has bound with your code. Is it you?\nIf so, reply "是我" (it's me) and it gets your tasks too;\nif not, reply "不是我" (not me) and it is unbound at once.`,
    secretaryAsk: (id, member, platform, name) =>
      `[Binding ${id}] The code of ${member} was used by a new ${platform} account (${name}); the member has been asked.\nIf it is them: 确认绑定 ${id}\nIf not: 拒绝绑定 ${id}`,
    confirmButton: (id) => `确认绑定 ${id}`,
    decideForm: (decision, member) => `${decision === 'confirm' ? '确认绑定' : '拒绝绑定'} ${member}`,
    refuseButton: (id) => `拒绝绑定 ${id}`,
    confirmed: (member) => `Confirmed: this account now speaks for ${member} and gets the tasks sent to you.`,
    confirmedAck: (platform, name) =>
      `Done: the new ${platform} account (${name}) is confirmed and will get your tasks too.`,
    refusedAck: (platform, name) => `Done: the ${platform} account (${name}) is unbound.`,
    memberRefusedToSecretary: (member, platform, name) =>
      `Account notice: ${member} says the newly bound ${platform} account (${name}) is not theirs; it has been unbound. Their code may have leaked; consider a new card.`,
    decidedAlready: (id) => `Binding ${id} has already been decided.`,
    noOpenRequest: 'No binding is waiting for confirmation.',
    unknownRequest: (what) => `No binding ${what} was found; please check the number.`,
    secretaryOnly: 'Only the branch secretary can confirm or refuse a binding.',
    confirmFromOldAccount:
      'Please reply "是我" on your first, already confirmed account, or ask the branch secretary to confirm.',
    unconfirmed:
      'This account is still waiting for confirmation and cannot act on requests yet. Reply "是我" on your first account, or ask the branch secretary to confirm.',
    accounts: (list, household) =>
      list.length === 0
        ? 'No account is bound now.'
        : `${household ? 'Accounts bound to your household' : 'Your accounts'}:\n${list.map((a) => `${a.n}. ${a.platform} · ${a.name} · since ${a.since}${a.waiting ? ' (waiting for confirmation)' : ''}${a.me ? ' (this account)' : ''}`).join('\n')}\nTo unbind this account send "解绑"; to unbind one of them send "解绑 <number>", e.g. 解绑 2`,
    unboundSelf:
      'Unbound: this account gets no more messages. To bind again, send /start followed by the code on your contact card.',
    unboundOther: (n, platform, name) => `Account ${n} (${platform} · ${name}) is unbound.`,
    noSuchAccount: (n) => `There is no account ${n}; send "我家的账号" to see the numbers.`,
    onlySelf: 'This account is still waiting for confirmation and can only unbind itself: send "解绑".',
    bindingPaused: (retryAt) =>
      `Too many wrong codes are being tried right now, so binding is paused for everyone's safety. Please try again after ${retryAt}, or ask your group leader to help you bind.`,
    demoCode:
      'This is a code of the demo village, and this service is not running the demo: it binds nobody. Please use the code on the contact card your village gave you; your group leader can help if you cannot find it.',
  },
  rhythm: {
    topicReceipt: (ref, date, summary, time, place) =>
      `Noted as ${ref}. Your topic (${summary}) will be raised at the say-things day on ${date}${time ? ` at ${time}` : ''}${place ? `, ${place}` : ''}, face to face with the branch secretary.`,
    reminderBefore: (date, place, days) =>
      `[Say-things day] ${days === 1 ? 'Tomorrow' : `In ${days} days`} (${date}) is the village say-things day${place ? ` at ${place}` : ''}. Send me topics now, starting with "说事".`,
    reminderDay: (place) =>
      `[Say-things day] Today is the say-things day${place ? ` at ${place}` : ''}. Come and talk to the secretary, or send me a topic starting with "说事".`,
    agenda: (date, lines) =>
      lines.length
        ? `Say-things day ${date}, agenda (${lines.length}):\n${lines.join('\n')}\nRecord: 说事 #ref 结果 text; hand to a leader: 说事 #ref 转办 name`
        : `No topics yet for the say-things day on ${date}.`,
    outcome: (ref, result) =>
      `Your say-things topic ${ref} has an outcome: ${result}\nAre you satisfied? Reply 1 satisfied / 2 mostly / 3 not satisfied`,
    outcomeRecorded: (ref) => `Outcome of ${ref} recorded and sent to the resident.`,
    topicAssigned: (ref, to) => `Topic ${ref} handed to ${to}.`,
    handOverForm: (ref, who) => `说事 ${ref} 转办 ${who}`,
    notTopic: (ref) => `${ref} is not a say-things topic.`,
    carriedOver: (ref, date) =>
      `Your topic ${ref} was not finished this time; it carries over to the say-things day on ${date}.`,
    remindAccept: (ref, summary, due) =>
      `[Reminder] ${ref} (${summary}) is not accepted yet; please act before ${due} or it is escalated.`,
    remindResolve: (ref, summary, due) =>
      `[Reminder] ${ref} (${summary}) should be resolved before ${due} or it is escalated.`,
    overdueTakenAway: (ref) => `${ref} is overdue and was escalated automatically.`,
    ratingReminder: (ref, summary) =>
      `Sorry to bother you: ${ref} (${summary}) was resolved. Are you satisfied? Reply 1 satisfied / 2 mostly / 3 not satisfied`,
    closedUnrated: (ref) =>
      `${ref} was closed after three days without a rating. If it was not done well, send "重办 ${ref}" within 7 days.`,
    reopenedByResident: (ref, summary) => `The resident asks to reopen ${ref} (${summary}); please follow up.`,
    reopenOk: (ref) => `${ref} is reopened; someone will follow up.`,
    reopenTooLate: (ref) =>
      `${ref} was closed more than 7 days ago and cannot be reopened. Please describe the matter again as a new one.`,
    monthlyReport: (village, month, table) => `[${village} report for ${month}]\n${table}`,
    ratesLine: (name, r) =>
      `${name ?? 'Village'}: ${r.requests} requests, response ${pct(r.responseRate)}, resolved ${pct(r.resolutionRate)}, satisfied ${pct(r.satisfactionRate)}`,
    topicCarried: (ref, date) => `Topic ${ref} carried over to the say-things day on ${date}; the resident was told.`,
    agendaLine: (ref, group, summary, households) =>
      `${ref} [${group}] ${summary} (${households} household${households === 1 ? '' : 's'})`,
  },
  mine: (items) =>
    items.length === 0
      ? 'You have no requests yet. Just write what the matter is.'
      : `Your requests:\n${items.map((r) => `${r.ref} ${en.kind[r.kind]} · ${en.status[r.status]} · ${r.summary}`).join('\n')}`,
  tasks: (items) =>
    items.length === 0
      ? 'You have no open tasks.'
      : `Your tasks:\n${items.map((r) => `${urgentMark(r.urgent)}${r.ref} ${en.kind[r.kind]} · ${en.status[r.status]} · ${r.summary}`).join('\n')}`,
  detail: (r, assignee, timeline) =>
    `${urgentMark(r.urgent)}Request ${r.ref} (${en.kind[r.kind]}) · ${en.status[r.status]}\n${r.summary}${where(r)}\nHandled by: ${assignee ?? 'not yet assigned'}\n${timeline
      .map(
        (e) => `${e.at} ${en.event[e.type] ?? e.type}${e.actor ? ` · ${e.actor}` : ''}${e.note ? `: ${e.note}` : ''}`,
      )
      .join('\n')}`,
};

import { localParts } from '../domain/local-time.js';
import type { Texts } from './texts.js';

const pad = (n: number) => String(n).padStart(2, '0');
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const urgentMark = (u: boolean) => (u ? '[URGENT] ' : '');

export const en: Texts = {
  format: {
    day: (date) => date,
    due: (at, tz) => {
      const p = localParts(at, tz);
      return `${MONTHS[p.month - 1]} ${p.day}, ${pad(p.hour)}:${pad(p.minute)}`;
    },
    clock: (at, tz) => {
      const p = localParts(at, tz);
      return `${pad(p.hour)}:${pad(p.minute)}`;
    },
    stamp: (at, tz) => {
      const p = localParts(at, tz);
      return `${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
    },
  },
  kind: { repair: 'repair', help: 'practical help', dispute: 'dispute', hazard: 'safety hazard', say_things: 'say-things day topic', proposal: 'proposal', inquiry: 'inquiry', other: 'other' },
  status: { submitted: 'submitted', assigned: 'assigned', accepted: 'in progress', escalated: 'escalated to the village', resolved: 'resolved, awaiting your rating', closed: 'closed', reopened: 'reopened' },
  event: { submitted: 'submitted', assigned: 'assigned', accepted: 'accepted', note: 'note', transferred: 'transferred', escalated: 'escalated', resolved: 'resolved', rated: 'rated', reopened: 'reopened', closed: 'closed', copied: 'copied' },
  role: { group_leader: 'group leader', secretary: 'branch secretary', mediator: 'mediator', town_staff: 'town staff' },
  rating: { satisfied: 'Satisfied', basic: 'Mostly satisfied', unsatisfied: 'Not satisfied' },
  buttons: { accept: 'Accept', transfer: 'Transfer', escalate: 'Escalate', note: 'Note', resolve: 'Resolve' },
  unbound: 'Hello, this is the village "Linli" service. Please first send the binding code on your contact card, e.g. "bind 483920". Then just write to report a problem or ask for help.',
  bindNeedsCode: 'Please add the code from your contact card, e.g. "bind 483920".',
  bindWrongCode: (left) => `That code is not right. Please check your card and try again (${left} tries left). Your group leader can help.`,
  bindLocked: (retryAt) => `Too many tries. Binding is paused for safety; please try again after ${retryAt}, or ask your group leader.`,
  boundResident: (village, address, leader) =>
    `You are bound to ${village}, ${address}.${leader ? ` Your group leader is ${leader}.` : ''} Just write what is wrong; send "my requests" to see progress.`,
  boundMember: (name, village, roles) => `Bound: ${name} (${village}, ${roles}). Residents' requests will reach you here. Send "help" for commands.`,
  helpResident: 'Just describe the matter in words, e.g. "the street light is out".\n· my requests — progress\n· #1024 — one request\n· after it is resolved reply 1 satisfied / 2 mostly / 3 not satisfied',
  helpMember: 'Commands (replace #12 with the reference):\n· /accept 12\n· /note 12 text\n· /transfer 12 member-code\n· /escalate 12\n· /resolve 12 result\n· /view 12 · /tasks',
  room: {
    ack: 'Got it — I have replied to you privately.',
    linked: (group) => `This chat is now linked to ${group}. I answer here only when @mentioned or given a command; personal matters get a private reply.`,
    needsGroupChat: 'Send this in the group chat you want to link: /linkgroup g3',
    forbidden: "Only the group's leader or the branch secretary can link a chat.",
    unknownGroup: (code) => `There is no group with the code ${code}.`,
  },
  greeting: 'Hello! Tell me what the matter is and I will pass it to the right group leader. Send "help" for how to use me.',
  unsupported: 'For now I can only read text. Please describe the matter in words.',
  receipt: (r, assignee) =>
    `Received, reference ${r.ref}. ${urgentMark(r.urgent)}\nType: ${en.kind[r.kind]}\nAbout: ${r.summary}\n${assignee ? `Passed to ${assignee}; you will hear about progress.` : 'The village will assign someone soon.'}`,
  ask: {
    location: 'Where exactly? A rough place is enough, e.g. the village entrance, or group 3 no. 12. (Send "cancel" to drop it.)',
    parties: 'Who is the dispute with, and about what? (Send "cancel" to drop it.)',
    when: 'When do you need the help? E.g. tomorrow morning. (Send "cancel" to drop it.)',
  },
  draft: {
    cancelled: 'All right, it is dropped. Write any time.',
    nothingToCancel: 'There is nothing to cancel.',
    expired: (summary) => `You did not add the missing detail for "${summary}", so it was not reported. Please tell me again if you need.`,
    followUpAsk: (ref) => `Is this more about ${ref}, or a new matter? Reply 1 add to it / 2 new matter`,
    followUpAdded: (ref) => `Added to ${ref}; the group leader will see it.`,
    addButton: '1 Add to it',
    newButton: '2 New matter',
    joined: (ref, summary) => `This (${summary}) is already being handled as ${ref}. Your household is added and you will hear about progress.`,
  },
  task: (t) =>
    `${urgentMark(t.urgent)}New request ${t.ref} (${en.kind[t.kind]})\n${t.summary}\nHousehold: ${t.household}${t.address ? `, ${t.address}` : ''}\nTheir words: "${t.text}"\nTo accept: /accept ${t.ref.slice(1)}`,
  taskCopy: (t, assignee) =>
    `${urgentMark(t.urgent)}Copy of ${t.ref} (${en.kind[t.kind]}), assigned to ${assignee}\n${t.summary}\nHousehold: ${t.household}${t.address ? `, ${t.address}` : ''}\nTheir words: "${t.text}"`,
  toResident: {
    accepted: (ref, by) => `Your request ${ref} was accepted by ${by} and is being handled.`,
    note: (ref, by, note) => `Update on ${ref} (${by}): ${note}`,
    transferred: (ref, to) => `Your request ${ref} is now handled by ${to}.`,
    escalated: (ref) => `Your request ${ref} was escalated to the village branch secretary.`,
    resolved: (ref, by, result) => `Your request ${ref} was resolved by ${by}: ${result}\nAre you satisfied? Reply 1 satisfied / 2 mostly satisfied / 3 not satisfied`,
    closed: (ref) => `Thank you for your rating; ${ref} is closed.`,
    reopened: (ref) => `Sorry it was not done well. ${ref} is reopened and the branch secretary will follow up.`,
  },
  toLeader: {
    defaultResult: 'done',
    accepted: (ref) => `Accepted ${ref}. When done send: /resolve ${ref.slice(1)} result`,
    note: (ref) => `Note on ${ref} saved and passed to the resident.`,
    transferred: (ref, to) => `${ref} transferred to ${to}.`,
    escalated: (ref) => `${ref} escalated to the branch secretary.`,
    resolved: (ref) => `${ref} resolved; the resident is asked to rate it.`,
    promptNote: (ref) => `Send: /note ${ref.slice(1)} text`,
    promptResolve: (ref) => `Send: /resolve ${ref.slice(1)} result`,
    transferPick: (ref) => `Transfer to whom? Tap a name, or send: /transfer ${ref.slice(1)} member-code`,
    unhappy: (ref, summary) => `The resident is not satisfied with ${ref} (${summary}); it is reopened, please follow up.`,
    transferredAway: (ref, to) => `${ref} was transferred to ${to}; it is no longer yours.`,
    residentNote: (ref, text) => `The resident adds to ${ref}: ${text}`,
    moreHouseholds: (ref, households) => `Another household reported the same matter as ${ref}; ${households} households now.`,
  },
  errors: {
    notFound: (ref) => `No request ${ref} was found; please check the reference.`,
    forbidden: (ref) => `Request ${ref} is not yours to see or change.`,
    leaderOnly: 'That command is for group leaders and village staff. Just write your matter in words.',
    illegal: (ref, status) => `Request ${ref} is "${status}"; that action is not possible now.`,
    unknownMember: (code) => `No village staff member has the code ${code}.`,
    nothingToRate: 'You have no request waiting for a rating.',
    alreadyRated: (ref) => `Request ${ref} has already been rated, thank you!`,
    noAssignee: 'No one is set up to handle this yet; your request is recorded.',
    internal: 'Sorry, something went wrong on our side. Your message is recorded and will be handled.',
  },
  channels: {
    replyWith: (c) => (c.length > 3 ? `Reply:\n${c.map((x) => `· ${x}`).join('\n')}` : `Reply: ${c.join(' / ')}`),
    arg: { note: 'text', resolve: 'result', member: 'member-code' },
    wechatDown: 'Notice: the WeChat bot was logged out; messages residents send on WeChat are not received for now. Please have the operator scan the login QR code again (admin route /api/v1/wechat/login).',
    wechatBack: 'The WeChat bot is logged in again; WeChat messages work as usual.',
  },
  rhythm: {
    topicReceipt: (ref, date, summary) => `Noted as ${ref}. Your topic (${summary}) will be raised at the say-things day on ${date}, face to face with the branch secretary.`,
    reminderBefore: (date, place, days) => `[Say-things day] In ${days} days (${date}) is the village say-things day${place ? ` at ${place}` : ''}. Send me topics now, starting with "说事".`,
    reminderDay: (place) => `[Say-things day] Today is the say-things day${place ? ` at ${place}` : ''}. Come and talk to the secretary, or send me a topic starting with "说事".`,
    agenda: (date, lines) => (lines.length ? `Say-things day ${date}, agenda (${lines.length}):\n${lines.join('\n')}\nRecord: 说事 #ref 结果 text; hand to a leader: 说事 #ref 转办 member-code` : `No topics yet for the say-things day on ${date}.`),
    outcome: (ref, result) => `Your say-things topic ${ref} has an outcome: ${result}\nAre you satisfied? Reply 1 satisfied / 2 mostly / 3 not satisfied`,
    outcomeRecorded: (ref) => `Outcome of ${ref} recorded and sent to the resident.`,
    topicAssigned: (ref, to) => `Topic ${ref} handed to ${to}.`,
    notTopic: (ref) => `${ref} is not a say-things topic.`,
    carriedOver: (ref, date) => `Your topic ${ref} was not finished this time; it carries over to the say-things day on ${date}.`,
    remindAccept: (ref, summary, due) => `[Reminder] ${ref} (${summary}) is not accepted yet; please act before ${due} or it is escalated.`,
    remindResolve: (ref, summary, due) => `[Reminder] ${ref} (${summary}) should be resolved before ${due} or it is escalated.`,
    overdueTakenAway: (ref) => `${ref} is overdue and was escalated automatically.`,
    ratingReminder: (ref, summary) => `Sorry to bother you: ${ref} (${summary}) was resolved. Are you satisfied? Reply 1 satisfied / 2 mostly / 3 not satisfied`,
    closedUnrated: (ref) => `${ref} was closed after three days without a rating. If it was not done well, send "重办 ${ref}" within 7 days.`,
    reopenedByResident: (ref, summary) => `The resident asks to reopen ${ref} (${summary}); please follow up.`,
    reopenOk: (ref) => `${ref} is reopened; someone will follow up.`,
    reopenTooLate: (ref) => `${ref} was closed more than 7 days ago and cannot be reopened. Please describe the matter again as a new one.`,
    monthlyReport: (village, month, table) => `[${village} report for ${month}]\n${table}`,
    ratesLine: (name, r) => `${name ?? 'Village'}: ${r.requests} requests, response ${pct(r.responseRate)}, resolved ${pct(r.resolutionRate)}, satisfied ${pct(r.satisfactionRate)}`,
    agendaLine: (ref, group, summary, households) => `${ref} [${group}] ${summary} (${households} household${households === 1 ? '' : 's'})`,
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
    `${urgentMark(r.urgent)}Request ${r.ref} (${en.kind[r.kind]}) · ${en.status[r.status]}\n${r.summary}\nHandled by: ${assignee ?? 'not yet assigned'}\n${timeline
      .map((e) => `${e.at} ${en.event[e.type] ?? e.type}${e.actor ? ` · ${e.actor}` : ''}${e.note ? `: ${e.note}` : ''}`)
      .join('\n')}`,
};

import type { HouseholdLabel, MemberLabel } from '../domain/people.resolve.js';

/** How people are named to people: by name, group and address, never by a roster code. */
export interface PeopleTexts {
  /** "李海生（二组，组长）", "郭长顺（调解员）": also what a person may type back to mean exactly that member. */
  member: (l: MemberLabel) => string;
  /** "杨志强家（三组1号）". */
  household: (l: HouseholdLabel) => string;
  /** Several fit what was typed: the buttons name each; `forms` are the same choices to type. */
  whichMember: (typed: string, forms: string[]) => string;
  whichHousehold: (typed: string, forms: string[]) => string;
  /** Nobody of the village fits: who is close, and how to write it. */
  noMember: (typed: string, close: string[], example: string) => string;
  noHousehold: (typed: string, close: string[], example: string) => string;
  /** `查 杨志强` by a member: the household's requests they may see (`lines`: "#1002 报修 · 已派单 · …"), and how many others. */
  householdRequests: (household: string, lines: string[], others: number) => string;
  /** The command to type for one household of several: `查 杨志强家（三组1号）`. */
  lookupForm: (who: string) => string;
  /** `查` with a name from a resident: residents look up their own requests by number. */
  lookupResident: string;
}

const zhPlace: Record<string, string> = {
  leader: '组长',
  deputy: '副组长',
  mediator: '调解员',
  secretary: '书记',
  town_staff: '镇干部',
  county_staff: '县干部',
  group_leader: '组长',
};
const enPlace: Record<string, string> = {
  leader: 'leader',
  deputy: 'deputy',
  mediator: 'mediator',
  secretary: 'secretary',
  town_staff: 'town staff',
  county_staff: 'county staff',
  group_leader: 'leader',
};
const q = (s: string) => `「${s}」`;

export const zh: PeopleTexts = {
  member: (l) => {
    const about = [l.group, l.role ? (zhPlace[l.role] ?? null) : null].filter(Boolean);
    return about.length ? `${l.name}（${about.join('，')}）` : l.name;
  },
  household: (l) => `${l.head}家${l.address ? `（${l.address}）` : l.group ? `（${l.group}）` : ''}`,
  whichMember: (typed, forms) =>
    `村里有 ${forms.length} 位${q(typed)}，请点一位，或发送：\n${forms.map((f) => `· ${f}`).join('\n')}`,
  whichHousehold: (typed, forms) =>
    `村里有 ${forms.length} 户对得上${q(typed)}，请点一户，或发送：\n${forms.map((f) => `· ${f}`).join('\n')}`,
  noMember: (typed, close, example) =>
    `本村的村干部里没有${q(typed)}。${close.length ? `您是不是说：${close.join('、')}？` : ''}\n请写姓名，同名的加上组别，例如：${example}`,
  noHousehold: (typed, close, example) =>
    `本村没有找到${q(typed)}这一户。${close.length ? `相近的有：${close.join('、')}。` : ''}\n请写户主姓名或门牌，例如：${example}`,
  householdRequests: (household, lines, others) =>
    `${household}的诉求：\n${lines.length ? lines.join('\n') : '（没有您能看的诉求）'}${others ? `\n另有 ${others} 件由别人负责，书记能看到。` : ''}\n发“查 编号”看详情。`,
  lookupForm: (who) => `查 ${who}`,
  lookupResident: '查诉求请发“查”加编号，例如：查 1002。发“我的诉求”看您家所有的诉求。',
};

export const en: PeopleTexts = {
  member: (l) => {
    const about = [l.group, l.role ? (enPlace[l.role] ?? null) : null].filter(Boolean);
    return about.length ? `${l.name} (${about.join(', ')})` : l.name;
  },
  household: (l) => `${l.head}家${l.address ? ` (${l.address})` : l.group ? ` (${l.group})` : ''}`,
  whichMember: (typed, forms) =>
    `${forms.length} members of the village match "${typed}". Tap one, or send:\n${forms.map((f) => `· ${f}`).join('\n')}`,
  whichHousehold: (typed, forms) =>
    `${forms.length} households match "${typed}". Tap one, or send:\n${forms.map((f) => `· ${f}`).join('\n')}`,
  noMember: (typed, close, example) =>
    `No village staff member is called "${typed}".${close.length ? ` Did you mean: ${close.join(', ')}?` : ''}\nWrite the name, with the group when two share it, e.g. ${example}`,
  noHousehold: (typed, close, example) =>
    `No household of the village matches "${typed}".${close.length ? ` Close: ${close.join(', ')}.` : ''}\nWrite the head's name or the house number, e.g. ${example}`,
  householdRequests: (household, lines, others) =>
    `Requests of ${household}:\n${lines.length ? lines.join('\n') : '(none you may see)'}${others ? `\n${others} more are handled by others; the secretary sees them.` : ''}\nSend "查 <number>" for details.`,
  lookupForm: (who) => `查 ${who}`,
  lookupResident:
    "To look up a request, send 查 and its number, e.g. 查 1002. Send 我的诉求 to see all of your household's.",
};

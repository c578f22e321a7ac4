/** The desk's ledger export links and its Excel roster page, Chinese first. */
export interface DeskRosterSummary {
  village: string;
  households: number;
  members: number;
  groups: number;
  generated: number;
  changed: number;
  revoked: number;
}

export interface DeskRosterTexts {
  exportHeading: string;
  exportCsv: string;
  exportXlsx: string;
  /** Which period the links export: the board's from/to, or this month. */
  exportPeriod: (from: string | undefined, to: string | undefined) => string;
  heading: string;
  intro: string;
  template: string;
  /** Printing the contact cards (联心卡), the whole village or one group. */
  cards: string;
  cardsOfGroup: (group: string) => string;
  uploadHeading: string;
  file: string;
  check: string;
  sizeHint: (mb: number) => string;
  problemsHeading: (n: number) => string;
  columns: { sheet: string; row: string; column: string; problem: string };
  nothingWritten: string;
  valid: string;
  wouldImport: (s: DeskRosterSummary) => string;
  importButton: string;
  imported: (s: DeskRosterSummary) => string;
  notAllowed: string;
  noFile: string;
  notXlsx: string;
  tooLarge: (mb: number) => string;
  otherVillage: (village: string) => string;
  expired: string;
  /** Too many card codes that cannot be used, this hour: checks wait (they count as wrong binding codes). */
  checksPaused: (retryAt: string) => string;
}

const summaryZh = (s: DeskRosterSummary) =>
  `${s.groups} 个组、${s.households} 户、${s.members} 名成员；新生成绑定码 ${s.generated} 个${s.changed ? `，换发 ${s.changed} 个（旧卡作废，${s.revoked} 个账号解绑）` : ''}。`;
const summaryEn = (s: DeskRosterSummary) =>
  `${s.groups} groups, ${s.households} households, ${s.members} members; ${s.generated} card codes generated${s.changed ? `, ${s.changed} re-issued (old cards void, ${s.revoked} accounts unbound)` : ''}.`;

export const zh: DeskRosterTexts = {
  exportHeading: '导出台账',
  exportCsv: '导出台账 CSV',
  exportXlsx: '导出台账 Excel',
  exportPeriod: (from, to) => (from || to ? `时间：${from ?? '最早'} 至 ${to ?? '今天'}` : '时间：本月'),
  heading: '花名册',
  intro:
    '下载花名册模板（已填好本村现有的户和成员），在 Excel 里修改后上传。上传后先逐行检查，不会写入任何内容；检查无误再点“导入”。',
  template: '下载花名册模板（Excel）',
  cards: '打印全村联心卡',
  cardsOfGroup: (group) => `打印${group}联心卡`,
  uploadHeading: '上传花名册',
  file: '花名册文件（.xlsx）',
  check: '上传并检查',
  sizeHint: (mb) => `文件不超过 ${mb} MB。`,
  problemsHeading: (n) => `发现 ${n} 处问题，请在 Excel 里改好后重新上传：`,
  columns: { sheet: '工作表', row: '行', column: '列', problem: '问题' },
  nothingWritten: '本次没有写入任何内容。',
  valid: '检查通过，没有发现问题。',
  wouldImport: (s) => `导入后将有：${summaryZh(s)}`,
  importButton: '导入花名册',
  imported: (s) => `花名册已导入：${summaryZh(s)}`,
  notAllowed: '花名册只有村党支部书记可以导入。如需修改，请联系村书记。',
  noFile: '请选择一个 .xlsx 花名册文件再上传。',
  notXlsx: '这个文件不是 Excel（.xlsx）文件，请用下载的模板填写后上传。',
  tooLarge: (mb) => `文件太大，不能超过 ${mb} MB。`,
  otherVillage: (v) => `这个文件是 ${v} 的花名册，您只能导入本村的花名册。`,
  expired: '上传的文件已过期，请重新上传并检查。',
  checksPaused: (at) =>
    `这一小时里“不能使用”的绑定码太多了，为了安全，花名册检查暂停到 ${at}。请把绑定码留空（由系统生成），或到时候再试。`,
};

export const en: DeskRosterTexts = {
  exportHeading: 'Export the ledger',
  exportCsv: 'Ledger as CSV',
  exportXlsx: 'Ledger as Excel',
  exportPeriod: (from, to) => (from || to ? `Period: ${from ?? 'start'} to ${to ?? 'today'}` : 'Period: this month'),
  heading: 'Roster',
  intro:
    "Download the roster template (filled in with the village's households and members), edit it in Excel and upload it. The upload is checked row by row first and nothing is written; import it once the check passes.",
  template: 'Download the roster template (Excel)',
  cards: "Print the village's contact cards",
  cardsOfGroup: (group) => `Print ${group}'s cards`,
  uploadHeading: 'Upload a roster',
  file: 'Roster file (.xlsx)',
  check: 'Upload and check',
  sizeHint: (mb) => `At most ${mb} MB.`,
  problemsHeading: (n) => `${n} problem(s) found; correct them in Excel and upload again:`,
  columns: { sheet: 'Sheet', row: 'Row', column: 'Column', problem: 'Problem' },
  nothingWritten: 'Nothing was written.',
  valid: 'The check passed: no problems found.',
  wouldImport: (s) => `After the import: ${summaryEn(s)}`,
  importButton: 'Import the roster',
  imported: (s) => `Roster imported: ${summaryEn(s)}`,
  notAllowed: "Only the village's branch secretary may import the roster. Please ask the secretary for changes.",
  noFile: 'Choose a .xlsx roster file to upload.',
  notXlsx: 'This file is not an Excel (.xlsx) file: fill in the downloaded template and upload that.',
  tooLarge: (mb) => `The file is too large: at most ${mb} MB.`,
  otherVillage: (v) => `This file is the roster of ${v}; you may import your own village's roster only.`,
  expired: 'The uploaded file has expired: upload and check it again.',
  checksPaused: (at) =>
    `Too many card codes that cannot be used this hour: for safety, roster checks wait until ${at}. Leave card codes empty (they are generated), or try again then.`,
};

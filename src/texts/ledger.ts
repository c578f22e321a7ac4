/**
 * The ledger (台账) exports, the Excel roster (template and validation report) and the Open311 interface:
 * column headers, sheet names and the problems a secretary reads.
 */
export interface LedgerTexts {
  /** The ledger's columns, in order. */
  columns: {
    ref: string;
    village: string;
    kind: string;
    status: string;
    urgent: string;
    summary: string;
    text: string;
    household: string;
    head: string;
    address: string;
    group: string;
    assignee: string;
    submittedAt: string;
    acceptedAt: string;
    resolvedAt: string;
    closedAt: string;
    acceptDue: string;
    resolveDue: string;
    overdue: string;
    resolution: string;
    rating: string;
    /** Who filed it for the household (代报), when a member did. */
    filedBy: string;
  };
  timelineColumns: { ref: string; at: string; event: string; actor: string; note: string };
  sheets: { requests: string; timeline: string };
  yes: string;
  no: string;
  actor: { system: string; resident: string };
  /** The file names offered for download (without the extension). */
  fileName: (village: string, period: string) => string;
  /** The roster workbook: sheet names, column headers, notes and the problems of the validation report. */
  roster: {
    sheets: { guide: string; village: string; households: string; members: string };
    village: {
      item: string;
      value: string;
      note: string;
      code: string;
      name: string;
      town: string;
      county: string;
      sayThingsDay: string;
      sayThingsPlace: string;
      sayThingsTime: string;
      reminderDaysBefore: string;
      reminderHour: string;
      quietFrom: string;
      quietUntil: string;
      timezone: string;
    };
    villageNotes: Record<
      | 'code'
      | 'name'
      | 'town'
      | 'county'
      | 'sayThingsDay'
      | 'sayThingsPlace'
      | 'sayThingsTime'
      | 'reminderDaysBefore'
      | 'reminderHour'
      | 'quietFrom'
      | 'quietUntil'
      | 'timezone',
      string
    >;
    households: {
      groupCode: string;
      groupName: string;
      leader: string;
      deputy: string;
      code: string;
      head: string;
      address: string;
      bindCode: string;
      special: string;
    };
    members: { code: string; name: string; roles: string; bindCode: string; away: string };
    /** Words a secretary may write in the 角色 column, per role. */
    roleWords: Record<string, string[]>;
    yesWords: string[];
    guide: string[];
    problems: {
      required: string;
      missingColumn: (column: string) => string;
      missingSheet: (sheet: string) => string;
      notANumber: string;
      outOfRange: (min: number, max: number) => string;
      unknownRole: (word: string) => string;
      tooLong: (max: number) => string;
      groupDiffers: (group: string, column: string, first: number) => string;
      duplicate: (code: string) => string;
      unknownMember: (code: string) => string;
      unknownGroup: (code: string) => string;
      unknownCareReason: (word: string) => string;
      newGroupNoName: (code: string) => string;
      bindCodeTaken: (code: string) => string;
      /** A code another village holds: said neutrally, never that it exists elsewhere. */
      bindCodeOtherVillage: (code: string) => string;
      bindCodeFormat: string;
      keptCodeClash: (kept: string) => string;
      timezone: string;
      notAWorkbook: string;
      reservedCode: string;
      other: (message: string) => string;
      /** A town or county role this importer may not give or take away (only the admin or that town/county). */
      roleNotYours: (role: string) => string;
      /** The village's town or county, set only by the admin (the town also by the county). */
      placeNotYours: (field: 'town' | 'county') => string;
      /** A member holding a town or county role left out of the file: only the admin or that town/county removes them. */
      leftOutNotYours: (code: string, role: string) => string;
      /** A village the importer does not oversee (a new one, or another's). */
      villageNotYours: string;
      tooManyRows: (max: number) => string;
    };
  };
  open311: {
    /** The household requests filed through Open311 without a household are attached to. */
    unattached: string;
    /** The resident named on a request filed by another system without a name. */
    reporter: (client: string) => string;
    serviceDescription: Record<string, string>;
    errors: {
      badKey: string;
      missing: (field: string) => string;
      invalid: (field: string) => string;
      unknownService: (code: string) => string;
      unknownJurisdiction: (code: string) => string;
      jurisdictionRequired: string;
      unknownAddress: (id: string) => string;
      notFound: (id: string) => string;
      noAssignee: string;
      notConfigured: string;
    };
    statusNotes: { withdrawn: string; invalid: (reason: string) => string; unrated: string };
  };
}

export const zh: LedgerTexts = {
  columns: {
    ref: '编号',
    village: '村',
    kind: '类别',
    status: '状态',
    urgent: '紧急',
    summary: '摘要',
    text: '原话',
    household: '户编号',
    head: '户主',
    address: '地址',
    group: '组',
    assignee: '负责人',
    submittedAt: '提交时间',
    acceptedAt: '接单时间',
    resolvedAt: '办结时间',
    closedAt: '完结时间',
    acceptDue: '接单时限',
    resolveDue: '办结时限',
    overdue: '超时',
    resolution: '办理结果',
    rating: '评价',
    filedBy: '代报人',
  },
  timelineColumns: { ref: '编号', at: '时间', event: '事项', actor: '经办人', note: '内容' },
  sheets: { requests: '诉求台账', timeline: '办理过程' },
  yes: '是',
  no: '否',
  actor: { system: '系统', resident: '住户' },
  fileName: (village, period) => `${village}-台账-${period}`,
  roster: {
    sheets: { guide: '填写说明', village: '村', households: '户', members: '成员' },
    village: {
      item: '项目',
      value: '填写',
      note: '说明',
      code: '村编号',
      name: '村名',
      town: '镇',
      county: '县',
      sayThingsDay: '说事日',
      sayThingsPlace: '说事地点',
      sayThingsTime: '说事时间',
      reminderDaysBefore: '提前几天提醒',
      reminderHour: '提醒时间（点）',
      quietFrom: '免打扰开始（点）',
      quietUntil: '免打扰结束（点）',
      timezone: '时区',
    },
    villageNotes: {
      code: '必填，字母或拼音，如 xiaoyingdian，导入后不要再改',
      name: '必填，如 小营店村',
      town: '所属镇（乡），镇干部据此看到本村',
      county: '所属县',
      sayThingsDay: '每月几号是支部说事日（1–31），不填为 10',
      sayThingsPlace: '说事日在哪里开，提醒里会写上，如 村委会二楼会议室',
      sayThingsTime: '说事日几点开始，提醒和回执里会写上，如 9:00（不填则不写时间）',
      reminderDaysBefore: '说事日前几天提醒住户（0–27），不填为 3',
      reminderHour: '提醒在几点发（0–23），不填为 8',
      quietFrom: '晚上几点起不打扰住户（0–23），不填为 21',
      quietUntil: '早上几点后再发（0–23），不填为 7',
      timezone: '不填为 Asia/Shanghai（北京时间）',
    },
    households: {
      groupCode: '组编号',
      groupName: '组名',
      leader: '组长编号',
      deputy: '副组长编号',
      code: '户编号',
      head: '户主',
      address: '地址',
      bindCode: '绑定码',
      special: '特殊户',
    },
    members: { code: '成员编号', name: '姓名', roles: '角色', bindCode: '绑定码', away: '暂不在村' },
    roleWords: {
      group_leader: ['组长', '互助组组长', '网格员', 'group_leader'],
      secretary: ['书记', '支书', '村党支部书记', 'secretary'],
      mediator: ['调解员', '五老', 'mediator'],
      town_staff: ['镇干部', '镇', 'town_staff'],
      county_staff: ['县干部', '县', 'county_staff'],
    },
    yesWords: ['是', '√', '✓', 'y', 'yes', 'true', '1'],
    guide: [
      '邻里 · 村花名册（Excel）填写说明',
      '1. “村”表：填本村的编号、村名和说事日等设置。',
      '2. “户”表：一行一户。组编号、组名、组长编号写在该组的第一行即可，同组后面的行可以只写组编号。',
      '3. “成员”表：组长、副组长、书记、调解员、镇干部各一行；角色可写多个，用顿号隔开，如 组长、调解员。',
      '4. 绑定码可以不填，系统会生成 9 位的码（如 K7Q-M3X-PA9）；已印好联心卡的，照卡上的码填写。',
      '5. 编号（村、组、户、成员）导入后请不要再改：再次导入按编号更新，不会重复。',
      '6. 上传时可以先“只检查”：系统逐行列出问题（哪张表、第几行、哪一列、什么问题），什么都不会写入。',
      '7. “特殊户”一列：独居老人、残疾、留守儿童、低保、五保、其他，组长按时入户走访；不是特殊户就空着。',
    ],
    problems: {
      required: '必须填写',
      missingColumn: (column) => `缺少“${column}”这一列`,
      missingSheet: (sheet) => `缺少“${sheet}”表`,
      notANumber: '应当是数字',
      outOfRange: (min, max) => `应在 ${min} 到 ${max} 之间`,
      unknownRole: (word) => `看不懂角色“${word}”（可写：组长、书记、调解员、镇干部、县干部）`,
      tooLong: (max) => `太长了（最多 ${max} 个字）`,
      groupDiffers: (group, column, first) => `组 ${group} 的“${column}”与第 ${first} 行不一致`,
      duplicate: (code) => `编号 ${code} 重复了`,
      unknownMember: (code) => `成员表里没有编号 ${code}`,
      unknownGroup: (code) => `没有组 ${code}`,
      unknownCareReason: (word) =>
        `看不懂特殊户“${word}”（可写：独居老人、残疾、留守儿童、低保、五保、其他，不是特殊户就空着）`,
      newGroupNoName: (code) => `组 ${code} 第一次出现，请在这一行填写组名（组编号写错了吗？）`,
      bindCodeTaken: (code) => `绑定码 ${code} 已经给了别人`,
      bindCodeOtherVillage: (code) => `绑定码 ${code} 不能使用，请换一个（或留空，由系统生成）`,
      bindCodeFormat: '绑定码应为 4–16 位字母或数字',
      keptCodeClash: (kept) => `没填绑定码，而它原来的码 ${kept} 这次给了别人，请填一个新码`,
      timezone: '不认识这个时区（如 Asia/Shanghai）',
      notAWorkbook: '不是 Excel 文件（.xlsx），请用模板另存为 .xlsx 再上传',
      reservedCode: '编号不能以 ~ 开头',
      other: (message) => `有误：${message}`,
      roleNotYours: (role) => `“${role}”只能由管理员或上级（镇、县）设置或取消，村里导入的花名册不能改`,
      placeNotYours: (field) =>
        `本村所属的${field === 'town' ? '乡镇' : '县'}只能由管理员${field === 'town' ? '或县里' : ''}修改，请保持原样`,
      leftOutNotYours: (code, role) =>
        `成员 ${code}（${role}）不在文件里：${role}只能由管理员或上级停用，请把这一行保留`,
      villageNotYours: '只能导入本村的花名册',
      tooManyRows: (max) => `行数太多了：一张表最多 ${max} 行，读到这一行就停了。请删去空行或分开导入`,
    },
  },
  open311: {
    unattached: '外部系统报告（未关联住户）',
    reporter: (client) => `外部系统 ${client}`,
    serviceDescription: {
      repair: '家里或公共设施坏了：壁挂炉、路灯、水管',
      help: '需要帮忙或代办：送医、收粮、代办证件',
      inquiry: '政策咨询：医保、低保、补贴',
      hazard: '安全隐患：电线冒火花、护栏断了、煤气味',
      dispute: '邻里纠纷：宅基地、欠钱、赡养',
      say_things: '想在支部说事日当面反映的事',
      proposal: '给村里的建议',
    },
    errors: {
      badKey: 'api_key 无效 / invalid api_key',
      missing: (field) => `缺少 ${field} / ${field} is required`,
      invalid: (field) => `${field} 有误 / ${field} is invalid`,
      unknownService: (code) => `没有服务 ${code} / unknown service_code ${code}`,
      unknownJurisdiction: (code) => `没有村 ${code} / unknown jurisdiction_id ${code}`,
      jurisdictionRequired:
        '本服务有多个村，请给 jurisdiction_id（村编号）/ jurisdiction_id (the village code) is required',
      unknownAddress: (id) => `没有户 ${id} / unknown address_id ${id}`,
      notFound: (id) => `没有诉求 ${id} / no service request ${id}`,
      noAssignee: '村里没有可以接单的人 / nobody in the village can take the request',
      notConfigured: '本服务未开放 Open311 提交 / Open311 submissions are not enabled here',
    },
    statusNotes: { withdrawn: '住户已撤回', invalid: (reason) => `已作废：${reason}`, unrated: '已办结，住户未评价' },
  },
};

export const en: LedgerTexts = {
  columns: {
    ref: 'Ref',
    village: 'Village',
    kind: 'Kind',
    status: 'Status',
    urgent: 'Urgent',
    summary: 'Summary',
    text: 'Words',
    household: 'Household code',
    head: 'Head',
    address: 'Address',
    group: 'Group',
    assignee: 'Assignee',
    submittedAt: 'Submitted',
    acceptedAt: 'Accepted',
    resolvedAt: 'Resolved',
    closedAt: 'Closed',
    acceptDue: 'Accept by',
    resolveDue: 'Resolve by',
    overdue: 'Overdue',
    resolution: 'Result',
    rating: 'Rating',
    filedBy: 'Filed by',
  },
  timelineColumns: { ref: 'Ref', at: 'Time', event: 'Event', actor: 'By', note: 'Content' },
  sheets: { requests: 'Ledger', timeline: 'Timeline' },
  yes: 'yes',
  no: 'no',
  actor: { system: 'system', resident: 'resident' },
  fileName: (village, period) => `${village}-ledger-${period}`,
  roster: {
    sheets: { guide: 'Guide', village: 'Village', households: 'Households', members: 'Members' },
    village: {
      item: 'Item',
      value: 'Value',
      note: 'Note',
      code: 'Village code',
      name: 'Name',
      town: 'Town',
      county: 'County',
      sayThingsDay: 'Say-things day',
      sayThingsPlace: 'Say-things place',
      sayThingsTime: 'Say-things time',
      reminderDaysBefore: 'Remind days before',
      reminderHour: 'Reminder hour',
      quietFrom: 'Quiet from (hour)',
      quietUntil: 'Quiet until (hour)',
      timezone: 'Time zone',
    },
    villageNotes: {
      code: 'required, letters, e.g. xiaoyingdian; keep it once imported',
      name: 'required',
      town: 'the town (its staff see this village)',
      county: 'the county',
      sayThingsDay: 'day of the month (1–31), default 10',
      sayThingsPlace: 'where it is held, named in reminders',
      sayThingsTime: 'when it starts, e.g. 9:00, named in reminders and receipts (empty: no time)',
      reminderDaysBefore: 'days before to remind residents (0–27), default 3',
      reminderHour: 'hour reminders go out (0–23), default 8',
      quietFrom: 'no news to residents from this hour (0–23), default 21',
      quietUntil: 'until this hour (0–23), default 7',
      timezone: 'default Asia/Shanghai',
    },
    households: {
      groupCode: 'Group code',
      groupName: 'Group name',
      leader: 'Leader code',
      deputy: 'Deputy code',
      code: 'Household code',
      head: 'Head',
      address: 'Address',
      bindCode: 'Card code',
      special: 'Special',
    },
    members: { code: 'Member code', name: 'Name', roles: 'Roles', bindCode: 'Card code', away: 'Away' },
    roleWords: zh.roster.roleWords,
    yesWords: zh.roster.yesWords,
    guide: [
      'Linli · village roster (Excel)',
      '1. Village: the code, name and say-things settings.',
      "2. Households: one row each; a group's name and leader on its first row are enough.",
      '3. Members: leaders, deputies, the secretary, mediators, town staff; several roles separated by 、.',
      '4. Card codes may be left empty: 9-character codes are generated.',
      '5. Keep codes once imported: a re-import updates by code.',
      '6. Check first (dry run): the problems are listed by sheet, row and column; nothing is written.',
    ],
    problems: {
      required: 'required',
      missingColumn: (column) => `the column "${column}" is missing`,
      missingSheet: (sheet) => `the sheet "${sheet}" is missing`,
      notANumber: 'must be a number',
      outOfRange: (min, max) => `must be between ${min} and ${max}`,
      unknownRole: (word) => `unknown role "${word}"`,
      tooLong: (max) => `too long (at most ${max})`,
      groupDiffers: (group, column, first) => `group ${group}: "${column}" differs from row ${first}`,
      duplicate: (code) => `code ${code} appears twice`,
      unknownMember: (code) => `no member ${code} in the members sheet`,
      unknownGroup: (code) => `no group ${code}`,
      unknownCareReason: (word) =>
        `unknown care reason "${word}" (elderly_alone, disabled, left_behind_child, dibao, wubao, other; empty when none)`,
      newGroupNoName: (code) =>
        `group ${code} appears here first: give its name on this row (or is the code mistyped?)`,
      bindCodeTaken: (code) => `card code ${code} is already given to someone else`,
      bindCodeOtherVillage: (code) =>
        `card code ${code} cannot be used: choose another (or leave it empty to have one generated)`,
      bindCodeFormat: 'card codes are 4–16 letters or digits',
      keptCodeClash: (kept) => `no card code, and its old code ${kept} is given to someone else: give it a new one`,
      timezone: 'unknown time zone (e.g. Asia/Shanghai)',
      notAWorkbook: 'not an Excel workbook (.xlsx)',
      reservedCode: 'codes may not start with ~',
      other: (message) => `invalid: ${message}`,
      roleNotYours: (role) =>
        `"${role}" is given or taken away only by the admin or the town/county, not by a village's roster`,
      placeNotYours: (field) =>
        `the village's ${field} is changed only by the admin${field === 'town' ? ' or the county' : ''}: leave it as it is`,
      leftOutNotYours: (code, role) =>
        `member ${code} (${role}) is not in the file: only the admin or the town/county removes a ${role}; keep the row`,
      villageNotYours: "you may import your own village's roster only",
      tooManyRows: (max) =>
        `too many rows: a sheet has at most ${max}, and reading stopped at this one. Delete empty rows or import in parts`,
    },
  },
  open311: {
    unattached: 'Reports from other systems (no household)',
    reporter: (client) => `external system ${client}`,
    serviceDescription: {
      repair: 'Something broken at home or in public: boiler, street light, pipe',
      help: "Practical help or paperwork done on someone's behalf",
      inquiry: 'Policy questions: insurance, subsidies',
      hazard: 'Safety hazards: sparks, broken railings, gas smell',
      dispute: 'Disputes between neighbours: land, money, family support',
      say_things: 'To raise face to face on say-things day',
      proposal: 'Proposals for the village',
    },
    errors: zh.open311.errors,
    statusNotes: {
      withdrawn: 'withdrawn by the resident',
      invalid: (reason) => `closed as invalid: ${reason}`,
      unrated: 'resolved, not rated',
    },
  },
};

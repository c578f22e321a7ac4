/**
 * What the operator reads in the terminal (npm start, npm run linli): both languages at once, since
 * a county engineer may read either and the terminal has no language setting we could trust.
 */

interface ImportFigures {
  village: string;
  members: number;
  groups: number;
  households: number;
  generated?: number;
  changed?: number;
  revoked?: number;
  deactivated?: number;
  moved?: number;
}

interface LockHolder {
  pid: number;
  role: 'service' | 'cli';
  address: string | null;
  startedAt: string;
}

interface CardLine {
  kind: 'household' | 'member';
  code: string;
  name: string;
  address: string | null;
  group: { code: string; name: string } | null;
  roles: string[];
  display: string;
}

/** Columns line up in a terminal: a CJK character takes two cells. */
const cells = (s: string) =>
  [...s].reduce(
    (n, c) =>
      n +
      (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1),
    0,
  );
const pad = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - cells(s)));
function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => cells(r[i] ?? ''))));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

const who = (h: LockHolder) =>
  `${h.role === 'service' ? 'npm start' : 'npm run linli'} (pid ${h.pid}${h.address ? `, ${h.address}` : ''}${h.startedAt ? `, since ${h.startedAt}` : ''})`;

export const consoleTexts = {
  cliUsage: [
    '用法 Usage:',
    '  npm run linli -- roster import <file.json>                   导入或更新一个村的花名册 / import or update a village roster',
    '  npm run linli -- cards <village> [--html cards.html] [--bot <username>] [--lang zh|en]',
    '                                                               列出联心卡绑定码并生成可打印的卡片 / list the card codes, write a printable sheet',
    '  npm run linli -- labels export [--out confirmed.jsonl]         导出住户确认过的类别，供训练 / export the kinds residents confirmed, for training',
    '  npm run linli -- demo remove                                 删除演示村及其全部数据 / delete the demo village and everything of it',
    '  npm run linli -- backup [--out file.tar.gz]                  备份数据库、照片和语音（服务运行时也可以）/ back up the database and media (the service may be running)',
    '  npm run linli -- restore <file.tar.gz> [--data-dir dir]      恢复到空的数据文件夹或空数据库 / restore into an empty data folder or database',
    '  npm run linli -- wechat-mp menu                              写入服务号菜单（含“在网页里说”）/ write the Official Account menu (with its web chat item)',
  ].join('\n'),
  labelsWritten: (n: number, file: string) =>
    `已导出 ${n} 条住户确认的类别到 ${file}\nWrote ${n} confirmed labels to ${file}`,
  cannotRead: (file: string, why: string) => `无法读取 ${file}：${why}\nCannot read ${file}: ${why}`,
  imported: (s: ImportFigures) => {
    const zh = [`已导入 ${s.village}：${s.members} 名村干部，${s.groups} 个互助组，${s.households} 户`];
    const en = [`Imported ${s.village}: ${s.members} members, ${s.groups} groups, ${s.households} households`];
    if (s.generated !== undefined) {
      zh.push(
        `  新生成绑定码 ${s.generated} 个，换卡 ${s.changed ?? 0} 张，解绑账号 ${s.revoked ?? 0} 个，停用成员 ${s.deactivated ?? 0} 名，转给书记的未办事项 ${s.moved ?? 0} 件`,
      );
      en.push(
        `  generated ${s.generated} card codes, changed ${s.changed ?? 0}, revoked ${s.revoked ?? 0} accounts, deactivated ${s.deactivated ?? 0} members, moved ${s.moved ?? 0} open tasks to the secretary`,
      );
    }
    return [...zh, ...en].join('\n');
  },
  rosterRejected: (issues: string[]) =>
    `花名册有误，未做任何修改 / Roster rejected, nothing changed:\n${issues.map((i) => `  ${i}`).join('\n')}`,
  badConfig: (details: string) =>
    `${details}\n配置有误，服务未启动。请检查上面列出的环境变量。\nThe configuration is invalid; the service did not start. Check the variables listed above.`,

  // One process per embedded database (LINLI_DATA_DIR/linli.lock)
  alreadyRunning: (h: LockHolder, dataDir: string) =>
    [
      `数据目录 ${dataDir} 正由 ${who(h)} 使用，服务未启动：内置数据库只能由一个进程打开。`,
      h.role === 'service'
        ? '  请先停止正在运行的服务；导入花名册等命令可直接运行 npm run linli，它会交给正在运行的服务执行。'
        : '  请等这个命令结束后再启动。',
      `The data folder ${dataDir} is in use by ${who(h)}; the service did not start: the embedded database can be opened by one process only.`,
      h.role === 'service'
        ? '  Stop the running service first; commands such as npm run linli -- roster import are sent to the running service.'
        : '  Start again once that command has finished.',
    ].join('\n'),
  lockTakenOver: (h: LockHolder, file: string) =>
    `接管了过期的锁 ${file}（原进程 ${h.pid} 已不在）/ took over the stale lock ${file} (process ${h.pid} is gone)`,
  viaService: (address: string) =>
    `服务正在运行，命令交给 ${address} 执行 / the service is running: sending the command to ${address}`,
  cliBusy: (h: LockHolder, dataDir: string) =>
    `数据目录 ${dataDir} 正由 ${who(h)} 使用，请等它结束后再试 / The data folder ${dataDir} is in use by ${who(h)}: try again once it has finished.`,
  serviceNotReady: (h: LockHolder) =>
    `服务 ${who(h)} 正在启动，还没有地址，未做任何修改；请稍后再试 / The service ${who(h)} is still starting and has no address yet; nothing was changed. Try again in a moment.`,
  serviceFailed: (address: string, why: string) =>
    [
      `服务正在运行（${address}），但无法通过它执行命令：${why}`,
      '  未做任何修改。内置数据库只能由服务进程打开，所以这里不会直接写入；请检查服务和管理令牌（LINLI_ADMIN_TOKEN 或数据目录下的 admin-token）后重试。',
      `The service is running (${address}) but the command could not be sent to it: ${why}`,
      '  Nothing was changed. The embedded database belongs to the service process, so this command does not write to it; check the service and the admin token (LINLI_ADMIN_TOKEN or admin-token in the data folder) and try again.',
    ].join('\n'),
  outcomeUnknown: (address: string, why: string) =>
    [
      `命令已发给服务（${address}），但没有收到答复：${why}`,
      '  不确定是否已导入。重新导入同一文件是安全的（按编号更新，不会重复），请再运行一次确认。',
      `The command was sent to the service (${address}) but no answer came back: ${why}`,
      '  It is not known whether the roster was imported. Importing the same file again is safe (it updates by code, never duplicates): run it again to be sure.',
    ].join('\n'),

  // Contact cards (联心卡)
  unknownVillage: (code: string) => `没有编号为 ${code} 的村 / No village with the code ${code}`,
  cardsTable: (village: { code: string; name: string }, cards: CardLine[]) => {
    const hs = cards.filter((c) => c.kind === 'household');
    const ms = cards.filter((c) => c.kind === 'member');
    return [
      `${village.name}（${village.code}）联心卡 / contact cards: ${hs.length} 户 households, ${ms.length} 名村干部 members`,
      '',
      ...table([
        ['户号 household', '地址 address', '户主 head', '绑定码 card code'],
        ...hs.map((c) => [c.code, c.address ?? '', c.name, c.display]),
      ]),
      '',
      ...table([
        ['编号 member', '姓名 name', '职务 roles', '绑定码 card code'],
        ...ms.map((c) => [c.code, c.name, c.roles.join(','), c.display]),
      ]),
    ].join('\n');
  },
  cardsWritten: (file: string, n: number, link: string | null) =>
    `已写入 ${file}：${n} 张卡片，每页 8 张（A4）${link ? `，二维码为 ${link} 链接` : '，二维码为绑定码本身（设置 TELEGRAM_BOT_USERNAME 或 --bot 可改为 Telegram 链接）'}\n` +
    `Wrote ${file}: ${n} cards, 8 to an A4 page${link ? `, QR codes of ${link} links` : '; QR codes of the card code itself (set TELEGRAM_BOT_USERNAME or --bot for Telegram links)'}`,

  // The demo village (a sandbox: its codes are public)
  demoLoaded: (s: { village: string; households: number; groups: number }) =>
    `  演示模式：已创建演示村 ${s.village}（${s.households} 户，${s.groups} 个组），它的绑定码是公开的 / demo mode: demo village ${s.village} created (${s.households} households in ${s.groups} groups); its codes are public`,
  demoPresent: (village: string) =>
    `  演示模式：演示村 ${village} 可用，/chat 提供它的演示卡片 / demo mode: the demo village ${village} is on, /chat offers its cards`,
  demoBlocked: (village: string) =>
    `  演示模式：已有一个编号为 ${village} 的真实村（或它占用了演示的绑定码），未创建演示村 / demo mode: a real village has the code ${village} (or the demo's card codes); no demo village was created`,
  demoInert: (villages: string[]) =>
    [
      `  注意：数据库里有演示村 ${villages.join('、')}，它的绑定码是公开的，现在不能绑定，成员也不能登录工作台。删除它：npm run linli -- demo remove`,
      `  note: the database holds the demo village ${villages.join(', ')}; its codes are public, so they are refused for binding and its members at the desk. Remove it: npm run linli -- demo remove`,
    ].join('\n'),
  demoOutcomeUnknown: (address: string, why: string) =>
    `命令已发给服务（${address}），但没有收到答复：${why}。再运行一次是安全的 / The command was sent to ${address} but no answer came back: ${why}. Running it again is safe.`,
  noVillageYet: [
    '  还没有村：导入花名册 npm run linli -- roster import <file.json>（或工作台的花名册页），或先试用演示 npm run demo',
    "  no village yet: import a roster with npm run linli -- roster import <file.json> (or the desk's roster page), or try the demo with npm run demo",
  ].join('\n'),
  demoRemoved: (
    list: { village: string; households: number; members: number; accounts: number; requests: number }[],
  ) =>
    list.length === 0
      ? '没有演示村，未做任何修改 / No demo village: nothing was changed'
      : list
          .map(
            (r) =>
              `已删除演示村 ${r.village}：${r.households} 户，${r.members} 名成员，${r.accounts} 个账号，${r.requests} 件诉求\n` +
              `Removed the demo village ${r.village}: ${r.households} households, ${r.members} members, ${r.accounts} accounts, ${r.requests} requests`,
          )
          .join('\n'),
  mpMenu: (outcome: 'created' | 'unchanged' | 'not_allowed', webChatUrl: string | null) =>
    outcome === 'not_allowed'
      ? '这个公众号不能通过接口设置菜单（未认证的订阅号？）/ This account may not set its menu through the API (an unverified subscription account?)'
      : `服务号菜单已写入：报事 · 我的诉求${webChatUrl ? `（在网页里说 → ${webChatUrl}）` : ''} · 更多\nOfficial Account menu written${webChatUrl ? `; 在网页里说 opens ${webChatUrl}` : ' (no web chat item: set LINLI_PUBLIC_URL and keep the web chat on)'}`,
  mpNotConfigured:
    '没有配置服务号（WECHAT_MP_APP_ID、WECHAT_MP_APP_SECRET、WECHAT_MP_TOKEN）/ The Official Account is not configured (WECHAT_MP_APP_ID, WECHAT_MP_APP_SECRET, WECHAT_MP_TOKEN)',
};

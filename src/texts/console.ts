/**
 * What the operator reads in the terminal (npm start, npm run linli): both languages at once, since
 * a county engineer may read either and the terminal has no language setting we could trust.
 */
export const consoleTexts = {
  cliUsage: '用法 Usage:\n  npm run linli -- roster import <file.json>   导入或更新一个村的花名册 / import or update a village roster',
  cannotRead: (file: string, why: string) => `无法读取 ${file}：${why}\nCannot read ${file}: ${why}`,
  imported: (s: { village: string; members: number; groups: number; households: number }) =>
    `已导入 ${s.village}：${s.members} 名村干部，${s.groups} 个互助组，${s.households} 户\nImported ${s.village}: ${s.members} members, ${s.groups} groups, ${s.households} households`,
  rosterRejected: (issues: string[]) => `花名册有误，未做任何修改 / Roster rejected, nothing changed:\n${issues.map((i) => `  ${i}`).join('\n')}`,
  badConfig: (details: string) => `${details}\n配置有误，服务未启动。请检查上面列出的环境变量。\nThe configuration is invalid; the service did not start. Check the variables listed above.`,
};

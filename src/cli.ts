import { readFileSync } from 'node:fs';
import { openConfiguredDatabase } from './compose.js';
import { ConfigError, loadConfig } from './config.js';
import { readEnvironment } from './env.js';
import { AppError } from './domain/errors.js';
import { importRoster } from './roster/roster.import.js';

const usage = `用法 Usage:
  npm run linli -- roster import <file.json>   导入或更新一个村的花名册 / import or update a village roster`;

async function main(argv: string[]): Promise<number> {
  const [area, verb, file] = argv;
  if (area !== 'roster' || verb !== 'import' || !file) {
    console.error(usage);
    return 2;
  }
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    console.error(`无法读取 ${file}：${(err as Error).message}\nCannot read ${file}: ${(err as Error).message}`);
    return 1;
  }
  const config = loadConfig(readEnvironment());
  const database = await openConfiguredDatabase(config);
  try {
    const s = await importRoster(database.db, input);
    console.log(`已导入 ${s.village}：${s.members} 名村干部，${s.groups} 个互助组，${s.households} 户\nImported ${s.village}: ${s.members} members, ${s.groups} groups, ${s.households} households`);
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      const issues = (err.details?.issues as string[] | undefined) ?? [err.message];
      console.error(`花名册有误，未做任何修改 / Roster rejected, nothing changed:\n${issues.map((i) => `  ${i}`).join('\n')}`);
      return 1;
    }
    throw err;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});

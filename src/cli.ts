import { readFileSync } from 'node:fs';
import { openConfiguredDatabase } from './compose.js';
import { ConfigError, loadConfig } from './config.js';
import { readEnvironment } from './env.js';
import { AppError } from './domain/errors.js';
import { importRoster } from './roster/roster.import.js';
import { consoleTexts } from './texts/console.js';


async function main(argv: string[]): Promise<number> {
  const [area, verb, file] = argv;
  if (area !== 'roster' || verb !== 'import' || !file) {
    console.error(consoleTexts.cliUsage);
    return 2;
  }
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    console.error(consoleTexts.cannotRead(file, (err as Error).message));
    return 1;
  }
  const config = loadConfig(readEnvironment());
  const database = await openConfiguredDatabase(config);
  try {
    const s = await importRoster(database.db, input);
    console.log(consoleTexts.imported(s));
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      const issues = (err.details?.issues as string[] | undefined) ?? [err.message];
      console.error(consoleTexts.rosterRejected(issues));
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

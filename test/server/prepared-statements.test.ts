import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/data/database.js';
import { memberById, villageByCode } from '../../src/data/people.repository.js';

// Only PostgreSQL prepares statements; the embedded database runs in this process.
const serverUrl = process.env.DATABASE_URL;
const name = `linli_prep_${process.pid}`;

describe.skipIf(!serverUrl)('statements on PostgreSQL', () => {
  let close: (() => Promise<void>) | null = null;
  afterAll(async () => {
    await close?.();
    const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('are prepared once per connection, outside and inside transactions', async () => {
    const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    const database = await openDatabase({ url: url.toString(), maxConnections: 1 });
    close = () => database.close();
    const { db } = database;
    await villageByCode(db, 'a');
    await villageByCode(db, 'b');
    await db.transaction(async (tx) => {
      await memberById(tx, 7);
    });
    // One connection: this query sees the session the drizzle queries ran on.
    const { rows } = await database.executeSql('select statement from pg_prepared_statements');
    const texts = (rows as { statement: string }[]).map((r) => r.statement);
    expect(texts.filter((s) => /"villages"\."code" = \$1/.test(s))).toHaveLength(1);
    expect(texts.some((s) => /from "members".*"members"\."id" = \$1/s.test(s))).toBe(true);
  });
});

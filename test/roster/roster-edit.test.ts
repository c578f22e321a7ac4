import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import { editHousehold, editMember } from '../../src/roster/roster-edit.usecase.js';
import { type Harness, settle, startHarness, TelegramUser } from '../support/harness.js';

/**
 * A desk correction of one household or member goes through the import's own use case: the same authority
 * checks, the same people told, every field in the audit log before and after. Runs on PGlite and PostgreSQL.
 */
let h: Harness;
let leader: TelegramUser;
let secretary: TelegramUser;
const actor = { audit: 's-01@xiaoyingdian', label: '韩守义', memberId: null, sessionId: null, ip: null };
const village = { kind: 'village' as const, villageId: 0 };

async function bind(id: number, code: string): Promise<TelegramUser> {
  const u = new TelegramUser(h, id);
  await u.say(`/start ${code}`);
  await u.expect(/绑定成功/);
  return u;
}

const audits = async (target: string) =>
  (await h.database.executeSql('select action, actor, details from desk_audit where target = $1 order by id', [target]))
    .rows as { action: string; actor: string; details: Record<string, unknown> }[];

beforeAll(async () => {
  h = await startHarness();
  leader = await bind(9601, '700303');
  secretary = await bind(9602, '700001');
  village.villageId = Number(
    ((await h.database.executeSql(`select id from villages where code = 'xiaoyingdian'`)).rows[0] as { id: number }).id,
  );
  await settle(h);
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('editing the roster from the desk', () => {
  it('a phone is written and audited with before and after; nobody is told of a phone', async () => {
    const since = leader.inbox().length;
    const done = await editHousehold(
      h.database.db,
      'xiaoyingdian',
      'h-0301',
      { phone: '139-0000-1111' },
      { scope: village, actor, clock: h.clock },
    );
    expect(done.found).toBe(true);
    if (!done.found) return;
    expect(done.diff.households.changed).toEqual([
      { code: 'h-0301', name: '杨志强', changes: [{ field: 'phone', before: null, after: '13900001111' }] },
    ]);
    expect(done.diff.members.changed).toEqual([]);
    const rows = (
      await h.database.executeSql(`select phone from households where code = 'h-0301' and village_id = $1`, [
        village.villageId,
      ])
    ).rows as { phone: string }[];
    expect(rows[0]!.phone).toBe('13900001111');
    expect(await audits('household:h-0301@xiaoyingdian')).toEqual([
      {
        action: 'roster.change',
        actor: 's-01@xiaoyingdian',
        details: { change: 'changed', name: '杨志强', before: { phone: null }, after: { phone: '13900001111' } },
      },
    ]);
    await settle(h);
    expect(leader.inbox().length).toBe(since);
  });

  it("a role given to a member is told to them and to the secretary, as an import's would be", async () => {
    const sinceLeader = leader.inbox().length;
    const sinceSecretary = secretary.inbox().length;
    const done = await editMember(
      h.database.db,
      'xiaoyingdian',
      'l-03',
      { roles: ['group_leader', 'mediator'] },
      { scope: village, actor, clock: h.clock },
    );
    expect(done.found && done.diff.members.changed[0]?.changes).toEqual([
      { field: 'roles', before: ['group_leader'], after: ['group_leader', 'mediator'] },
    ]);
    await settle(h);
    expect(
      (await leader.expect(/【花名册变更】.*原来是“互助组组长”，现在是“互助组组长、调解员”/, sinceLeader)).text,
    ).toContain('韩守义');
    expect((await secretary.expect(/【花名册变更】/, sinceSecretary)).text).toContain('吴永红');
    const trail = await audits('member:l-03@xiaoyingdian');
    expect(trail.at(-1)?.details).toEqual({
      change: 'changed',
      name: '吴永红',
      before: { roles: ['group_leader'] },
      after: { roles: ['group_leader', 'mediator'] },
    });
    expect((await audits('l-03@xiaoyingdian')).at(-1)).toMatchObject({ action: 'roster.roles' });
  });

  it('refuses what the import refuses, writing nothing: a bad phone, a town role from a village secretary', async () => {
    const bad = editHousehold(
      h.database.db,
      'xiaoyingdian',
      'h-0301',
      { phone: '12ab' },
      { scope: village, actor, clock: h.clock },
    );
    await expect(bad).rejects.toBeInstanceOf(AppError);
    await expect(bad).rejects.toMatchObject({ code: 'roster.invalid' });
    const town = editMember(
      h.database.db,
      'xiaoyingdian',
      'l-03',
      { roles: ['town_staff'] },
      { scope: village, actor, clock: h.clock },
    );
    await expect(town).rejects.toMatchObject({ code: 'roster.invalid' });
    const rows = (
      await h.database.executeSql(`select phone from households where code = 'h-0301' and village_id = $1`, [
        village.villageId,
      ])
    ).rows as { phone: string }[];
    expect(rows[0]!.phone).toBe('13900001111');
    const roles = (
      await h.database.executeSql(`select roles from members where code = 'l-03' and village_id = $1`, [
        village.villageId,
      ])
    ).rows as { roles: string[] }[];
    expect(roles[0]!.roles).toEqual(['group_leader', 'mediator']);
  });

  it('a household or village that is not there is not found, and a re-import without phones keeps them', async () => {
    expect(
      await editHousehold(h.database.db, 'xiaoyingdian', 'h-9999', { phone: '13900001111' }, { scope: village, actor }),
    ).toEqual({ found: false });
    expect(
      await editHousehold(h.database.db, 'nowhere', 'h-0301', { phone: '13900001111' }, { scope: village, actor }),
    ).toEqual({ found: false });
    // Another field of the same household: its phone stays.
    await editHousehold(
      h.database.db,
      'xiaoyingdian',
      'h-0301',
      { address: '三组1号院' },
      { scope: village, actor, clock: h.clock },
    );
    const rows = (
      await h.database.executeSql(`select phone, address from households where code = 'h-0301' and village_id = $1`, [
        village.villageId,
      ])
    ).rows as { phone: string; address: string }[];
    expect(rows[0]).toEqual({ phone: '13900001111', address: '三组1号院' });
  });
});

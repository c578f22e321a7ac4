import { quietHoursOf } from '../domain/quiet-hours.js';
import type { VillageRow } from '../data/people.repository.js';
import { residentAccounts, villageHouseholdsOfGroups } from '../data/deliberation.repository.js';
import {
  addDelivery,
  insertNotice,
  linkedChatsOf,
  noticeHouseholds,
  type NoticeRow,
} from '../data/notices.repository.js';
import { addExpectations } from '../data/expectations.repository.js';
import { expectationTtlMs, expectedAnswers } from '../domain/expectations.js';
import { deliberationCallbacks, formatNotice } from '../domain/deliberation.commands.js';
import type { EventContext } from '../messaging/send.js';
import type { RequestNotice } from '../channels/channel.port.js';
import type { Texts } from '../texts/index.js';
import type { NoticeCategory } from '../deliberation/deliberation.texts.js';

export interface NoticeInput {
  title: string;
  text: string;
  category: NoticeCategory;
  /** Group ids; empty = every group of the village. */
  groupIds: number[];
  toResidents: boolean;
  deliberationId?: number | null;
  /** What a resident's copy says past the Official Account's window, as a template (a vote's result). */
  notice?: RequestNotice;
}

export interface Delivered {
  notice: NoticeRow;
  rooms: number;
  accounts: number;
}

/**
 * Posts a notice (村务公开) to the linked group chats of its groups and, when asked, to every bound
 * resident of those groups, each with a 已读 button. Through the outbox: paced per channel, and held
 * until 07:00 when it is written at night. `render` words it per reader (a published decision);
 * otherwise everyone reads the title and text as written.
 */
export async function publishNotice(
  ctx: EventContext,
  village: VillageRow,
  input: NoticeInput,
  render?: (t: Texts) => string,
): Promise<Delivered> {
  const notice = await insertNotice(ctx.tx, {
    villageId: village.id,
    title: input.title,
    text: input.text,
    category: input.category,
    groupIds: input.groupIds,
    toResidents: input.toResidents,
    deliberationId: input.deliberationId ?? null,
    createdAt: ctx.now,
  });
  const ref = formatNotice(notice.id);
  const build = (t: Texts) => ({
    text: t.deliberation.notice(ref, input.category, input.title, render ? render(t) : input.text),
    buttons: [[{ label: t.deliberation.readButton, data: deliberationCallbacks.read(notice.id) }]],
  });
  const quiet = { quietHoursIn: quietHoursOf(village), bulk: true };
  let rooms = 0;
  for (const room of await linkedChatsOf(ctx.tx, village.id, input.groupIds)) {
    if (
      !(await addDelivery(ctx.tx, {
        noticeId: notice.id,
        platform: room.platform,
        address: room.address,
        kind: 'room',
        groupId: room.groupId,
        queuedAt: ctx.now,
      }))
    )
      continue;
    await ctx.send({ platform: room.platform, address: room.address, language: 'zh' }, build, quiet);
    rooms++;
  }
  let accounts = 0;
  const reached: number[] = [];
  if (input.toResidents) {
    const households = input.groupIds.length
      ? await villageHouseholdsOfGroups(ctx.tx, village.id, input.groupIds)
      : undefined;
    for (const to of await residentAccounts(ctx.tx, village.id, households)) {
      if (
        !(await addDelivery(ctx.tx, {
          noticeId: notice.id,
          platform: to.platform,
          address: to.address,
          kind: 'resident',
          householdId: to.householdId,
          queuedAt: ctx.now,
        }))
      )
        continue;
      await ctx.send(to, input.notice ? (t) => ({ ...build(t), notice: input.notice! }) : build, quiet);
      reached.push(to.householdId);
      accounts++;
    }
  }
  // "看了" / "收到" from any account of a household it reached is its 已读.
  await addExpectations(
    ctx.tx,
    {
      householdIds: reached,
      kind: 'notice_read',
      scope: notice.id,
      answers: expectedAnswers.noticeRead(notice.id),
      expiresAt: new Date(ctx.now.getTime() + expectationTtlMs.notice_read),
    },
    ctx.now,
  );
  return { notice, rooms, accounts };
}

/**
 * Sends the notice once more, with its 已读 button, to the accounts of the households it reached that have
 * not pressed 已读 (nor answered 看了) yet; held in quiet hours like the notice itself. Answers how many accounts.
 */
export async function remindNotice(
  ctx: EventContext,
  village: VillageRow,
  notice: NoticeRow,
  lead: (t: Texts) => string,
): Promise<number> {
  const unread = (await noticeHouseholds(ctx.tx, notice.id)).filter((h) => !h.read).map((h) => h.householdId);
  if (unread.length === 0) return 0;
  const ref = formatNotice(notice.id);
  const quiet = { quietHoursIn: quietHoursOf(village), bulk: true };
  const accounts = await residentAccounts(ctx.tx, village.id, unread);
  for (const to of accounts) {
    await ctx.send(
      to,
      (t) => ({
        text: `${lead(t)}\n${t.deliberation.notice(ref, notice.category, notice.title, notice.text)}`,
        buttons: [[{ label: t.deliberation.readButton, data: deliberationCallbacks.read(notice.id) }]],
      }),
      quiet,
    );
  }
  return accounts.length;
}

import { z } from 'zod';
import { normalizeCardCode } from './card-code.js';
import { type CareReason, careReasonOf } from './care.js';
import { memberRoles } from './routing.js';

// `~` starts the codes of rows the service keeps for itself (reports from other systems, parked card codes).
const code = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((c) => !c.startsWith('~'), 'codes may not start with ~');
/**
 * The card code a village printed itself, stored normalized (`k7q-m3x-pa9` → `K7QM3XPA9`);
 * absent (or null, or empty) when the service is to generate one, or keep the one it generated before.
 */
const bindCode = z.preprocess(
  (v) =>
    v === null || (typeof v === 'string' && v.trim() === '')
      ? undefined
      : typeof v === 'string'
        ? normalizeCardCode(v)
        : v,
  z
    .string()
    .regex(/^[0-9A-Z]{4,16}$/, '4–16 letters or digits')
    .optional(),
);

/**
 * A household's contact phone: spaces and dashes dropped (`138 1234-5678` → `13812345678`); null or empty
 * clears it; absent keeps the one stored (a file without the column, or a desk edit of another field).
 */
export const phone = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v.replace(/[\s-]/g, '') || null : v),
  z
    .string()
    .regex(/^\+?\d{5,20}$/, 'a phone number: 5–20 digits')
    .nullish(),
);

/**
 * Say-things day and reminder settings a village may set in its roster (and on the desk). Left out of a
 * file, each keeps the value it has (the database's default for a new village); `sayThingsPlace: null` clears the place.
 */
export const villageSettingsShape = {
  sayThingsPlace: z
    .string()
    .trim()
    .max(100)
    .nullish()
    .transform((v) => (v === '' ? null : v)),
  /** The hour it starts, local "9:00" or "14:30"; empty clears it. */
  sayThingsTime: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim() : v),
    z
      .string()
      .regex(/^([01]?\d|2[0-3])[:：][0-5]\d$/, 'a time of day such as 9:00')
      .transform((v) => v.replace('：', ':'))
      .nullish(),
  ),
  reminderDaysBefore: z.number().int().min(0).max(27).optional(),
  reminderHour: z.number().int().min(0).max(23).optional(),
  /** Quiet hours, local: news that can wait is held from quietFrom to quietUntil. */
  quietFrom: z.number().int().min(0).max(23).optional(),
  quietUntil: z.number().int().min(0).max(23).optional(),
  /**
   * Days between care visits by reason where the village differs from the defaults (src/domain/care.ts):
   * `{"独居老人": 3, "低保": 14}` or by id (`elderly_alone`); absent keeps what is stored.
   */
  careCadence: z
    .record(z.string(), z.number().int().min(1).max(365))
    .optional()
    .superRefine((v, ctx) => {
      for (const k of Object.keys(v ?? {}))
        if (!careReasonOf(k)) ctx.addIssue({ code: 'custom', message: `unknown care reason ${k}` });
    })
    .transform((v) =>
      v
        ? (Object.fromEntries(Object.entries(v).map(([k, n]) => [careReasonOf(k)!, n])) as Partial<
            Record<CareReason, number>
          >)
        : undefined,
    ),
};

/**
 * A WeCom group robot's webhook key, or its whole webhook address (`…/cgi-bin/webhook/send?key=KEY`); null or
 * empty removes the group's robot, absent keeps the one stored. A secret: no message ever repeats the value.
 */
const robotKey = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v;
    const s = v.trim();
    if (s === '') return null;
    return /^https?:\/\//i.test(s) ? (/[?&]key=([^&#\s]+)/.exec(s)?.[1] ?? s) : s;
  },
  z
    .string()
    .regex(/^[A-Za-z0-9-]{8,128}$/, "not a WeCom robot webhook key (the key=… part of the robot's webhook address)")
    .nullish(),
);

/** The roster file a village secretary keeps; extra fields are allowed and ignored. */
export const rosterSchema = z
  .object({
    village: z.looseObject({
      code,
      name: z.string().trim().min(1),
      town: z.string().nullish(),
      county: z.string().nullish(),
      sayThingsDay: z.number().int().min(1).max(31).default(10),
      timezone: z
        .string()
        .default('Asia/Shanghai')
        .refine((tz) => {
          try {
            new Intl.DateTimeFormat('en', { timeZone: tz });
            return true;
          } catch {
            return false;
          }
        }, 'unknown time zone'),
      ...villageSettingsShape,
    }),
    members: z.array(
      z.looseObject({
        code,
        name: z.string().trim().min(1),
        roles: z.array(z.enum(memberRoles)).min(1),
        bindCode,
        away: z.boolean().default(false),
      }),
    ),
    groups: z.array(
      z.looseObject({
        code,
        name: z.string().trim().min(1),
        leader: code.nullish(),
        deputy: code.nullish(),
        robotKey,
      }),
    ),
    households: z.array(
      z.looseObject({
        code,
        group: code,
        head: z.string().trim().min(1),
        address: z.string().nullish(),
        bindCode,
        /** 特殊户: why the household is cared for (独居老人, 残疾, 留守儿童, 低保, 五保, 其他); null or empty: not cared for; absent: kept as stored. */
        care: z.string().trim().nullish(),
        phone,
      }),
    ),
  })
  .superRefine((r, ctx) => {
    const memberCodes = new Set(r.members.map((m) => m.code));
    const groupCodes = new Set(r.groups.map((g) => g.code));
    const dup = (list: { code: string }[], key: string) => {
      const seen = new Set<string>();
      list.forEach((x, i) => {
        if (seen.has(x.code))
          ctx.addIssue({ code: 'custom', path: [key, i, 'code'], message: `duplicate code ${x.code}` });
        seen.add(x.code);
      });
    };
    dup(r.members, 'members');
    dup(r.groups, 'groups');
    dup(r.households, 'households');
    r.groups.forEach((g, i) => {
      for (const f of ['leader', 'deputy'] as const) {
        const ref = g[f];
        if (ref && !memberCodes.has(ref))
          ctx.addIssue({ code: 'custom', path: ['groups', i, f], message: `unknown member ${ref}` });
      }
    });
    r.households.forEach((h, i) => {
      if (!groupCodes.has(h.group))
        ctx.addIssue({ code: 'custom', path: ['households', i, 'group'], message: `unknown group ${h.group}` });
      if (h.care && !careReasonOf(h.care))
        ctx.addIssue({ code: 'custom', path: ['households', i, 'care'], message: `unknown care reason ${h.care}` });
    });
    const bindSeen = new Map<string, string>();
    const checkBind = (c: string | undefined, path: (string | number)[]) => {
      if (c === undefined) return;
      if (bindSeen.has(c))
        ctx.addIssue({ code: 'custom', path, message: `bind code ${c} already used by ${bindSeen.get(c)}` });
      bindSeen.set(c, path.slice(0, 2).join('.'));
    };
    r.members.forEach((m, i) => checkBind(m.bindCode, ['members', i, 'bindCode']));
    r.households.forEach((h, i) => checkBind(h.bindCode, ['households', i, 'bindCode']));
  });

export type Roster = z.infer<typeof rosterSchema>;

/** `households.3.bindCode: 4–16 letters or digits` — the offending path first, so a secretary can find it. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
}

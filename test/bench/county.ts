/**
 * A county's data, made in bulk inside the database (issue #27): villages grouped into towns, members, groups,
 * households with residents and bound accounts, and years of request history with their ledger, ratings and
 * outbox rows. Rows are made by `INSERT … SELECT` over `generate_series` in the database itself — nothing is
 * posted through the webhook and no row crosses the wire — so a county of 80,000 households and a million
 * requests takes minutes, not hours. Seeded (`setseed`) so two runs make the same county.
 */
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../src/data/database.js';

export interface CountyShape {
  villages: number;
  /** Villages per town: the town official's scope. */
  villagesPerTown: number;
  groupsPerVillage: number;
  householdsPerGroup: number;
  /** Bound accounts per household (1.5: every second household has two phones). */
  accountsPerHousehold: number;
  /** Requests over the whole history. */
  historyRequests: number;
  /** How far back the history goes, in days before `now`. */
  historyDays: number;
  /** Outbox rows (sent) per request: the receipt, the task card, the status news. */
  outboxPerRequest: number;
  now: Date;
  /** 0..1, for `setseed`. */
  seed: number;
}

/** The county: 200 villages × 8 groups × 50 households, two years, a million requests. */
export const countyShape = (now: Date): CountyShape => ({
  villages: 200,
  villagesPerTown: 20,
  groupsPerVillage: 8,
  householdsPerGroup: 50,
  accountsPerHousehold: 1.5,
  historyRequests: 1_000_000,
  historyDays: 730,
  outboxPerRequest: 2,
  now,
  seed: 0.27,
});

/** Kinds as they come in the labelled citizen messages: mostly repairs and help, few hazards. */
export const kindMix: [string, number][] = [
  ['repair', 0.38],
  ['help', 0.2],
  ['inquiry', 0.14],
  ['dispute', 0.1],
  ['proposal', 0.08],
  ['say_things', 0.06],
  ['hazard', 0.04],
];

/**
 * Where a request of a given age stands. Old ones are done (closed after a rating or unrated, a few withdrawn or
 * invalid); the last month holds the open work a desk shows. As the service's own sweeps leave a database: a
 * resolved request waits at most three days for its rating (then it is closed unrated), so the resolved ones were
 * resolved in the last two days and those past a day already had their one reminder — otherwise the first tick
 * would close thousands of them during the measured load.
 */
export const statusMix = {
  old: [
    ['closed', 0.9],
    ['withdrawn', 0.06],
    ['invalid', 0.04],
  ] as [string, number][],
  recent: [
    ['submitted', 0.05],
    ['assigned', 0.15],
    ['accepted', 0.3],
    ['escalated', 0.05],
    ['resolved', 0.2],
    ['closed', 0.2],
    ['withdrawn', 0.05],
  ] as [string, number][],
};

/** A SQL CASE picking a label by cumulative weight from a uniform number `u` in [0, 1), drawn once beforehand. */
function weighted(u: string, mix: [string, number][]): string {
  const total = mix.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  const arms = mix.slice(0, -1).map(([label, w]) => {
    acc += w / total;
    return `when ${u} < ${acc.toFixed(6)} then '${label}'`;
  });
  return `(case ${arms.join(' ')} else '${mix.at(-1)![0]}' end)`;
}

/** Card codes as the service stores them (normalised: capitals and digits), so `/start <code>` binds. */
export const memberBindCode = (villageId: number, code: string) =>
  `K${villageId}${code.replace(/-/g, '').toUpperCase()}`;

export interface CountyCounts {
  villages: number;
  households: number;
  members: number;
  accounts: number;
  historyRequests: number;
  events: number;
  outbox: number;
  seconds: number;
}

/** Makes the county in an empty (migrated) database. `progress` hears each step and how long it took. */
export async function generateCounty(
  db: Db,
  shape: CountyShape,
  progress: (step: string, ms: number) => void = () => {},
): Promise<CountyCounts> {
  const t0 = performance.now();
  const run = async (step: string, text: string) => {
    const t = performance.now();
    await db.execute(sql.raw(text));
    progress(step, performance.now() - t);
  };
  const now = shape.now.toISOString();
  const { villages: V, groupsPerVillage: G, householdsPerGroup: H } = shape;
  await run('seed', `select setseed(${shape.seed})`);
  await run(
    'villages',
    `insert into villages (code, name, town, county, say_things_day)
    select 'cv' || lpad(v::text, 3, '0'), '第' || v || '村', '第' || ((v - 1) / ${shape.villagesPerTown} + 1) || '镇', '示范县', 1 + v % 28
    from generate_series(1, ${V}) v`,
  );
  // Per village: a secretary, three mediators, a leader and a deputy per group (leaders are members, deputies too);
  // town staff in each town's first village, county staff in the first village (the desk's town and county scopes).
  await run(
    'members',
    `insert into members (village_id, code, name, roles, bind_code)
    select v.id, m.code, m.name, m.roles, 'K' || v.id || upper(replace(m.code, '-', '')) from villages v cross join lateral (
      select 's-01' as code, '书记' || v.id as name, array['secretary']::text[] as roles
      union all select 'm-0' || i, '调解员' || v.id || '-' || i, array['mediator']::text[] from generate_series(1, 3) i
      union all select 'l-' || lpad(g::text, 2, '0'), '组长' || v.id || '-' || g, array['group_leader']::text[] from generate_series(1, ${G}) g
      union all select 'd-' || lpad(g::text, 2, '0'), '副组长' || v.id || '-' || g, array['group_leader']::text[] from generate_series(1, ${G}) g
      union all select 'ts-01', v.town || '干部', array['town_staff']::text[] where (substr(v.code, 3)::int - 1) % ${shape.villagesPerTown} = 0
      union all select 'cs-01', v.county || '干部', array['county_staff']::text[] where substr(v.code, 3)::int = 1
    ) m where v.code like 'cv%'`,
  );
  await run(
    'groups',
    `insert into groups (village_id, code, name, leader_id, deputy_id)
    select v.id, 'g' || g, g || '组', l.id, d.id from villages v cross join generate_series(1, ${G}) g
    join members l on l.village_id = v.id and l.code = 'l-' || lpad(g::text, 2, '0')
    join members d on d.village_id = v.id and d.code = 'd-' || lpad(g::text, 2, '0')
    where v.code like 'cv%'`,
  );
  await run(
    'households',
    `insert into households (village_id, group_id, code, head, address, bind_code)
    select gr.village_id, gr.id, 'h-' || lpad(substr(gr.code, 2), 2, '0') || lpad(n::text, 2, '0'), '户主' || gr.id || '-' || n,
      gr.name || n || '号', 'H' || gr.id || 'N' || n
    from groups gr join villages v on v.id = gr.village_id and v.code like 'cv%' cross join generate_series(1, ${H}) n`,
  );
  await run(
    'residents',
    `insert into residents (household_id, name, created_at)
    select h.id, h.head, '${now}'::timestamptz - interval '${shape.historyDays + 30} days' from households h
    join villages v on v.id = h.village_id and v.code like 'cv%'`,
  );
  // One account per household, a second for a share of them (accountsPerHousehold - 1).
  const second = Math.max(0, Math.min(1, shape.accountsPerHousehold - 1));
  await run(
    'accounts',
    `insert into identities (platform, platform_user_id, address, display_name, resident_id, bound_with_code, bound_at, last_seen_at)
    select 'telegram', (r.id * 2 + k)::text, (r.id * 2 + k)::text, h.head, r.id, h.bind_code, '${now}'::timestamptz - interval '${shape.historyDays} days', '${now}'::timestamptz
    from residents r join households h on h.id = r.household_id join villages v on v.id = h.village_id and v.code like 'cv%'
    cross join generate_series(0, 1) k where k = 0 or ((r.id * 7919) % 1000) < ${Math.round(second * 1000)}`,
  );
  // The households the history draws from, numbered 0..n-1, with who would handle their requests.
  await run(
    'pick table',
    `create temporary table county_pick as
    select (row_number() over (order by h.id) - 1)::int as n, h.id as household_id, h.village_id, r.id as resident_id,
      i.identity_id, g.leader_id
    from households h join residents r on r.household_id = h.id join groups g on g.id = h.group_id
    -- Joined once, grouped: a subquery per household scanned every account (80,000 × 120,000 at county size).
    left join (select resident_id, min(id) as identity_id from identities group by resident_id) i on i.resident_id = r.id
    join villages v on v.id = h.village_id and v.code like 'cv%'`,
  );
  await run('pick index', 'create index on county_pick (n)');
  const households = V * G * H;
  const age = `(random() * random() * ${shape.historyDays})`; // more requests lately: the product of two uniforms leans young
  await run(
    'requests',
    `insert into requests (village_id, household_id, resident_id, origin_identity_id, kind, summary, text, urgency, status,
      assignee_id, classifier, rating, created_at, updated_at, accepted_at, resolved_at, closed_at, rating_reminded_at)
    select p.village_id, p.household_id, p.resident_id, p.identity_id, x.kind, x.kind || '的事 ' || x.g, '历史诉求 ' || x.g,
      case when x.kind = 'hazard' and x.u3 < 0.3 then 'urgent' else 'normal' end, x.status,
      case when x.status in ('submitted', 'withdrawn', 'invalid') then null else p.leader_id end, 'offline-lr',
      case when x.status = 'closed' then ${weighted('x.u4', [
        ['satisfied', 0.82],
        ['basic', 0.12],
        ['unsatisfied', 0.06],
      ])} end,
      x.at, x.at + interval '2 days',
      case when x.status in ('accepted', 'escalated', 'resolved', 'closed') then x.at + interval '3 hours' end,
      case when x.status = 'closed' then x.at + interval '1 day'
        when x.status = 'resolved' then least('${now}'::timestamptz, greatest(x.at + interval '1 hour', '${now}'::timestamptz - x.u3 * interval '2 days')) end,
      case when x.status in ('closed', 'withdrawn', 'invalid') then x.at + interval '2 days' end,
      case when x.status = 'resolved' and x.u3 > 0.5 then '${now}'::timestamptz - x.u3 * interval '2 days' + interval '1 day' end
    from (
      select g, ${weighted('u1', kindMix)} as kind, u3, u4, at, case when at < '${now}'::timestamptz - interval '30 days' then ${weighted('u2', statusMix.old)}
        else ${weighted('u2', statusMix.recent)} end as status, n
      -- Each uniform drawn once here: a CASE would draw random() again in every arm.
      from (select g, random() as u1, random() as u2, random() as u3, random() as u4,
        '${now}'::timestamptz - ${age} * interval '1 day' as at, floor(random() * ${households})::int as n
        from generate_series(1, ${shape.historyRequests}) g) y
    ) x join county_pick p on p.n = x.n`,
  );
  // The ledger: submitted, then each step the status implies, with its time.
  await run(
    'events',
    `insert into request_events (request_ref, at, type, actor_kind, actor_id, details)
    select r.ref, e.at, e.type, e.actor_kind, e.actor_id, '{}'::jsonb from requests r join villages v on v.id = r.village_id and v.code like 'cv%'
    cross join lateral (values
      (r.created_at, 'submitted', 'resident', r.resident_id, true),
      (r.created_at + interval '1 minute', 'assigned', 'system', null, r.assignee_id is not null),
      (r.accepted_at, 'accepted', 'member', r.assignee_id, r.accepted_at is not null),
      (r.resolved_at, 'resolved', 'member', r.assignee_id, r.resolved_at is not null),
      (r.closed_at, 'rated', 'resident', r.resident_id, r.rating is not null),
      (r.closed_at, r.status, 'resident', r.resident_id, r.status in ('withdrawn', 'invalid'))
    ) as e(at, type, actor_kind, actor_id, keep) where e.keep`,
  );
  await run(
    'outbox',
    `insert into outbox (channel, recipient, payload, attempts, next_attempt_at, created_at, sent_at)
    select 'telegram', i.address, jsonb_build_object('text', '已收到，编号 #' || r.ref), 1, r.created_at, r.created_at + k * interval '1 hour',
      r.created_at + k * interval '1 hour' + interval '1 second'
    from requests r join villages v on v.id = r.village_id and v.code like 'cv%' join identities i on i.id = r.origin_identity_id
    cross join generate_series(1, ${shape.outboxPerRequest}) k`,
  );
  // Vacuumed as an old database is (visibility map set: index-only scans), and analysed.
  await run('vacuum analyze', 'vacuum analyze');
  const one = async (q: string) => Number(rowsOf<{ n: unknown }>(await db.execute(sql.raw(q)))[0]?.n);
  const counts: CountyCounts = {
    villages: await one(`select count(*) as n from villages where code like 'cv%'`),
    households: await one('select count(*) as n from county_pick'),
    members: await one(
      `select count(*) as n from members m join villages v on v.id = m.village_id and v.code like 'cv%'`,
    ),
    accounts: await one(`select count(*) as n from identities where bound_with_code like 'H%'`),
    historyRequests: await one(
      `select count(*) as n from requests r join villages v on v.id = r.village_id and v.code like 'cv%'`,
    ),
    events: await one('select count(*) as n from request_events'),
    outbox: await one('select count(*) as n from outbox'),
    seconds: (performance.now() - t0) / 1000,
  };
  await run('drop pick table', 'drop table county_pick');
  return counts;
}

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Probe, type ScratchDatabases, dbUrl, pgliteProbe, postgresProbe } from './db.js';
import { FakeBotApi } from './fake-bot-api.js';
import { bindAll } from './load.js';
import { generateVillages, type Person } from './roster.js';
import { Service } from './service.js';
import { settlePostgres, settleQuiet } from './audit.js';
import { prng } from './stats.js';
import { Inbox, TelegramSim } from './telegram-sim.js';

export interface SessionOptions {
  repoRoot: string;
  db: 'postgres' | 'pglite';
  scratch: ScratchDatabases | null;
  villages: number;
  groups: number;
  residents: number;
  concurrency: number;
  seed: number;
  nodeArgs?: string[];
  sendPerSecond?: number;
  /** Loopback addresses the simulated Telegram posts from (127.0.0.1 … 127.0.0.N). */
  addresses?: number;
  /** The village's say-things day and reminder hour (a day with a reminder due puts a broadcast into the load). */
  sayThingsDay?: number;
  reminderHour?: number;
  /**
   * The say-things reminder during the measured load, not while residents are bound: the roster is first
   * imported with a session two days ahead (nothing due), and sayThingsDueNow() moves it to today, reminder
   * hour 0, just before the load; the service's next tick (each minute) sends it.
   */
  sayThingsDuringLoad?: boolean;
  /** The village's quiet hours (roster quietFrom/quietUntil; equal: none); the service's 21–7 when absent. */
  quietFrom?: number;
  quietUntil?: number;
  /** Service processes on the one database (PostgreSQL), updates posted to them round-robin. */
  instances?: number;
  /** The bench village's town and county (default 磁州镇, 磁县): the county bench puts it into the generated county's first town. */
  place?: { town: string; county: string };
  /** Runs on the migrated, empty database before the service starts (the county bench generates its history here). */
  prepare?: (target: { databaseUrl?: string; dataDir?: string }) => Promise<void>;
  /** Name prefix of the scratch PostgreSQL database (default linli_bench). */
  dbPrefix?: string;
  /** Extra environment for the service (e.g. OPEN311_API_KEYS). */
  env?: Record<string, string>;
  log: (line: string) => void;
}

/**
 * One service under test with everything around it: its database (a fresh PostgreSQL database or a
 * PGlite folder), the fake Bot API, the simulated Telegram and the bound village(s).
 */
export class Session {
  readonly rand: () => number;
  readonly fake: FakeBotApi;
  readonly secret = `bench_${randomBytes(12).toString('hex')}`;
  service!: Service;
  /** Every instance, `service` first (the one faults kill and restart). */
  services: Service[] = [];
  sim!: TelegramSim;
  inbox!: Inbox;
  residents: Person[] = [];
  members: Person[] = [];
  /** The rosters imported, as posted (the county bench re-imports one). */
  rosters: { village: Record<string, unknown> }[] = [];
  dbName: string | null = null;
  dataDir: string | null = null;
  bindMs = 0;
  restarting: Promise<void> | null = null;
  private pgProbe: Probe | null = null;

  constructor(readonly o: SessionOptions) {
    this.rand = prng(o.seed);
    this.fake = new FakeBotApi(prng(o.seed + 1));
  }

  get kind(): 'postgres' | 'pglite' {
    return this.o.db;
  }

  async setup(): Promise<void> {
    await this.fake.start();
    let databaseUrl: string | undefined;
    if (this.o.db === 'postgres') {
      this.dbName = await this.o.scratch!.create(this.o.dbPrefix ?? 'linli_bench');
      databaseUrl = dbUrl(this.o.scratch!.serverUrl, this.dbName);
    } else {
      this.dataDir = mkdtempSync(join(tmpdir(), 'linli-bench-'));
    }
    if (this.o.prepare)
      await this.o.prepare(databaseUrl ? { databaseUrl } : { dataDir: join(this.dataDir!, 'pglite') });
    this.service = new Service({
      repoRoot: this.o.repoRoot,
      db: this.o.db,
      apiRoot: this.fake.apiRoot,
      botToken: this.fake.token,
      botUsername: this.fake.username,
      secret: this.secret,
      nodeArgs: this.o.nodeArgs ?? [],
      ...(this.o.sendPerSecond ? { sendPerSecond: this.o.sendPerSecond } : {}),
      ...(this.o.env ? { extraEnv: this.o.env } : {}),
      ...(databaseUrl
        ? { databaseUrl, adminToken: `bench-admin-${randomBytes(12).toString('hex')}` }
        : { dataDir: this.dataDir! }),
    });
    const t0 = performance.now();
    this.service.onCrash = () => {
      const c = this.service.crashes.at(-1)!;
      this.o.log(
        `  !! service exited unexpectedly (code ${c.code}, signal ${c.signal}); last lines:\n${c.lastLines.map((l) => `     ${l.slice(0, 400)}`).join('\n')}\n  restarting it, as a supervisor would`,
      );
      this.restarting = this.startUntilUp().then(() => {});
    };
    await this.service.start();
    this.o.log(`  service up (pid ${this.service.pid}, ${this.o.db}) in ${Math.round(performance.now() - t0)} ms`);
    this.services = [this.service];
    for (let i = 1; i < (this.o.instances ?? 1); i++) {
      // The same configuration (database, admin token, bot), a port of its own: as several replicas behind a balancer.
      const extra = new Service({ ...this.service.env });
      await extra.start();
      this.services.push(extra);
      this.o.log(`  instance ${i + 1} up (pid ${extra.pid})`);
    }
    if (databaseUrl) this.pgProbe = postgresProbe(databaseUrl);

    const later = this.o.sayThingsDuringLoad
      ? {
          sayThingsDay: (this.o.sayThingsDay ?? 1) + 2 > 28 ? 1 : (this.o.sayThingsDay ?? 1) + 2,
          reminderDaysBefore: 0,
        }
      : null;
    const villages = generateVillages({
      villages: this.o.villages,
      groups: this.o.groups,
      residents: this.o.residents,
      rand: this.rand,
      ...(later ?? {}),
      ...(this.o.sayThingsDay !== undefined && !later ? { sayThingsDay: this.o.sayThingsDay } : {}),
      ...(this.o.reminderHour !== undefined ? { reminderHour: this.o.reminderHour } : {}),
      ...(this.o.place ? { place: this.o.place } : {}),
      ...(this.o.quietFrom !== undefined && this.o.quietUntil !== undefined
        ? { quietFrom: this.o.quietFrom, quietUntil: this.o.quietUntil }
        : {}),
    });
    this.rosters = villages.map((v) => v.roster as { village: Record<string, unknown> });
    for (const v of villages) {
      await this.importRoster(v.roster);
      this.residents.push(...v.residents);
      this.members.push(...v.members);
    }
    let turn = 0;
    // Telegram posts to one address; a balancer in front spreads the updates over the instances.
    this.sim = new TelegramSim(
      () => this.services[turn++ % this.services.length]!.url,
      this.secret,
      Math.max(64, this.o.concurrency * 2),
      1_000_000,
      this.o.addresses ?? 1,
    );
    this.inbox = new Inbox(this.fake);
    const bound = await bindAll(
      this.sim,
      this.inbox,
      [...this.members, ...this.residents],
      Math.max(32, this.o.concurrency),
    );
    this.bindMs = bound.ms;
    if (bound.failed.length)
      throw new Error(`binding failed for ${bound.failed.length}: ${JSON.stringify(bound.failed.slice(0, 3))}`);
    this.o.log(
      `  roster imported, ${bound.bound} accounts bound through the webhook in ${(bound.ms / 1000).toFixed(1)} s`,
    );
    await this.settle(60_000);
  }

  private async importRoster(roster: unknown): Promise<void> {
    const res = await fetch(`${this.service.url}/api/v1/roster`, {
      method: 'POST',
      body: JSON.stringify(roster),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.service.adminToken()}` },
    });
    if (res.status !== 200) throw new Error(`roster import failed: HTTP ${res.status} ${await res.text()}`);
  }

  /** The villages' say-things day becomes today (reminder hour 0): the next tick sends the reminder to every resident. */
  async sayThingsDueNow(): Promise<void> {
    if (!this.o.sayThingsDuringLoad) return;
    for (const r of this.rosters) {
      await this.importRoster({
        ...r,
        village: { ...r.village, sayThingsDay: this.o.sayThingsDay, reminderHour: 0, reminderDaysBefore: 0 },
      });
    }
    // The service ticks once a minute (slower on a starved machine): the load starts with the reminder's first
    // delivery, so the 800 sends and the residents' reports overlap whatever the tick's timing.
    const t0 = performance.now();
    const seen0 = this.inbox.broadcasts;
    while (this.inbox.broadcasts === seen0 && performance.now() - t0 < 180_000)
      await new Promise((r) => setTimeout(r, 100));
    const waited = ((performance.now() - t0) / 1000).toFixed(1);
    this.o.log(
      this.inbox.broadcasts > seen0
        ? `  say-things day moved to today (the ${this.o.sayThingsDay}th, reminder hour 0): the reminder's first delivery ${waited} s later; the load starts now`
        : `  !! say-things day moved to today, but no reminder was delivered within ${waited} s; the load starts anyway`,
    );
  }

  /**
   * Like a supervisor: starts the service again until it comes up (the database may still be away, a
   * starved machine may miss the start's own timeouts); returns the attempts it took.
   */
  async startUntilUp(): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.service.start();
        if (attempt > 1) this.o.log(`  service up (pid ${this.service.pid}) after ${attempt} attempts`);
        return attempt;
      } catch (err) {
        if (attempt === 1)
          this.o.log(`  !! start failed, retrying every second: ${String(err).split('\n').slice(-3).join(' ')}`);
        if (attempt >= 60) throw err;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  /** Waits until nothing is pending: asks PostgreSQL, or (PGlite) waits for the fake API to go quiet. */
  async settle(timeoutMs: number, quietMs = 3000): Promise<{ ms: number; pendingIn?: number; pendingOut?: number }> {
    if (this.pgProbe) return settlePostgres(this.pgProbe, timeoutMs);
    return settleQuiet(this.fake.deliveries, quietMs, timeoutMs);
  }

  /**
   * Runs `fn` against the service's database. PGlite is single-process: the service is stopped
   * (SIGTERM) for the look and, when `restart`, started again on the same folder.
   */
  async inspect<T>(fn: (p: Probe) => Promise<T>, restart = true): Promise<T> {
    if (this.pgProbe) return fn(this.pgProbe);
    await this.service.stop('SIGTERM');
    const probe = await pgliteProbe(join(this.dataDir!, 'pglite'));
    try {
      return await fn(probe);
    } finally {
      await probe.close();
      if (restart) await this.service.start();
    }
  }

  /** PostgreSQL only: the probe stays usable while the service runs. */
  get liveProbe(): Probe | null {
    return this.pgProbe;
  }

  async teardown(): Promise<void> {
    for (const extra of this.services.slice(1)) await extra.stop('SIGTERM').catch(() => {});
    await this.service?.stop('SIGTERM').catch(() => {});
    await this.pgProbe?.close().catch(() => {});
    await this.fake.stop().catch(() => {});
    if (this.dbName)
      await this.o
        .scratch!.drop(this.dbName)
        .catch((err) => this.o.log(`  could not drop ${this.dbName}: ${String(err)}`));
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

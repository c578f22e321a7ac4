import { describe, expect, it } from 'vitest';
import { chatFeatureHandlers, featureHelp } from '../../src/chat/features.js';
import type { MemberActor } from '../../src/data/people.repository.js';
import { type ChatFeature, type CommandOf } from '../../src/domain/chat-feature.js';
import { commandTable, parseCallback, parseCommand } from '../../src/domain/commands.js';
import { chatFeatures } from '../../src/domain/features.js';
import { features } from '../../src/features.js';
import { featureSweeps } from '../../src/rhythm/feature-sweeps.js';
import { textsFor } from '../../src/texts/index.js';

/** A feature of the shape every listed one has: its commands follow from its parser's type. */
type Ping = { type: 'fixture_ping'; n: number };
const fixture: ChatFeature<Ping> = {
  specs: { fixture_ping: { who: 'bound', inRoom: false } },
  parse: (text) => (/^ping (\d)$/.exec(text) ? { type: 'fixture_ping', n: Number(text.slice(5)) } : null),
  parseCallback: (data) => (data.startsWith('pg:') ? { type: 'fixture_ping', n: Number(data.slice(3)) } : undefined),
};

describe('the one feature list (src/features.ts)', () => {
  it('registers every part of every feature it lists: commands, handlers, texts in both languages and sweeps', () => {
    const names = new Set<string>();
    for (const feature of features) {
      expect(names.has(feature.name), feature.name).toBe(false);
      names.add(feature.name);
      if ('commands' in feature) {
        expect(chatFeatures).toContain(feature.commands);
        for (const [type, spec] of Object.entries(feature.commands.specs))
          expect(commandTable[type as keyof typeof commandTable], type).toBe(spec);
      }
      if ('chat' in feature)
        for (const [type, handler] of Object.entries(feature.chat.handlers))
          expect(chatFeatureHandlers[type], type).toBe(handler);
      if ('texts' in feature)
        for (const [name, tables] of Object.entries(feature.texts)) {
          expect(textsFor('zh')[name as keyof ReturnType<typeof textsFor>], name).toBe(tables.zh);
          expect(textsFor('en')[name as keyof ReturnType<typeof textsFor>], name).toBe(tables.en);
        }
      if ('sweeps' in feature)
        for (const [name, sweep] of Object.entries(feature.sweeps)) expect(featureSweeps[name], name).toBe(sweep);
    }
    // Every command parser installed is a listed feature's, in the list's order.
    expect(chatFeatures).toEqual(features.flatMap((f) => ('commands' in f ? [f.commands] : [])));
  });
});

describe('the features with chat commands of their own (installed in src/domain/features.ts)', () => {
  it('derive their command types from the feature', () => {
    const cmd: CommandOf<typeof fixture> | null = fixture.parse('ping 3', 'ping 3');
    expect(cmd).toEqual({ type: 'fixture_ping', n: 3 });
    expect(fixture.parseCallback('acc:1')).toBeUndefined();
  });

  it('each join the command table and the handler table with exactly their own commands', () => {
    const core = Object.keys(commandTable).filter((type) => !chatFeatures.some((f) => type in f.specs));
    const seen = new Set(core);
    for (const feature of chatFeatures)
      for (const [type, spec] of Object.entries(feature.specs)) {
        // A feature never takes over a core command or another feature's: the table is assembled by spreading.
        expect(seen.has(type), type).toBe(false);
        seen.add(type);
        expect(commandTable[type as keyof typeof commandTable]).toBe(spec);
        expect(type in chatFeatureHandlers, type).toBe(true);
      }
    expect([...seen].sort()).toEqual(Object.keys(commandTable).sort());
    expect(core).toContain('text');
  });

  it("are read by parseCommand and parseCallback: each feature's words and buttons", () => {
    expect(parseCommand('走访 一组2号 家里都好').type).toBe('care_visit');
    expect(parseCommand('调查 #12 去了现场，。')).toEqual({ type: 'med_investigate', ref: 12, text: '去了现场，。' });
    expect(parseCommand('投票 D3 同意')).toEqual({ type: 'vote', id: 3, option: '同意' });
    expect(parseCommand('群众评党员')).toEqual({ type: 'open_rating_round' });
    expect(parseCallback('ck:7')).toEqual({ type: 'care_checkin', householdId: 7 });
    expect(parseCallback('mdo:12')).toEqual({ type: 'med_open', ref: 12 });
    expect(parseCallback('nr:5')).toEqual({ type: 'notice_read', id: 5 });
    expect(parseCallback('mr:3:12:1')).toEqual({ type: 'rate_member', round: 3, memberId: 12, rating: 'satisfied' });
    // Not a feature's: the core's words still answer.
    expect(parseCommand('接单 #12')).toEqual({ type: 'accept', ref: 12 });
    expect(parseCallback('acc:12')).toEqual({ type: 'accept', ref: 12 });
  });

  it("add their lines to a member's 帮助 by the member's roles, in the list's order", () => {
    const t = textsFor('zh');
    const member = (roles: string[]) => ({ member: { roles } }) as unknown as MemberActor;
    expect(featureHelp(member(['leader']), t)).toBe(`\n${t.care.help}`);
    expect(featureHelp(member(['mediator']), t)).toBe(`\n${t.mediation.help}\n${t.care.help}`);
    expect(featureHelp(member(['secretary']), t)).toBe(
      `\n${t.mediation.help}\n${t.memberRatings.help}\n${t.care.help}`,
    );
  });
});

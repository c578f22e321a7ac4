import type { Texts } from '../texts/index.js';
import type { DeskUser } from './desk.session.js';

/** The scope as the header names it: 磁州镇各村, 小营店村, 本组：第三互助组. */
export function scopeOf(t: Texts, user: DeskUser): string {
  const s = user.scope;
  switch (s.kind) {
    case 'all':
      return t.desk.scope.all;
    case 'county':
      return t.desk.scope.county(s.county);
    case 'town':
      return t.desk.scope.town(s.town);
    case 'village':
      return t.desk.scope.village(user.kind === 'member' ? user.village.name : String(s.villageId));
    case 'groups':
      return t.desk.scope.groups(user.kind === 'member' ? user.groupNames.join('、') : String(s.groupIds.length));
  }
}

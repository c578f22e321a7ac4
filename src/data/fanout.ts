import type { Fanout } from '../channels/adapter.js';
import type { Database } from '../../db/client.js';

/** Adapters' topics live under this prefix, apart from the core's own channels (linli_roster). */
const PREFIX = 'linli_fanout_';

/** The adapters' broadcast across instances: NOTIFY on the shared database, heard by each instance's LISTEN. */
export function databaseFanout(database: Pick<Database, 'executeSql' | 'listen'>): Fanout {
  const channel = (topic: string) => {
    if (!/^[a-z][a-z0-9_]{0,40}$/.test(topic)) throw new Error(`bad fanout topic ${topic}`);
    return `${PREFIX}${topic}`;
  };
  return {
    publish: async (topic, payload) => { await database.executeSql('select pg_notify($1, $2)', [channel(topic), payload]); },
    subscribe: (topic, onMessage) => database.listen(channel(topic), onMessage),
  };
}

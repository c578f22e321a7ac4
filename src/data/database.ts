/** The rest of the service opens and types the database through here: only src/data imports db/. */
export { type Database, type Db, type DbOrTx, type Tx, homeOf, openDatabase, ping } from '../../db/client.js';
export { rowsOf } from '../../db/rows.js';

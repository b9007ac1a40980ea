/** Votes on a paper as the bot stored them, read from its SQLite database. */
import { openDatabase } from '../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';

export async function storedVotes(databasePath: string, paperId: string): Promise<number> {
  const stores = createSqliteStores(openDatabase(databasePath));
  try {
    return await stores.votes.countVotes(paperId);
  } finally {
    await stores.close();
  }
}

import { createSqliteStores } from '../../../src/store/sqlite/stores.js';
import { openDatabase } from '../../../src/store/sqlite/database.js';
import { describeInstallationStoreContract } from './installation-store.contract.js';

describeInstallationStoreContract('SQLite', () => {
  const stores = createSqliteStores(openDatabase(':memory:'));
  return Promise.resolve({ store: stores.installations, close: () => stores.close() });
});

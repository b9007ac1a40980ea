/**
 * Every store contract against every store adapter. A new engine joins by adding one entry to
 * `adapters`: a name, whether its data outlives a process, and how to make an empty database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stores } from '../../src/core/ports.js';
import { openSqliteStores } from '../../src/store/sqlite/stores.js';
import { postgresSearchCopyAdapter, postgresStoreAdapter } from '../support/postgres/store-adapter.js';
import type { OpenOptions, StoreAdapter, TestDatabase } from './stores/adapter.js';
import { describeChannelLockContract } from './stores/channel-lock.contract.js';
import { describeDeliveryMarksContract } from './stores/delivery-marks.contract.js';
import { describeFollowStoreContract } from './stores/follow-store.contract.js';
import { describeIngestLogContract } from './stores/ingest-log.contract.js';
import { describeInstallationStoreContract } from './stores/installation-store.contract.js';
import { describePaperSearchContract } from './stores/paper-search.contract.js';
import { describePaperStoreContract } from './stores/paper-store.contract.js';
import { describePostLedgerContract } from './stores/post-ledger.contract.js';
import { describeRunStoreContract } from './stores/run-store.contract.js';
import { describeStoresContract } from './stores/stores-bundle.contract.js';
import { describeSubscriptionStoreContract } from './stores/subscription-store.contract.js';
import { describeVoteStoreContract } from './stores/vote-store.contract.js';
import { describeWorkClaimsContract } from './stores/work-claims.contract.js';

/** A database that `open` reaches at `path`, closing every Stores opened on it when dropped. */
function sqliteDatabase(path: string, cleanUp: () => void = () => {}): TestDatabase {
  const opened: Stores[] = [];
  return {
    open(options: OpenOptions = {}) {
      const stores = openSqliteStores(path, options);
      opened.push(stores);
      return Promise.resolve(stores);
    },
    async drop() {
      for (const stores of opened) await stores.close();
      cleanUp();
    },
  };
}

const adapters: StoreAdapter[] = [
  {
    name: 'SQLite in memory',
    durable: false,
    create: () => Promise.resolve(sqliteDatabase(':memory:')),
  },
  {
    name: 'SQLite file',
    durable: true,
    create() {
      const dir = mkdtempSync(join(tmpdir(), 'paperboy-contract-'));
      return Promise.resolve(sqliteDatabase(join(dir, 'paperboy.db'), () => rmSync(dir, { recursive: true, force: true })));
    },
  },
  postgresStoreAdapter,
];

for (const adapter of adapters) {
  describePaperStoreContract(adapter);
  describePaperSearchContract(adapter);
  describeSubscriptionStoreContract(adapter);
  describePostLedgerContract(adapter);
  describeRunStoreContract(adapter);
  describeVoteStoreContract(adapter);
  describeIngestLogContract(adapter);
  describeChannelLockContract(adapter);
  describeWorkClaimsContract(adapter);
  describeDeliveryMarksContract(adapter);
  describeInstallationStoreContract(adapter);
  describeFollowStoreContract(adapter);
  describeStoresContract(adapter);
}

// Only searches differ with a search copy: the search contracts, and the paper and vote stores whose writes it follows.
describePaperStoreContract(postgresSearchCopyAdapter);
describePaperSearchContract(postgresSearchCopyAdapter);
describeVoteStoreContract(postgresSearchCopyAdapter);

/** Every store port on one SQLite database, for the composition root and tests. */
import type { Database } from 'better-sqlite3';
import type { Clock, Stores } from '../../core/ports.js';
import { createInProcessChannelLock } from '../in-process-channel-lock.js';
import { createInProcessClaims } from '../in-process-claims.js';
import { openDatabase } from './database.js';
import { createSqliteDeliveryMarks } from './delivery-marks.js';
import { createSqliteFollowStore } from './follow-store.js';
import { createSqliteIngestLog } from './ingest-log.js';
import { createSqliteInstallationStore } from './installation-store.js';
import { createSqlitePaperStore } from './paper-store.js';
import { createSqlitePostLedger } from './post-ledger.js';
import { createSqliteRunStore } from './run-store.js';
import { createSqliteSubscriptionStore } from './subscription-store.js';
import { optimizeSearchIndex } from './search/paper-search.js';
import { createSqliteVoteStore } from './vote-store.js';

export interface SqliteStores extends Stores {
  /** After a bulk load (a backfill): merges the full-text index's segments for fast searches. */
  optimizeSearch(): Promise<void>;
}

export function createSqliteStores(db: Database, options: { clock?: Clock } = {}): SqliteStores {
  return {
    papers: createSqlitePaperStore(db, options),
    subscriptions: createSqliteSubscriptionStore(db),
    ledger: createSqlitePostLedger(db),
    votes: createSqliteVoteStore(db),
    runs: createSqliteRunStore(db),
    ingestLog: createSqliteIngestLog(db),
    installations: createSqliteInstallationStore(db),
    follows: createSqliteFollowStore(db),
    // One process owns an SQLite file, so its lock can live in memory.
    channelLock: createInProcessChannelLock(),
    claims: createInProcessClaims(),
    deliveryMarks: createSqliteDeliveryMarks(db),
    problem() {
      if (!db.open) return Promise.resolve('database is closed');
      try {
        db.prepare('SELECT 1').get();
        return Promise.resolve(undefined);
      } catch (error) {
        // /healthz shows this: the error's class and code, not its message (paths, SQL).
        const code = (error as { code?: unknown }).code;
        return Promise.resolve(`database did not answer (${error instanceof Error ? error.name : typeof error}${typeof code === 'string' ? ` ${code}` : ''})`);
      }
    },
    close() {
      if (db.open) db.close();
      return Promise.resolve();
    },
    optimizeSearch() {
      optimizeSearchIndex(db);
      return Promise.resolve();
    },
  };
}

/** Opens (creating and migrating) the database file at `path` and every store on it. */
export function openSqliteStores(path: string, options: { clock?: Clock } = {}): SqliteStores {
  return createSqliteStores(openDatabase(path), options);
}

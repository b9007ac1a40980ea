/** Every store port on one PostgreSQL database, for the composition root, the CLI and tests. */
import pg from 'pg';
import { systemClock, type Clock, type Stores } from '../../core/ports.js';
import { createPostgresChannelLock } from './channel-lock.js';
import { describeServer, openPostgres, type Pool } from './database.js';
import { createPostgresDeliveryMarks } from './delivery-marks.js';
import { createPostgresFollowStore } from './follow-store.js';
import { createPostgresIngestLog } from './ingest-log.js';
import { createPostgresInstallationStore } from './installation-store.js';
import { createPostgresPaperStore } from './paper-store.js';
import type { PostgresSearchOptions } from './search/paper-search.js';
import { createSearchCopy, type SearchCopy, type SearchCopyLog } from './search-copy/search-copy.js';
import { createPostgresPostLedger } from './post-ledger.js';
import { createPostgresRunStore } from './run-store.js';
import { createPostgresSubscriptionStore } from './subscription-store.js';
import { createPostgresVoteStore } from './vote-store.js';
import { createPostgresWorkClaims } from './work-claims.js';

export interface PostgresStoresOptions {
  readonly clock?: Clock;
  /** Most connections for queries (default 10); the channel locks use one more of their own. */
  readonly poolSize?: number;
  /** Told about connection problems that do not fail a call (an idle connection dropped, the lock session lost). */
  readonly onConnectionError?: (error: Error) => void;
  /** Search tuning; the defaults suit any archive size (tests shrink the window). */
  readonly search?: PostgresSearchOptions;
  /**
   * A local SQLite copy of the archive that this instance searches (search-copy/): its file, or
   * ':memory:'. Unset: every search runs on PostgreSQL.
   */
  readonly searchCopy?: { readonly path: string; readonly log?: SearchCopyLog; readonly retryMs?: number };
}

export interface PostgresStores extends Stores {
  readonly pool: Pool;
  /** The local search copy, when one was asked for. */
  readonly searchCopy?: SearchCopy;
  /** After a bulk load (a backfill): refreshes the planner's statistics and the visibility map. */
  optimizeSearch(): Promise<void>;
}

/** Every store on an open pool; `url` is where the channel locks open their own session. */
export function createPostgresStores(pool: Pool, url: string, options: PostgresStoresOptions = {}): PostgresStores {
  const channelLock = createPostgresChannelLock({
    connect: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      return client;
    },
    ...(options.onConnectionError ? { onConnectionLost: options.onConnectionError } : {}),
  });
  let closed = false;
  const searchCopy = options.searchCopy ? createSearchCopy(pool, { ...options.searchCopy, clock: options.clock ?? systemClock }) : undefined;
  searchCopy?.start();
  return {
    pool,
    ...(searchCopy ? { searchCopy } : {}),
    papers: createPostgresPaperStore(pool, {
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.search ? { search: options.search } : {}),
      ...(searchCopy ? { searchCopy } : {}),
    }),
    subscriptions: createPostgresSubscriptionStore(pool),
    ledger: createPostgresPostLedger(pool),
    votes: createPostgresVoteStore(pool),
    runs: createPostgresRunStore(pool),
    ingestLog: createPostgresIngestLog(pool),
    installations: createPostgresInstallationStore(pool),
    follows: createPostgresFollowStore(pool),
    channelLock,
    claims: createPostgresWorkClaims(pool),
    deliveryMarks: createPostgresDeliveryMarks(pool),
    async problem() {
      if (closed) return 'database is closed';
      try {
        await pool.query('SELECT 1');
        return undefined;
      } catch (error) {
        return `PostgreSQL ${describeServer(url)}: ${error instanceof Error ? error.message : String(error)}`;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await searchCopy?.close();
      await channelLock.close();
      await pool.end();
    },
    async optimizeSearch() {
      await pool.query('VACUUM (ANALYZE) papers, paper_search');
    },
  };
}

/** Connects to `url`, migrates the schema, and opens every store on it. */
export async function openPostgresStores(url: string, options: PostgresStoresOptions = {}): Promise<PostgresStores> {
  const pool = await openPostgres(url, {
    ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
    ...(options.onConnectionError ? { onIdleError: options.onConnectionError } : {}),
  });
  return createPostgresStores(pool, url, options);
}

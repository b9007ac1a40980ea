/** Every SQLite-backed store over one database, for the composition root and tests. */
import type { Database } from 'better-sqlite3';
import type { RunStore } from '../core/digest-runs.js';
import type { Clock, PaperStore } from '../core/ports.js';
import type { PostLedger } from '../core/posts.js';
import type { SubscriptionStore } from '../core/subscriptions.js';
import type { VoteStore } from '../core/votes.js';
import { createSqliteRunStore } from './digest-run-store.js';
import { createSqlitePaperStore } from './paper-store.js';
import { createSqlitePostLedger } from './post-ledger.js';
import { createSqliteSubscriptionStore } from './subscription-store.js';
import { createSqliteVoteStore } from './vote-store.js';

export interface Stores {
  readonly papers: PaperStore;
  readonly subscriptions: SubscriptionStore;
  readonly ledger: PostLedger;
  readonly votes: VoteStore;
  readonly runs: RunStore;
  /** Undefined when the database answers, else why not (for /healthz). */
  problem(): string | undefined;
  close(): void;
}

export function createSqliteStores(db: Database, options: { clock?: Clock } = {}): Stores {
  const papers = createSqlitePaperStore(db, options);
  return {
    papers,
    subscriptions: createSqliteSubscriptionStore(db),
    ledger: createSqlitePostLedger(db),
    votes: createSqliteVoteStore(db),
    runs: createSqliteRunStore(db),
    problem() {
      if (!db.open) return 'database is closed';
      try {
        db.prepare('SELECT 1').get();
        return undefined;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
    close() {
      papers.close();
    },
  };
}

/** VoteStore on SQLite (table created by community-schema.ts). */
import type { Database } from 'better-sqlite3';
import type { VoteStore } from '../../core/ports.js';
import { promised, type Synchronous } from '../promised.js';

/** The synchronous implementation, for SQLite-specific tests and benchmarks. */
export function createSqliteVoteStoreSync(db: Database): Synchronous<VoteStore> {
  const add = db.prepare('INSERT INTO votes (platform, user_id, paper_id, created_at) VALUES (@platform, @userId, @paperId, @at) ON CONFLICT DO NOTHING');
  const remove = db.prepare('DELETE FROM votes WHERE platform = @platform AND user_id = @userId AND paper_id = @paperId');
  const count = db.prepare<[string], number>('SELECT count(*) FROM votes WHERE paper_id = ?').pluck();
  // Only papers the store knows can be shown, so the join also drops votes for unknown ids.
  const top = db.prepare<[{ since: string | null; limit: number }], { paper_id: string; votes: number }>(`
    SELECT v.paper_id, count(*) AS votes
    FROM votes v JOIN papers p ON p.id = v.paper_id
    WHERE @since IS NULL OR v.created_at >= @since
    GROUP BY v.paper_id
    ORDER BY votes DESC, max(p.upvotes) DESC, v.paper_id
    LIMIT @limit`);

  return {
    addVote: (vote) => add.run(vote).changes > 0,
    removeVote: (vote) => remove.run(vote).changes > 0,
    countVotes: (paperId) => count.get(paperId) ?? 0,
    topVoted: ({ since, limit }) => top.all({ since: since ?? null, limit }).map((row) => ({ paperId: row.paper_id, votes: row.votes })),
  };
}

export function createSqliteVoteStore(db: Database): VoteStore {
  return promised<VoteStore>(createSqliteVoteStoreSync(db));
}

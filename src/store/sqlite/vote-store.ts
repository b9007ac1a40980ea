/** VoteStore on SQLite (table created by community-schema.ts, its community by vote-community-schema.ts). */
import type { Database } from 'better-sqlite3';
import type { VoteStore } from '../../core/ports.js';
import { communityKey, type Community } from '../../core/channels.js';
import { promised, type Synchronous } from '../promised.js';

const poolJson = (communities: readonly Community[] | undefined): string | null => (communities === undefined ? null : JSON.stringify(communities.map(communityKey)));

/** The synchronous implementation, for SQLite-specific tests and benchmarks. */
export function createSqliteVoteStoreSync(db: Database): Synchronous<VoteStore> {
  const add = db.prepare('INSERT INTO votes (platform, workspace_id, user_id, paper_id, created_at) VALUES (@platform, @workspaceId, @userId, @paperId, @at) ON CONFLICT DO NOTHING');
  const remove = db.prepare('DELETE FROM votes WHERE platform = @platform AND workspace_id = @workspaceId AND user_id = @userId AND paper_id = @paperId');
  // A pool is a JSON array of "platform:workspace" keys, or null for every community; a person
  // who voted in two communities of the pool counts once.
  const count = db.prepare<[{ paperId: string; pool: string | null }], number>(`
    SELECT count(DISTINCT v.platform || ':' || v.user_id) FROM votes v
    WHERE v.paper_id = @paperId AND (@pool IS NULL OR v.platform || ':' || v.workspace_id IN (SELECT value FROM json_each(@pool)))`).pluck();
  // Only papers the store knows can be shown, so the join also drops votes for unknown ids.
  const top = db.prepare<[{ since: string | null; limit: number; pool: string | null }], { paper_id: string; votes: number }>(`
    SELECT v.paper_id, count(DISTINCT v.platform || ':' || v.user_id) AS votes
    FROM votes v JOIN papers p ON p.id = v.paper_id
    WHERE (@since IS NULL OR v.created_at >= @since)
      AND (@pool IS NULL OR v.platform || ':' || v.workspace_id IN (SELECT value FROM json_each(@pool)))
    GROUP BY v.paper_id
    ORDER BY votes DESC, max(p.upvotes) DESC, v.paper_id
    LIMIT @limit`);

  return {
    addVote: (vote) => add.run(vote).changes > 0,
    removeVote: (vote) => remove.run(vote).changes > 0,
    countVotes: (paperId, communities) => count.get({ paperId, pool: poolJson(communities) }) ?? 0,
    topVoted: ({ since, limit, communities }) =>
      top.all({ since: since ?? null, limit, pool: poolJson(communities) }).map((row) => ({ paperId: row.paper_id, votes: row.votes })),
  };
}

export function createSqliteVoteStore(db: Database): VoteStore {
  return promised<VoteStore>(createSqliteVoteStoreSync(db));
}

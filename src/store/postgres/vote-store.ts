/** VoteStore on PostgreSQL (table created by channels-schema.ts). */
import type { VoteStore } from '../../core/ports.js';
import type { Queryable } from './database.js';

export function createPostgresVoteStore(db: Queryable): VoteStore {
  return {
    async addVote(vote) {
      const result = await db.query('INSERT INTO votes (platform, user_id, paper_id, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
        vote.platform,
        vote.userId,
        vote.paperId,
        vote.at,
      ]);
      return (result.rowCount ?? 0) > 0;
    },
    async removeVote(vote) {
      const result = await db.query('DELETE FROM votes WHERE platform = $1 AND user_id = $2 AND paper_id = $3', [vote.platform, vote.userId, vote.paperId]);
      return (result.rowCount ?? 0) > 0;
    },
    async countVotes(paperId) {
      const { rows } = await db.query<{ votes: number }>('SELECT count(*) AS votes FROM votes WHERE paper_id = $1', [paperId]);
      return rows[0]?.votes ?? 0;
    },
    async topVoted({ since, limit }) {
      // Only papers the store knows can be shown, so the join also drops votes for unknown ids.
      const { rows } = await db.query<{ paper_id: string; votes: number }>(
        `SELECT v.paper_id, count(*) AS votes
         FROM votes v JOIN papers p ON p.id = v.paper_id
         WHERE $1::text IS NULL OR v.created_at >= $1
         GROUP BY v.paper_id
         ORDER BY votes DESC, max(p.upvotes) DESC, v.paper_id
         LIMIT $2`,
        [since ?? null, limit],
      );
      return rows.map((row) => ({ paperId: row.paper_id, votes: row.votes }));
    },
  };
}

/** VoteStore on PostgreSQL (table created by channels-schema.ts, its community by vote-community-schema.ts). */
import { communityKey, type Community } from '../../core/channels.js';
import type { VoteStore } from '../../core/ports.js';
import type { Queryable } from './database.js';

/** A pool as "platform:workspace" keys, or null for every community. */
const poolKeys = (communities: readonly Community[] | undefined): string[] | null => (communities === undefined ? null : communities.map(communityKey));
/** People, not rows: a person who voted in two communities of the pool counts once. */
const PEOPLE = "count(DISTINCT v.platform || ':' || v.user_id)";
const IN_POOL = (parameter: string) => `(${parameter}::text[] IS NULL OR v.platform || ':' || v.workspace_id = ANY(${parameter}::text[]))`;

export function createPostgresVoteStore(db: Queryable): VoteStore {
  return {
    async addVote(vote) {
      const result = await db.query('INSERT INTO votes (platform, workspace_id, user_id, paper_id, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
        vote.platform,
        vote.workspaceId,
        vote.userId,
        vote.paperId,
        vote.at,
      ]);
      return (result.rowCount ?? 0) > 0;
    },
    async removeVote(vote) {
      const result = await db.query('DELETE FROM votes WHERE platform = $1 AND workspace_id = $2 AND user_id = $3 AND paper_id = $4', [
        vote.platform,
        vote.workspaceId,
        vote.userId,
        vote.paperId,
      ]);
      return (result.rowCount ?? 0) > 0;
    },
    async countVotes(paperId, communities) {
      const { rows } = await db.query<{ votes: number }>(`SELECT ${PEOPLE} AS votes FROM votes v WHERE v.paper_id = $1 AND ${IN_POOL('$2')}`, [
        paperId,
        poolKeys(communities),
      ]);
      return rows[0]?.votes ?? 0;
    },
    async topVoted({ since, limit, communities }) {
      // Only papers the store knows can be shown, so the join also drops votes for unknown ids.
      const { rows } = await db.query<{ paper_id: string; votes: number }>(
        `SELECT v.paper_id, ${PEOPLE} AS votes
         FROM votes v JOIN papers p ON p.id = v.paper_id
         WHERE ($1::text IS NULL OR v.created_at >= $1) AND ${IN_POOL('$3')}
         GROUP BY v.paper_id
         ORDER BY votes DESC, max(p.upvotes) DESC, v.paper_id
         LIMIT $2`,
        [since ?? null, limit, poolKeys(communities)],
      );
      return rows.map((row) => ({ paperId: row.paper_id, votes: row.votes }));
    },
  };
}

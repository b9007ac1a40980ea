/**
 * FollowStore on PostgreSQL (tables created by follows-schema.ts), the same rows as SQLite's.
 * Adding a follow holds the person's advisory lock for its transaction, so two instances adding
 * at once cannot both pass the limit check.
 */
import type { Follower } from '../../core/follows/follow.js';
import type { PaperId } from '../../core/paper.js';
import type { AddFollowResult, FollowStore } from '../../core/ports.js';
import { FOLLOW_SELECT, parseAlertPapers, rowToFollow, type FollowRow } from '../rows/follow-row.js';
import { LockNamespace, lockKeyOf } from './advisory-locks.js';
import { withTransaction, type Pool, type Queryable } from './database.js';

type Person = Pick<Follower, 'platform' | 'userId'>;
const who = (follower: Person): [string, string] => [follower.platform, follower.userId];
const BY_PERSON = 'platform = $1 AND user_id = $2';

async function addFollow(db: Queryable, follow: Follower & { query: string; at: string }, max: number): Promise<AddFollowResult> {
  await db.query('SELECT pg_advisory_xact_lock($1, $2)', [LockNamespace.follower, lockKeyOf(`${follow.platform}:${follow.userId}`)]);
  const byQuery = async (): Promise<FollowRow | undefined> =>
    (await db.query<FollowRow>(`${FOLLOW_SELECT} WHERE f.platform = $1 AND f.user_id = $2 AND f.query = $3`, [...who(follow), follow.query])).rows[0];
  const existing = await byQuery();
  if (existing !== undefined) return { status: 'duplicate', follow: rowToFollow(existing) };
  const held = (await db.query<{ n: number }>(`SELECT count(*) AS n FROM follows WHERE ${BY_PERSON}`, who(follow))).rows[0]?.n ?? 0;
  if (held >= max) return { status: 'limit', count: held };
  // The latest workspace wins: alerts go out through the platform of the last follow made.
  await db.query(
    `INSERT INTO followers (platform, user_id, workspace_id) VALUES ($1, $2, $3)
     ON CONFLICT (platform, user_id) DO UPDATE SET workspace_id = excluded.workspace_id`,
    [...who(follow), follow.workspaceId],
  );
  await db.query('INSERT INTO follows (platform, user_id, query, created_at) VALUES ($1, $2, $3, $4)', [...who(follow), follow.query, follow.at]);
  const added = await byQuery();
  if (added === undefined) throw new Error('follow vanished after insert');
  return { status: 'added', follow: rowToFollow(added) };
}

export function createPostgresFollowStore(pool: Pool): FollowStore {
  return {
    addFollow: (follow, max) => withTransaction(pool, (client) => addFollow(client, follow, max)),
    async listFollows(follower) {
      const { rows } = await pool.query<FollowRow>(`${FOLLOW_SELECT} WHERE f.platform = $1 AND f.user_id = $2 ORDER BY f.id`, who(follower));
      return rows.map(rowToFollow);
    },
    async removeFollows(follower, which) {
      const result = which === 'all'
        ? await pool.query(`DELETE FROM follows WHERE ${BY_PERSON}`, who(follower))
        : await pool.query(`DELETE FROM follows WHERE ${BY_PERSON} AND id = $3`, [...who(follower), which]);
      return result.rowCount ?? 0;
    },
    async activeFollows() {
      const { rows } = await pool.query<FollowRow>(`${FOLLOW_SELECT} WHERE p.paused_at IS NULL ORDER BY f.platform, f.user_id, f.id`);
      return rows.map(rowToFollow);
    },
    async pauseFollower(follower, reason, at) {
      await pool.query(`UPDATE followers SET paused_at = $3, pause_reason = $4 WHERE ${BY_PERSON}`, [...who(follower), at, reason]);
    },
    async resumeFollower(follower) {
      // One statement: of two instances resuming at once, only one learns the reason (and tells the person).
      const { rows } = await pool.query<{ pause_reason: string | null }>(
        `UPDATE followers f SET paused_at = NULL, pause_reason = NULL
         FROM (SELECT platform, user_id, pause_reason FROM followers WHERE ${BY_PERSON} AND paused_at IS NOT NULL FOR UPDATE) old
         WHERE f.platform = old.platform AND f.user_id = old.user_id
         RETURNING old.pause_reason`,
        who(follower),
      );
      const row = rows[0];
      return row === undefined ? undefined : (row.pause_reason ?? 'paused');
    },
    async alertedAmong(follower, paperIds) {
      const { rows } = await pool.query<{ paper_id: PaperId }>(
        `SELECT paper_id FROM follow_alerted WHERE ${BY_PERSON} AND paper_id = ANY($3::text[])`,
        [...who(follower), [...paperIds]],
      );
      return new Set(rows.map((row) => row.paper_id));
    },
    async recordAlerted(follower, day, paperIds) {
      await pool.query(
        `INSERT INTO follow_alerted (platform, user_id, paper_id, day) SELECT $1, $2, id, $4 FROM unnest($3::text[]) AS id
         ON CONFLICT DO NOTHING`,
        [...who(follower), [...paperIds], day],
      );
    },
    async fixAlert(follower, day, paperIds, at) {
      await pool.query(
        `INSERT INTO follow_alerts (platform, user_id, day, papers, matched, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [...who(follower), day, JSON.stringify(paperIds), paperIds.length, at],
      );
      const { rows } = await pool.query<{ papers: string }>(`SELECT papers FROM follow_alerts WHERE ${BY_PERSON} AND day = $3`, [...who(follower), day]);
      return parseAlertPapers(rows[0]?.papers);
    },
    async beginAlertRun(day, at) {
      await pool.query(
        `INSERT INTO follow_runs (day, state, started_at) VALUES ($1, 'running', $2)
         ON CONFLICT (day) DO UPDATE SET state = 'running', started_at = excluded.started_at, finished_at = NULL`,
        [day, at],
      );
    },
    async finishAlertRun(day, summary, at) {
      await pool.query("UPDATE follow_runs SET state = 'done', finished_at = $2, people = $3, sent = $4 WHERE day = $1", [day, at, summary.people, summary.sent]);
    },
    async unfinishedAlertRuns() {
      const { rows } = await pool.query<{ day: string }>("SELECT day FROM follow_runs WHERE state = 'running' ORDER BY day");
      return rows.map((row) => row.day);
    },
  };
}

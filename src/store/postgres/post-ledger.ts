/** PostLedger on PostgreSQL (table created by channels-schema.ts, extended by follows-schema.ts). */
import type { ChannelRef } from '../../core/channels.js';
import { paperOfKey, postNonce } from '../../core/posts.js';
import type { PostLedger } from '../../core/ports.js';
import { rowToPost, type PostRow } from '../rows/post-row.js';
import type { Queryable } from './database.js';

const KEY = 'platform = $1 AND workspace_id = $2 AND channel_id = $3 AND paper_id = $4';
const keyOf = (channel: ChannelRef, paperId: string): string[] => [channel.platform, channel.workspaceId, channel.channelId, paperId];

// One statement: the new pending row, or the existing one untouched, whichever instance wins.
const BEGIN = `
  WITH inserted AS (
    INSERT INTO posts (platform, workspace_id, channel_id, paper_id, state, nonce, day, created_at, shows_paper, shared_by)
    VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $8, $9)
    ON CONFLICT DO NOTHING
    RETURNING *
  )
  SELECT * FROM inserted
  UNION ALL
  SELECT * FROM posts WHERE ${KEY} AND NOT EXISTS (SELECT 1 FROM inserted)`;

export function createPostgresPostLedger(db: Queryable): PostLedger {
  return {
    async beginPost({ channel, paperId, day, at, sharedBy }) {
      const { rows } = await db.query<PostRow>(BEGIN, [
        ...keyOf(channel, paperId), postNonce(channel, paperId), day ?? null, at, paperOfKey(paperId) ?? null, sharedBy ?? null,
      ]);
      // Empty when another instance inserted the row after this statement's snapshot was taken.
      const row = rows[0] ?? (await db.query<PostRow>(`SELECT * FROM posts WHERE ${KEY}`, keyOf(channel, paperId))).rows[0];
      if (!row) throw new Error('post ledger row vanished while it was begun');
      return rowToPost(row);
    },
    async markSent(channel, paperId, message, at) {
      await db.query(
        `UPDATE posts SET state = 'sent', message_id = $5, message_channel_id = $6, thread_id = $7, sent_at = $8 WHERE ${KEY}`,
        [...keyOf(channel, paperId), message.messageId, message.messageChannelId, message.threadId ?? null, at],
      );
    },
    async abandonPost(channel, paperId) {
      await db.query(`DELETE FROM posts WHERE ${KEY} AND state = 'pending'`, keyOf(channel, paperId));
    },
    async findPost(channel, paperId) {
      const { rows } = await db.query<PostRow>(`SELECT * FROM posts WHERE ${KEY}`, keyOf(channel, paperId));
      return rows[0] ? rowToPost(rows[0]) : undefined;
    },
    async findPostByMessage(channel, messageId) {
      const { rows } = await db.query<PostRow>('SELECT * FROM posts WHERE platform = $1 AND message_channel_id = $2 AND message_id = $3', [
        channel.platform,
        channel.channelId,
        messageId,
      ]);
      return rows[0] ? rowToPost(rows[0]) : undefined;
    },
    async sentPostsOfPaper(paperId) {
      const { rows } = await db.query<PostRow>("SELECT * FROM posts WHERE shows_paper = $1 AND state = 'sent' AND message_id IS NOT NULL", [paperId]);
      return rows.map(rowToPost);
    },
    async prunePostsBefore(cutoff) {
      return (await db.query('DELETE FROM posts WHERE coalesce(sent_at, created_at) < $1', [cutoff])).rowCount ?? 0;
    },
  };
}

/** PostLedger on SQLite (table created by community-schema.ts, extended by delivery- and follows-schema.ts). */
import type { Database } from 'better-sqlite3';
import type { ChannelRef } from '../../core/channels.js';
import { paperOfKey, postNonce } from '../../core/posts.js';
import type { PostLedger } from '../../core/ports.js';
import { promised, type Synchronous } from '../promised.js';
import { rowToPost, type PostRow } from '../rows/post-row.js';

const KEY = 'platform = @platform AND workspace_id = @workspaceId AND channel_id = @channelId AND paper_id = @paperId';

/** The synchronous implementation, for SQLite-specific tests and benchmarks. */
export function createSqlitePostLedgerSync(db: Database): Synchronous<PostLedger> {
  const insert = db.prepare(`
    INSERT INTO posts (platform, workspace_id, channel_id, paper_id, state, nonce, day, created_at, shows_paper, shared_by)
    VALUES (@platform, @workspaceId, @channelId, @paperId, 'pending', @nonce, @day, @at, @showsPaper, @sharedBy)
    ON CONFLICT DO NOTHING`);
  const select = db.prepare<[Record<string, string>], PostRow>(`SELECT * FROM posts WHERE ${KEY}`);
  const markSent = db.prepare(`
    UPDATE posts SET state = 'sent', message_id = @messageId, message_channel_id = @messageChannelId, thread_id = @threadId, sent_at = @at
    WHERE ${KEY}`);
  const abandon = db.prepare(`DELETE FROM posts WHERE ${KEY} AND state = 'pending'`);
  const byMessage = db.prepare<[Record<string, string>], PostRow>(`
    SELECT * FROM posts WHERE platform = @platform AND message_channel_id = @channelId AND message_id = @messageId`);

  const ofPaper = db.prepare<[string], PostRow>(`SELECT * FROM posts WHERE shows_paper = ? AND state = 'sent' AND message_id IS NOT NULL`);

  const prune = db.prepare<[string]>('DELETE FROM posts WHERE coalesce(sent_at, created_at) < ?');

  const keyOf = (channel: ChannelRef, paperId: string) => ({
    platform: channel.platform,
    workspaceId: channel.workspaceId,
    channelId: channel.channelId,
    paperId,
  });

  const begin = db.transaction((channel: ChannelRef, paperId: string, day: string | null, at: string, sharedBy: string | null): PostRow => {
    insert.run({ ...keyOf(channel, paperId), nonce: postNonce(channel, paperId), day, at, showsPaper: paperOfKey(paperId) ?? null, sharedBy });
    const row = select.get(keyOf(channel, paperId));
    if (!row) throw new Error('post ledger row vanished inside its own transaction');
    return row;
  });

  return {
    beginPost({ channel, paperId, day, at, sharedBy }) {
      return rowToPost(begin(channel, paperId, day ?? null, at, sharedBy ?? null));
    },
    markSent(channel, paperId, message, at) {
      markSent.run({ ...keyOf(channel, paperId), messageId: message.messageId, messageChannelId: message.messageChannelId, threadId: message.threadId ?? null, at });
    },
    abandonPost(channel, paperId) {
      abandon.run(keyOf(channel, paperId));
    },
    findPost(channel, paperId) {
      const row = select.get(keyOf(channel, paperId));
      return row ? rowToPost(row) : undefined;
    },
    sentPostsOfPaper(paperId) {
      return ofPaper.all(paperId).map(rowToPost);
    },
    prunePostsBefore: (cutoff) => prune.run(cutoff).changes,
    findPostByMessage(channel, messageId) {
      const row = byMessage.get({ platform: channel.platform, channelId: channel.channelId, messageId });
      return row ? rowToPost(row) : undefined;
    },
  };
}

export function createSqlitePostLedger(db: Database): PostLedger {
  return promised<PostLedger>(createSqlitePostLedgerSync(db));
}

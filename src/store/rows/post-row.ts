/** How a PostRecord is laid out in the `posts` table, in SQLite and PostgreSQL alike. */
import type { PostRecord } from '../../core/posts.js';
import { toPlatform } from './subscription-row.js';

export interface PostRow {
  platform: string;
  workspace_id: string;
  channel_id: string;
  paper_id: string;
  state: 'pending' | 'sent';
  nonce: string;
  day: string | null;
  message_id: string | null;
  message_channel_id: string | null;
  thread_id: string | null;
  created_at: string;
  sent_at: string | null;
  shared_by: string | null;
}

export function rowToPost(row: PostRow): PostRecord {
  return {
    channel: { platform: toPlatform(row.platform), workspaceId: row.workspace_id, channelId: row.channel_id },
    paperId: row.paper_id,
    state: row.state,
    messageId: row.message_id ?? undefined,
    messageChannelId: row.message_channel_id ?? undefined,
    threadId: row.thread_id ?? undefined,
    nonce: row.nonce,
    day: row.day ?? undefined,
    createdAt: row.created_at,
    sentAt: row.sent_at ?? undefined,
    sharedBy: row.shared_by ?? undefined,
  };
}

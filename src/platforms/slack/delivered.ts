/**
 * Recognising a digest post an earlier run sent but never recorded (it died between send and
 * record). Slack has no idempotency key, so every post carries the ledger's nonce in its
 * metadata, and a post left pending is looked for by that nonce among the channel's recent
 * messages (or the thread's replies). Only the bot's own messages count: anyone in the channel
 * can post a message with metadata, and the nonce is derived from public ids, so a message
 * from someone else that claims it would otherwise stand in for the paper, and take its votes.
 */
import type { webApi } from '@slack/bolt';
import type { ChannelRef } from '../../core/channels.js';
import type { PendingPost, SentMessage } from '../../core/posts.js';
import type { Logger } from '../../logger.js';
import { sendFailureFromSlackError } from './errors.js';

/** How far back a lost post is looked for; a digest is at most a few dozen messages. */
export const DELIVERED_LOOKBACK = 200;

/** Who the bot is on Slack, from auth.test. */
export interface BotIdentity {
  readonly userId: string;
  readonly botId?: string | undefined;
}

export async function findDelivered(
  deps: { client: webApi.WebClient; logger: Logger; identity: () => Promise<BotIdentity> },
  channel: ChannelRef,
  nonce: string,
  where: { threadId?: string | undefined },
  post: PendingPost,
): Promise<SentMessage | undefined> {
  const { client, logger } = deps;
  try {
    const bot = await deps.identity();
    const answer = where.threadId === undefined
      ? await client.conversations.history({ channel: channel.channelId, limit: DELIVERED_LOOKBACK, include_all_metadata: true })
      : await client.conversations.replies({ channel: channel.channelId, ts: where.threadId, limit: DELIVERED_LOOKBACK, include_all_metadata: true });
    const found = answer.messages?.find((message) =>
      (message.user === bot.userId || (bot.botId !== undefined && message.bot_id === bot.botId)) && nonceOf(message.metadata?.event_payload) === nonce);
    if (found?.ts === undefined) return undefined;
    logger.info({ channel: channel.channelId, ts: found.ts }, 'found a post an earlier run sent but never recorded');
    // A Slack thread is the replies to its header, so a found header is its own thread.
    const threadId = post.kind === 'header' && post.thread ? found.ts : undefined;
    return { messageId: found.ts, messageChannelId: channel.channelId, threadId };
  } catch (error) {
    // Without history (missing scope, channel gone) the core sends again: a duplicate is
    // possible but nothing is lost, and the log says why.
    logger.warn({ channel: channel.channelId, reason: sendFailureFromSlackError(error).reason }, 'could not look for an unrecorded post in history');
    return undefined;
  }
}

/** Reads our nonce back out of a message's metadata payload, whatever else it holds. */
export function nonceOf(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null || !('nonce' in payload)) return undefined;
  return typeof payload.nonce === 'string' ? payload.nonce : undefined;
}

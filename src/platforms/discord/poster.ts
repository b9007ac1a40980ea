/**
 * Posts digests to Discord channels: a header, then one message per paper (in a thread under the
 * header when asked) with the upvote reaction, and edits a paper post when its votes change.
 * Every new message carries the ledger's nonce with `enforce_nonce`, so a re-send after a crash
 * or a lost response returns the original message instead of creating a second one. Discord
 * checks nonces over the last few minutes only, so a post left pending longer than that is
 * first looked for in the channel's history (`findDelivered`, see delivered.ts).
 */
import {
  DiscordAPIError, Routes, ThreadAutoArchiveDuration,
  type APIMessage, type Client, type Message, type RESTPostAPIChannelMessagesThreadsResult, type SendableChannels,
} from 'discord.js';
import type { ChannelRef } from '../../core/channels.js';
import { digestPlanToView, paperToCard } from '../../formatter/card.js';
import { digestThreadName } from '../../formatter/digest-title.js';
import { digestHeaderToDiscordMessage, paperToDiscordMessage, toDiscordJsOptions } from '../../formatter/discord.js';
import type { Logger } from '../../logger.js';
import { findOwnMessage, pendingPostMatcher } from './delivered.js';
import { discordSendFailure, loggableError } from './errors.js';
import type { DigestPlan } from '../../core/digest-plan.js';
import type { DigestPoster } from '../../core/ports.js';
import type { SendFailure, SendResult } from '../../core/posts.js';

const THREAD_NAME_LIMIT = 100;
/** Channels on other instances' shards remembered at once, oldest forgotten first. */
const OTHER_SHARD_CHANNELS = 10_000;
/** "A thread has already been created for this message". */
const THREAD_ALREADY_CREATED = 160004;

/** A voice or category channel, say: no retry will make it take messages. */
class NotSendableError extends Error {
  constructor(channelId: string) {
    super(`channel ${channelId} does not take messages (a category or voice channel?)`);
    this.name = 'NotSendableError';
  }
}

function sendFailure(error: unknown): SendFailure {
  if (error instanceof NotSendableError) return { status: 'failed', permanent: true, maybeDelivered: false, reason: error.message };
  return discordSendFailure(error);
}

export function createDiscordPoster(client: Client, options: { voteEmoji: string; logger: Logger }): DigestPoster {
  const { logger } = options;

  // Channels of guilds on shards this instance does not run: discord.js caches a guild's channels
  // only for guilds its shards received, and would fetch these again before every post.
  const otherShards = new Map<string, SendableChannels>();

  async function sendable(channelId: string): Promise<SendableChannels> {
    const cached = client.channels.cache.get(channelId) ?? otherShards.get(channelId);
    if (cached?.isSendable() === true) return cached;
    // Posting is REST, so any instance may post to any channel, its guild cached here or not.
    const channel = await client.channels.fetch(channelId, { allowUnknownGuild: true });
    if (!channel?.isSendable()) throw new NotSendableError(channelId);
    if (!client.channels.cache.has(channelId)) {
      if (otherShards.size >= OTHER_SHARD_CHANNELS) otherShards.delete(otherShards.keys().next().value ?? '');
      otherShards.set(channelId, channel);
    }
    return channel;
  }

  /** Starts the digest's thread from a header; a thread already started from it has its id. */
  async function openDayThread(channelId: string, messageId: string, plan: DigestPlan): Promise<SendResult> {
    try {
      const thread = (await client.rest.post(Routes.threads(channelId, messageId), {
        body: {
          name: digestThreadName(digestPlanToView(plan)).slice(0, THREAD_NAME_LIMIT),
          // A day's thread stays open until the next digest arrives.
          auto_archive_duration: ThreadAutoArchiveDuration.OneDay,
        },
      })) as RESTPostAPIChannelMessagesThreadsResult;
      return { status: 'sent', messageId, threadId: thread.id };
    } catch (error) {
      // A thread started from a message takes the message's id; a retry may find it there.
      if (error instanceof DiscordAPIError && error.code === THREAD_ALREADY_CREATED) return { status: 'sent', messageId, threadId: messageId };
      // The header is out but its thread is not: the post stays pending, and the next attempt
      // gets the same header back (through its nonce or the history) and tries the thread again.
      const failure = sendFailure(error);
      return { ...failure, maybeDelivered: true, reason: `could not start the thread: ${failure.reason}` };
    }
  }

  return {
    async postHeader(channel, plan, { thread, nonce }): Promise<SendResult> {
      let message: Message;
      try {
        const target = await sendable(channel.channelId);
        const view = digestPlanToView(plan, { voteEmoji: options.voteEmoji });
        message = await target.send({ ...toDiscordJsOptions(digestHeaderToDiscordMessage(view)), nonce, enforceNonce: true });
      } catch (error) {
        return sendFailure(error);
      }
      if (!thread) return { status: 'sent', messageId: message.id };
      return openDayThread(message.channelId, message.id, plan);
    },

    async postPaper(channel, paper, { nonce, threadId, votes, votesWhere, sharedBy }): Promise<SendResult> {
      try {
        const target = await sendable(threadId ?? channel.channelId);
        const payload = toDiscordJsOptions(paperToDiscordMessage(paperToCard(paper, { votes: votes > 0 ? votes : undefined, votesWhere }), { sharedBy }));
        const message = await target.send({ ...payload, nonce, enforceNonce: true });
        return { status: 'sent', messageId: message.id, messageChannelId: message.channelId };
      } catch (error) {
        return sendFailure(error);
      }
    },

    async findDelivered(channel, nonce, where, post) {
      const channelId = where.threadId ?? channel.channelId;
      let found: APIMessage | undefined;
      try {
        found = await findOwnMessage(client, channelId, pendingPostMatcher(post, options.voteEmoji));
      } catch (error) {
        // As on Slack: without history the core sends again, with the same nonce. A duplicate is
        // possible once Discord has forgotten the nonce, but nothing is lost, and the log says why.
        logger.warn({ channel: channelId, key: post.key, err: loggableError(error) }, 'could not look for an unrecorded post in history');
        return undefined;
      }
      if (found === undefined) return undefined;
      logger.info({ channel: channelId, key: post.key, nonce, messageId: found.id }, 'found a post an earlier run sent but never recorded');
      const message = { messageId: found.id, messageChannelId: found.channel_id };
      if (post.kind === 'paper' || !post.thread) return message;
      if (found.thread !== undefined) return { ...message, threadId: found.thread.id };
      // The earlier run died (or failed) before the header's thread was started.
      const opened = await openDayThread(found.channel_id, found.id, post.plan);
      return opened.status === 'failed' ? opened : { ...message, threadId: opened.threadId };
    },

    messageLink: (channel, message) =>
      Promise.resolve(`https://discord.com/channels/${channel.workspaceId}/${message.messageChannelId}/${message.messageId}`),

    async updateVotes(post, paper, votes, votesWhere): Promise<void> {
      // Already in the API's shape (allowed_mentions included), so it goes to REST as it is.
      const body = paperToDiscordMessage(paperToCard(paper, { votes: votes > 0 ? votes : undefined, votesWhere }), { sharedBy: post.sharedBy });
      await client.rest.patch(Routes.channelMessage(post.messageChannelId, post.messageId), { body });
    },

    async addUpvoteReaction(target: ChannelRef, messageId: string): Promise<void> {
      try {
        await client.rest.put(Routes.channelMessageOwnReaction(target.channelId, messageId, encodeURIComponent(options.voteEmoji)));
      } catch (error) {
        // The paper is posted; people can still add the reaction themselves.
        logger.warn({ channel: target.channelId, messageId, err: loggableError(error) }, 'could not add the upvote reaction');
      }
    },
  };
}

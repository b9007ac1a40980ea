/**
 * Posts digests to Discord channels: a header, then one message per paper (in a thread under the
 * header when asked) with the upvote reaction. Each paper message carries a nonce with
 * `enforce_nonce`, so a re-send after a crash or a lost response returns the original message
 * instead of creating a second one.
 */
import { Routes, ThreadAutoArchiveDuration, type Client, type SendableChannels } from 'discord.js';
import type { ChannelRef } from '../../core/channels.js';
import type { DigestPoster, SendResult } from '../../core/post-digest.js';
import { digestToView, paperToCard } from '../../formatter/card.js';
import { digestHeaderToDiscordMessage, paperToDiscordMessage, toDiscordJsOptions } from '../../formatter/discord.js';
import type { Logger } from '../../logger.js';
import { discordSendFailure } from './errors.js';

const THREAD_NAME_LIMIT = 100;

export function createDiscordPoster(client: Client, options: { voteEmoji: string; logger: Logger }): DigestPoster {
  const { logger } = options;

  async function sendable(channelId: string): Promise<SendableChannels> {
    const channel = await client.channels.fetch(channelId);
    if (!channel?.isSendable()) throw new Error(`channel ${channelId} cannot receive messages`);
    return channel;
  }

  return {
    async postHeader(channel, plan, { thread }): Promise<SendResult> {
      try {
        const target = await sendable(channel.channelId);
        const view = digestToView(plan.day, plan.papers, { totalAvailable: plan.availableCount, voteEmoji: options.voteEmoji });
        const message = await target.send(toDiscordJsOptions(digestHeaderToDiscordMessage(view)));
        if (!thread) return { status: 'sent', messageId: message.id };
        const created = await message.startThread({
          name: `Daily Papers ${plan.day}`.slice(0, THREAD_NAME_LIMIT),
          // A day's thread stays open until the next digest arrives.
          autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
        });
        return { status: 'sent', messageId: message.id, threadId: created.id };
      } catch (error) {
        return discordSendFailure(error);
      }
    },

    async postPaper(channel, paper, { nonce, threadId, votes }): Promise<SendResult> {
      try {
        const target = await sendable(threadId ?? channel.channelId);
        const payload = toDiscordJsOptions(paperToDiscordMessage(paperToCard(paper, { votes: votes > 0 ? votes : undefined })));
        const message = await target.send({ ...payload, nonce, enforceNonce: true });
        return { status: 'sent', messageId: message.id, messageChannelId: message.channelId };
      } catch (error) {
        return discordSendFailure(error);
      }
    },

    async addUpvoteReaction(target: ChannelRef, messageId: string): Promise<void> {
      try {
        await client.rest.put(Routes.channelMessageOwnReaction(target.channelId, messageId, encodeURIComponent(options.voteEmoji)));
      } catch (error) {
        // The paper is posted; people can still add the reaction themselves.
        logger.warn({ channel: target.channelId, messageId, err: error }, 'could not add the upvote reaction');
      }
    },
  };
}

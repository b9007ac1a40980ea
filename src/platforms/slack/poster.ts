/**
 * Posts a digest to a Slack channel for the core (`/paperboy today` now, the scheduler later):
 * a header, then one message per paper, optionally as replies in the header's thread. Each
 * message carries metadata naming its paper (or day) and the ledger's nonce. Slack has no
 * idempotency key, so when the ledger holds a post left pending by a crash, `findDelivered`
 * looks for that nonce in the channel's recent history (or the thread's replies) before the
 * core sends it again. The core records every returned ts in the post ledger.
 */
import type { webApi } from '@slack/bolt';
import type { ChannelRef } from '../../core/channels.js';
import type { DigestPlan } from '../../core/digest.js';
import type { Paper } from '../../core/paper.js';
import type { DigestPoster, SendResult } from '../../core/post-digest.js';
import { digestToView, paperToCard } from '../../formatter/card.js';
import { digestHeaderToSlackMessage, paperToSlackMessage, type SlackMessage } from '../../formatter/slack.js';
import type { Logger } from '../../logger.js';
import { sendFailureFromSlackError, slackErrorCode } from './slack-errors.js';

export const PAPER_EVENT_TYPE = 'paperboy_paper';
export const DIGEST_EVENT_TYPE = 'paperboy_digest';

export interface SlackPosterOptions {
  /** A WebClient whose retries are limited to rate limits (see slack-client.ts). */
  readonly client: webApi.WebClient;
  /** Emoji name without colons, e.g. `arrow_up`. */
  readonly emoji: string;
  readonly logger: Logger;
}

type Metadata = { event_type: string; event_payload: Record<string, string> };

/** How far back a lost post is looked for; a digest is at most a few dozen messages. */
export const DELIVERED_LOOKBACK = 200;

export function createSlackPoster(options: SlackPosterOptions): DigestPoster {
  const { client, emoji, logger } = options;

  async function post(channel: ChannelRef, message: SlackMessage, extra: { thread_ts?: string | undefined; metadata: Metadata }): Promise<SendResult> {
    try {
      const answer = await client.chat.postMessage({
        channel: channel.channelId,
        ...message,
        ...(extra.thread_ts === undefined ? {} : { thread_ts: extra.thread_ts }),
        metadata: extra.metadata,
      });
      if (typeof answer.ts !== 'string') return { status: 'failed', permanent: false, maybeDelivered: true, reason: 'no_ts_in_answer' };
      return { status: 'sent', messageId: answer.ts, messageChannelId: channel.channelId };
    } catch (error) {
      const failure = sendFailureFromSlackError(error);
      logger.warn({ channel: channel.channelId, reason: failure.reason, permanent: failure.permanent }, 'slack post failed');
      return failure;
    }
  }

  return {
    async postHeader(channel: ChannelRef, plan: DigestPlan, postOptions: { thread: boolean; nonce: string }): Promise<SendResult> {
      const view = digestToView(plan.day, plan.papers, { totalAvailable: plan.availableCount, voteEmoji: `:${emoji}:` });
      const result = await post(channel, digestHeaderToSlackMessage(view), {
        metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: { day: plan.day, nonce: postOptions.nonce } },
      });
      if (result.status === 'failed') return result;
      return { status: 'sent', messageId: result.messageId, threadId: postOptions.thread ? result.messageId : undefined };
    },

    async postPaper(channel: ChannelRef, paper: Paper, postOptions: { nonce: string; threadId?: string | undefined; votes: number }): Promise<SendResult> {
      const message = paperToSlackMessage(paperToCard(paper, { votes: postOptions.votes }));
      // A thread reply still lives in the channel: reactions on it name the channel, not the thread.
      return post(channel, message, {
        thread_ts: postOptions.threadId,
        metadata: { event_type: PAPER_EVENT_TYPE, event_payload: { paper_id: paper.id, nonce: postOptions.nonce } },
      });
    },

    async updateVotes(postRef, paper, votes) {
      const message = paperToSlackMessage(paperToCard(paper, { votes }));
      await client.chat.update({ channel: postRef.messageChannelId, ts: postRef.messageId, text: message.text, blocks: message.blocks });
    },

    async findDelivered(channel, nonce, where, post) {
      try {
        const answer = where.threadId === undefined
          ? await client.conversations.history({ channel: channel.channelId, limit: DELIVERED_LOOKBACK, include_all_metadata: true })
          : await client.conversations.replies({ channel: channel.channelId, ts: where.threadId, limit: DELIVERED_LOOKBACK, include_all_metadata: true });
        const found = answer.messages?.find((message) => nonceOf(message.metadata?.event_payload) === nonce);
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
    },

    async addUpvoteReaction(channel: ChannelRef, messageId: string): Promise<void> {
      try {
        await client.reactions.add({ channel: channel.channelId, timestamp: messageId, name: emoji });
      } catch (error) {
        if (slackErrorCode(error) === 'already_reacted') return;
        logger.warn({ channel: channel.channelId, ts: messageId, reason: sendFailureFromSlackError(error).reason }, 'slack upvote reaction failed');
      }
    },
  };
}

/** Reads our nonce back out of a message's metadata payload, whatever else it holds. */
function nonceOf(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null || !('nonce' in payload)) return undefined;
  return typeof payload.nonce === 'string' ? payload.nonce : undefined;
}

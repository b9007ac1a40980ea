/**
 * Posts a digest to a Slack channel for the core (`/paperboy today` now, the scheduler later):
 * a header, then one message per paper, optionally as replies in the header's thread. Each
 * message carries metadata naming its paper (or day) and the ledger's nonce. Slack has no
 * idempotency key, so when the ledger holds a post left pending by a crash, `findDelivered`
 * (delivered.ts) looks for that nonce in the channel's recent history before the core sends it
 * again. The core records every returned ts in the post ledger. Every call speaks for the
 * channel's own workspace (workspaces.ts): with the install flow, its installation's token.
 */
import type { webApi } from '@slack/bolt';
import type { ChannelRef } from '../../core/channels.js';
import type { Paper } from '../../core/paper.js';
import { digestPlanToView, paperToCard } from '../../formatter/card.js';
import { digestHeaderToSlackMessage, paperToSlackMessage, type SlackMessage } from '../../formatter/slack.js';
import type { Logger } from '../../logger.js';
import { findDelivered, type BotIdentity } from './delivered.js';
import { sendFailureFromSlackError, slackErrorCode, unreachableWorkspaceFailure } from './errors.js';
import type { WorkspaceClients } from './workspaces.js';
import type { DigestPlan } from '../../core/digest-plan.js';
import type { DigestPoster } from '../../core/ports.js';
import type { SendResult } from '../../core/posts.js';

export const PAPER_EVENT_TYPE = 'paperboy_paper';
export const DIGEST_EVENT_TYPE = 'paperboy_digest';

export interface SlackPosterOptions {
  /** Each workspace's WebClient, whose retries are limited to rate limits (see client.ts). */
  readonly clients: WorkspaceClients;
  /** Emoji name without colons, e.g. `arrow_up`. */
  readonly emoji: string;
  readonly logger: Logger;
}

type Metadata = { event_type: string; event_payload: Record<string, string> };

export function createSlackPoster(options: SlackPosterOptions): DigestPoster {
  const { clients, emoji, logger } = options;
  // The bot's own user in each workspace, asked once, when a lost post is first looked for
  // there; a failure is asked again next time.
  const identities = new Map<string, Promise<BotIdentity>>();
  const identityIn = (workspaceId: string, client: webApi.WebClient) => (): Promise<BotIdentity> => {
    let known = identities.get(workspaceId);
    if (known === undefined) {
      known = client.auth.test().then((answer) => {
        if (typeof answer.user_id !== 'string') throw new Error('auth.test returned no user_id');
        return { userId: answer.user_id, botId: answer.bot_id };
      });
      identities.set(workspaceId, known);
      known.catch(() => identities.delete(workspaceId));
    }
    return known;
  };

  /** The workspace's client, or why there is none (nothing was sent). */
  async function clientOf(channel: ChannelRef): Promise<webApi.WebClient | Extract<SendResult, { status: 'failed' }>> {
    try {
      return await clients.poster(channel.workspaceId);
    } catch (error) {
      const failure = unreachableWorkspaceFailure(error);
      logger.warn({ team: channel.workspaceId, channel: channel.channelId, reason: failure.reason, err: error }, 'no slack token for this workspace');
      return failure;
    }
  }

  async function post(channel: ChannelRef, message: SlackMessage, extra: { thread_ts?: string | undefined; metadata: Metadata }): Promise<SendResult> {
    const client = await clientOf(channel);
    if ('status' in client) return client;
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
      const view = digestPlanToView(plan, { voteEmoji: `:${emoji}:` });
      const result = await post(channel, digestHeaderToSlackMessage(view), {
        metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: { day: plan.day, from: plan.from ?? plan.day, nonce: postOptions.nonce } },
      });
      if (result.status === 'failed') return result;
      return { status: 'sent', messageId: result.messageId, threadId: postOptions.thread ? result.messageId : undefined };
    },

    async postPaper(channel: ChannelRef, paper: Paper, postOptions: { nonce: string; threadId?: string | undefined; votes: number; votesWhere?: string | undefined; sharedBy?: string | undefined }): Promise<SendResult> {
      const message = paperToSlackMessage(paperToCard(paper, { votes: postOptions.votes, votesWhere: postOptions.votesWhere }), { sharedBy: postOptions.sharedBy });
      // A thread reply still lives in the channel: reactions on it name the channel, not the thread.
      return post(channel, message, {
        thread_ts: postOptions.threadId,
        metadata: { event_type: PAPER_EVENT_TYPE, event_payload: { paper_id: paper.id, nonce: postOptions.nonce } },
      });
    },

    async messageLink(channel, message) {
      const client = await clientOf(channel);
      if ('status' in client) return undefined;
      try {
        const answer = await client.chat.getPermalink({ channel: message.messageChannelId, message_ts: message.messageId });
        return answer.permalink;
      } catch (error) {
        // The answer still says the paper was shared; it only goes without the link.
        logger.warn({ channel: channel.channelId, ts: message.messageId, reason: sendFailureFromSlackError(error).reason }, 'slack permalink failed');
        return undefined;
      }
    },

    async updateVotes(postRef, paper, votes, votesWhere) {
      const message = paperToSlackMessage(paperToCard(paper, { votes, votesWhere }), { sharedBy: postRef.sharedBy });
      // Edits go through the workspace's editing client: their rate limits never pause posts.
      const client = await clients.editor(postRef.channel.workspaceId);
      await client.chat.update({ channel: postRef.messageChannelId, ts: postRef.messageId, text: message.text, blocks: message.blocks });
    },

    async findDelivered(channel, nonce, where, pending) {
      const client = await clientOf(channel);
      // Without a token nothing can be looked up; sending again fails the same way, as it should.
      return 'status' in client ? undefined : findDelivered({ client, logger, identity: identityIn(channel.workspaceId, client) }, channel, nonce, where, pending);
    },

    async addUpvoteReaction(channel: ChannelRef, messageId: string): Promise<void> {
      const client = await clientOf(channel);
      if ('status' in client) return;
      try {
        await client.reactions.add({ channel: channel.channelId, timestamp: messageId, name: emoji });
      } catch (error) {
        if (slackErrorCode(error) === 'already_reacted') return;
        logger.warn({ channel: channel.channelId, ts: messageId, reason: sendFailureFromSlackError(error).reason }, 'slack upvote reaction failed');
      }
    },
  };
}

/**
 * Follow alerts on Discord: the person's DM channel (POST /users/@me/channels, which Discord
 * opens whatever their settings), then the alert with the ledger's nonce and `enforce_nonce`.
 * Someone who takes no DMs from the bot answers 50007; the core pauses their alerts. An alert a
 * killed run sent but never recorded is found in the DM's history by its title line, which names
 * the day: one alert per person and day.
 */
import { DiscordAPIError, Routes, type APIChannel, type APIMessage, type Client } from 'discord.js';
import type { Follower } from '../../core/follows/follow.js';
import type { FollowAlerter } from '../../core/ports.js';
import { alertToDiscordMessage } from '../../formatter/discord-alert.js';
import type { Logger } from '../../logger.js';
import { findOwnMessage } from './delivered.js';
import { discordSendFailure, loggableError } from './errors.js';

/** "Cannot send messages to this user": DMs closed, the bot blocked, or no shared server. */
export const CANNOT_DM = 50_007;
/** DM channels remembered at once (one per person), oldest forgotten first. */
const DM_CHANNELS = 10_000;

export const CLOSED_DM_REASON = 'Discord would not let me send you a direct message (your DMs from server members may be closed)';

const firstLine = (text: string | undefined): string => (text ?? '').split('\n', 1)[0] ?? '';

export function createDiscordAlerter(client: Client, options: { logger: Logger }): FollowAlerter {
  const channels = new Map<string, string>();

  async function dmChannel(follower: Follower): Promise<string> {
    const known = channels.get(follower.userId);
    if (known !== undefined) return known;
    const channel = (await client.rest.post(Routes.userChannels(), { body: { recipient_id: follower.userId } })) as APIChannel;
    if (channels.size >= DM_CHANNELS) channels.delete(channels.keys().next().value ?? '');
    channels.set(follower.userId, channel.id);
    return channel.id;
  }

  return {
    async sendAlert(follower, alert, { nonce }) {
      try {
        const channelId = await dmChannel(follower);
        // Already in the API's shape (allowed_mentions included), so it goes to REST as it is.
        const body = { ...alertToDiscordMessage(alert, { workspaceId: follower.workspaceId }), nonce, enforce_nonce: true };
        const message = (await client.rest.post(Routes.channelMessages(channelId), { body })) as APIMessage;
        return { status: 'sent', messageId: message.id, messageChannelId: channelId };
      } catch (error) {
        if (error instanceof DiscordAPIError && error.code === CANNOT_DM) return { status: 'closed', reason: CLOSED_DM_REASON };
        return discordSendFailure(error);
      }
    },

    async findAlert(follower, alert, nonce) {
      const title = firstLine(alertToDiscordMessage(alert).content);
      try {
        const found = await findOwnMessage(client, await dmChannel(follower), (message) => firstLine(message.content) === title);
        if (found === undefined) return undefined;
        options.logger.info({ user: follower.userId, day: alert.day, nonce, messageId: found.id }, 'found an alert an earlier run sent but never recorded');
        return { messageId: found.id, messageChannelId: found.channel_id };
      } catch (error) {
        // As for digests: sent again with the same nonce, which Discord dedupes for a few minutes.
        options.logger.warn({ user: follower.userId, err: loggableError(error) }, 'could not look for an unrecorded alert in history');
        return undefined;
      }
    },
  };
}

/**
 * Follow alerts on Slack: a DM from the bot (`conversations.open`, scope im:write, then
 * `chat.postMessage`), with the workspace's own token (workspaces.ts). The message carries the
 * ledger's nonce in its metadata, so an alert a killed run sent but never recorded is found in
 * the DM's history (scope im:history) before it is sent again. A person Slack will not let the
 * bot message (a bot, a deactivated or unknown user) has their alerts paused by the core.
 */
import type { webApi } from '@slack/bolt';
import type { Follower } from '../../core/follows/follow.js';
import type { AlertSendResult, FollowAlerter } from '../../core/ports.js';
import { alertToSlackMessage } from '../../formatter/slack-alert.js';
import type { Logger } from '../../logger.js';
import { DELIVERED_LOOKBACK, nonceOf } from './delivered.js';
import { sendFailureFromSlackError, slackErrorCode, unreachableWorkspaceFailure } from './errors.js';
import type { WorkspaceClients } from './workspaces.js';

export const ALERT_EVENT_TYPE = 'paperboy_alert';

/** Slack's answers meaning this person cannot get a DM from the bot, whatever a retry does. */
export const CLOSED_DM_ERRORS: Readonly<Record<string, string>> = {
  cannot_dm_bot: 'Slack does not let me send direct messages to a bot',
  user_not_found: 'Slack could not find your account in this workspace',
  user_disabled: 'your Slack account is deactivated',
  account_inactive: 'Slack says the account is inactive',
};

function closedOrFailed(error: unknown): AlertSendResult {
  const code = slackErrorCode(error);
  const reason = code === undefined ? undefined : CLOSED_DM_ERRORS[code];
  return reason === undefined ? sendFailureFromSlackError(error) : { status: 'closed', reason: `${reason} (${code ?? ''})` };
}

export function createSlackAlerter(options: { clients: WorkspaceClients; logger: Logger }): FollowAlerter {
  const { clients, logger } = options;

  async function openDm(follower: Follower): Promise<{ client: webApi.WebClient; channel: string } | AlertSendResult> {
    let client: webApi.WebClient;
    try {
      client = await clients.poster(follower.workspaceId);
    } catch (error) {
      return unreachableWorkspaceFailure(error);
    }
    try {
      const opened = await client.conversations.open({ users: follower.userId });
      const channel = opened.channel?.id;
      if (channel === undefined) return { status: 'failed', permanent: false, maybeDelivered: false, reason: 'no_channel_in_answer' };
      return { client, channel };
    } catch (error) {
      return closedOrFailed(error);
    }
  }

  return {
    async sendAlert(follower, alert, { nonce }) {
      const dm = await openDm(follower);
      if ('status' in dm) return dm;
      try {
        const answer = await dm.client.chat.postMessage({
          channel: dm.channel,
          ...alertToSlackMessage(alert),
          metadata: { event_type: ALERT_EVENT_TYPE, event_payload: { day: alert.day, nonce } },
        });
        if (typeof answer.ts !== 'string') return { status: 'failed', permanent: false, maybeDelivered: true, reason: 'no_ts_in_answer' };
        return { status: 'sent', messageId: answer.ts, messageChannelId: dm.channel };
      } catch (error) {
        const result = closedOrFailed(error);
        if (result.status !== 'sent') logger.warn({ user: follower.userId, reason: result.reason }, 'slack alert failed');
        return result;
      }
    },

    async findAlert(follower, alert, nonce) {
      const dm = await openDm(follower);
      if ('status' in dm) return undefined;
      try {
        const answer = await dm.client.conversations.history({ channel: dm.channel, limit: DELIVERED_LOOKBACK, include_all_metadata: true });
        const found = answer.messages?.find((message) => nonceOf(message.metadata?.event_payload) === nonce);
        if (found?.ts === undefined) return undefined;
        logger.info({ user: follower.userId, day: alert.day, ts: found.ts }, 'found an alert an earlier run sent but never recorded');
        return { messageId: found.ts, messageChannelId: dm.channel };
      } catch (error) {
        // Without history the core sends again: a duplicate is possible, nothing is lost.
        logger.warn({ user: follower.userId, reason: sendFailureFromSlackError(error).reason }, 'could not look for an unrecorded alert in history');
        return undefined;
      }
    },
  };
}

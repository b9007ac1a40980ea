/** What every Slack listener gets: the use cases, settings and a few Slack-side helpers. */
import type { AckFn, BlockButtonAction, RespondArguments, SlashCommand } from '@slack/bolt';
import type { ChannelRef, Community } from '../../core/channels.js';
import type { CommandKind, UseCases } from '../../core/use-cases.js';
import { INTERNAL_ERROR_REPLY, slowDownReply } from '../../formatter/replies.js';
import type { Logger } from '../../logger.js';
import type { ReactionGate } from './event-dedupe.js';
import type { SlackPeople } from './permissions.js';

export interface SlackHandlerDeps {
  readonly useCases: UseCases;
  readonly logger: Logger;
  readonly people: SlackPeople;
  readonly reactions: ReactionGate;
  /** Upvote emoji name without colons. */
  readonly emoji: string;
  readonly pageSize: number;
  /** Reports how long a command took to be acknowledged, for /metrics. */
  readonly observeCommand?: ((command: string, seconds: number) => void) | undefined;
  /** Counts a command refused by the fair-use limit. */
  readonly onThrottled?: (() => void) | undefined;
  /** Runs a listener's work after the ack, in its own event-loop turn, so that stop() can wait for it. */
  track<T>(work: () => Promise<T>): Promise<T>;
}

export function slackChannel(teamId: string, channelId: string): ChannelRef {
  return { platform: 'slack', workspaceId: teamId, channelId };
}

/** The workspace of a button press (its vote pool); empty when Slack names none. */
export function slackCommunity(body: { team?: { id?: string } | null }): Community {
  return { platform: 'slack', workspaceId: body.team?.id ?? '' };
}

/** An answer only the person who asked sees. */
export function ephemeral(text: string): { response_type: 'ephemeral'; text: string } {
  return { response_type: 'ephemeral', text };
}

/**
 * Fair use: undefined when this user may run one more command (or button), else the answer to
 * send instead, saying when to try again. Asked before any work, ack included.
 */
export async function slowDown(deps: Pick<SlackHandlerDeps, 'useCases' | 'onThrottled'>, userId: string, kind: CommandKind): Promise<{ response_type: 'ephemeral'; text: string } | undefined> {
  const admission = await deps.useCases.admit('slack', userId, kind);
  if (admission.allowed) return undefined;
  deps.onThrottled?.();
  return ephemeral(slowDownReply(admission.retryAfterSeconds));
}

/** Where a slash command came from, for its log lines. */
export function commandContext(command: SlashCommand): Record<string, string> {
  return { team: command.team_id, channel: command.channel_id, user: command.user_id, command: command.command };
}

/** Where a button press came from, for its log lines. */
export function actionContext(body: BlockButtonAction): Record<string, string | undefined> {
  return { team: body.team?.id, channel: body.channel?.id, user: body.user.id, action: body.actions[0]?.action_id };
}

/** Wraps ack so the time from the listener starting to the ack going out is measured. */
export function timedAck(deps: Pick<SlackHandlerDeps, 'observeCommand'>, command: SlashCommand, ack: AckFn<string | RespondArguments>): (response?: RespondArguments) => Promise<void> {
  const started = performance.now();
  return async (response) => {
    await (response === undefined ? ack() : ack(response));
    deps.observeCommand?.(command.command.replace(/^\//u, ''), (performance.now() - started) / 1000);
  };
}

/**
 * Logs a listener failure and tells the user something useful. A failing response_url (used
 * up, expired) is only logged: there is no other way to reach them.
 */
export async function replyWithFailure(
  deps: Pick<SlackHandlerDeps, 'logger'>,
  respond: (message: { response_type: 'ephemeral'; text: string; replace_original?: boolean }) => Promise<unknown>,
  error: unknown,
  context: Record<string, unknown>,
): Promise<void> {
  deps.logger.error({ ...context, err: error }, 'slack handler failed');
  try {
    await respond({ ...ephemeral(INTERNAL_ERROR_REPLY), replace_original: false });
  } catch (respondError) {
    deps.logger.warn({ ...context, err: respondError }, 'could not tell the user about the failure');
  }
}

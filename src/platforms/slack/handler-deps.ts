/** What every Slack listener gets: the use cases, settings and a few Slack-side helpers. */
import type { ChannelRef } from '../../core/channels.js';
import type { DigestPoster } from '../../core/post-digest.js';
import type { UseCases } from '../../core/use-cases.js';
import { INTERNAL_ERROR_REPLY } from '../../formatter/replies.js';
import type { Logger } from '../../logger.js';
import type { ReactionGate } from './event-dedupe.js';
import type { SlackPeople } from './permissions.js';

export interface SlackHandlerDeps {
  readonly useCases: UseCases;
  readonly logger: Logger;
  readonly poster: DigestPoster;
  readonly people: SlackPeople;
  readonly reactions: ReactionGate;
  /** Upvote emoji name without colons. */
  readonly emoji: string;
  readonly pageSize: number;
  /** Reports how long a command took to be acknowledged, for /metrics. */
  readonly observeCommand?: ((command: string, seconds: number) => void) | undefined;
  /** Runs a listener's work after the ack, in its own event-loop turn, so that stop() can wait for it. */
  track<T>(work: () => Promise<T>): Promise<T>;
}

export function slackChannel(teamId: string, channelId: string): ChannelRef {
  return { platform: 'slack', workspaceId: teamId, channelId };
}

/** An answer only the person who asked sees. */
export function ephemeral(text: string): { response_type: 'ephemeral'; text: string } {
  return { response_type: 'ephemeral', text };
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

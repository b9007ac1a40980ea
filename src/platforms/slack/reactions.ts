/**
 * Votes: the configured emoji on one of our paper posts records a vote, and taking it off takes
 * the vote back, one per (user, paper); the Upvote button on a post toggles the clicker's vote
 * and tells only them. Bolt acks Events API requests before the listener runs; Bolt's
 * ignoreSelf already drops our own bot's reactions, other bots are checked through users.info,
 * and the gate drops redeliveries and out-of-order retries. Link buttons open a URL in the
 * browser but still send an action that must be acked.
 */
import type { App } from '@slack/bolt';
import { parsePaperId } from '../../core/paper.js';
import { voteReply } from '../../formatter/replies.js';
import { SLACK_ACTION_IDS } from '../../formatter/slack.js';
import { onButton } from './buttons.js';
import { actionContext, ephemeral, slackChannel, slackCommunity, type SlackHandlerDeps } from './handler-deps.js';

const LINK = new RegExp(`^${SLACK_ACTION_IDS.linkPrefix}\\d+$`, 'u');

/** `thumbsup::skin-tone-3` is the same emoji as `thumbsup`. */
export function baseEmojiName(reaction: string): string {
  return reaction.replace(/::skin-tone-\d+$/u, '');
}

/** Bolt types `item` as a message only; Slack also sends file reactions, which we skip. */
interface ReactionEvent {
  readonly type: 'reaction_added' | 'reaction_removed';
  readonly user: string;
  readonly reaction: string;
  readonly item: { readonly type: string; readonly channel?: string; readonly ts?: string };
  readonly event_ts: string;
}

interface EnvelopeFields {
  readonly event_id?: unknown;
  readonly team_id?: unknown;
}

/** What became of one reaction event, for the log line every event gets. */
async function handleReaction(
  deps: SlackHandlerDeps,
  event: ReactionEvent,
  body: EnvelopeFields,
  context: { botUserId?: string | undefined },
): Promise<string> {
  const { channel, ts } = event.item;
  if (event.item.type !== 'message' || channel === undefined || ts === undefined) return 'not_a_message';
  if (baseEmojiName(event.reaction) !== deps.emoji) return 'other_emoji';
  const eventId = typeof body.event_id === 'string' ? body.event_id : undefined;
  const decision = await deps.reactions.admit(eventId, { channel, messageTs: ts, user: event.user, emoji: deps.emoji }, event.event_ts);
  if (decision !== 'apply') return decision;

  const teamId = typeof body.team_id === 'string' ? body.team_id : '';
  const isBot = event.user === context.botUserId || (await deps.people.isBot(teamId, event.user));
  const outcome = await deps.useCases.reaction({
    channel: slackChannel(teamId, channel),
    messageId: ts,
    userId: event.user,
    isBot,
    isUpvoteEmoji: true,
    added: event.type === 'reaction_added',
  });
  return outcome.status === 'ignored' ? `ignored_${outcome.reason}` : outcome.status;
}

export function registerVotes(app: App, deps: SlackHandlerDeps): void {
  const listen = (event: ReactionEvent, body: EnvelopeFields, context: { botUserId?: string | undefined; retryNum?: number | undefined }) =>
    deps.track(async () => {
      const where = {
        eventId: body.event_id, type: event.type, channel: event.item.channel, ts: event.item.ts, user: event.user, retry: context.retryNum,
      };
      try {
        deps.logger.debug({ ...where, result: await handleReaction(deps, event, body, context) }, 'reaction handled');
      } catch (error) {
        deps.logger.error({ ...where, err: error }, 'reaction handler failed');
      }
    });
  app.event('reaction_added', async ({ event, body, context }) => {
    await listen(event, body, context);
  });
  app.event('reaction_removed', async ({ event, body, context }) => {
    await listen(event, body, context);
  });

  onButton(app, deps, SLACK_ACTION_IDS.upvote, (action) => parsePaperId(action.value ?? ''), async (paperId, body, respond) => {
    const outcome = await deps.useCases.toggleVote(slackCommunity(body), body.user.id, paperId);
    deps.logger.debug({ ...actionContext(body), paperId, status: outcome.status }, 'upvote button');
    await respond({ ...ephemeral(voteReply(outcome)), replace_original: false });
  });

  app.action({ type: 'block_actions', action_id: LINK }, async ({ ack }) => {
    await ack();
  });
}

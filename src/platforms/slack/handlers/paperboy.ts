/**
 * `/paperboy`. Slack wants an answer within 3 s, so the handler acks at once: help and usage
 * errors go out in the ack itself (no I/O), everything else is acked empty and answered through
 * respond(), which stays valid for 30 minutes. Answers are ephemeral: only the person who ran
 * the command sees them; digests themselves are posted to the channel.
 */
import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import type { Follower } from '../../../core/follows/follow.js';
import { followingReply, followReply, unfollowReply } from '../../../formatter/follow-replies.js';
import {
  settingsReply, SLACK_MARKUP, statusReply, subscribeReply, topReply, unsubscribeReply,
} from '../../../formatter/replies.js';
import { PAPERBOY_COMMAND, parsePaperboyCommand, type PaperboyCommand } from '../commands.js';
import { commandContext, ephemeral, replyWithFailure, slackChannel, slowDown, timedAck, type SlackHandlerDeps } from '../handler-deps.js';
import {
  notAllowedReply, paperboyHelp, PERMISSION_CHECK_FAILED, slackTodayReply, SUBSCRIBE_HINT, usageErrorReply,
} from '../replies.js';

type ManagedKind = 'subscribe' | 'unsubscribe' | 'today';
type RunnableCommand = Extract<PaperboyCommand, { kind: ManagedKind | 'settings' | 'status' | 'top' | 'follow' | 'following' | 'unfollow' }>;

const MANAGED_ACTION: Record<ManagedKind, string> = {
  subscribe: 'subscribe a channel to the daily digest',
  unsubscribe: 'unsubscribe a channel',
  today: 'post papers to a channel',
};

/** A person's own follows: no admin rights needed. */
async function followsAnswer(deps: SlackHandlerDeps, command: SlashCommand, parsed: Extract<RunnableCommand, { kind: 'follow' | 'following' | 'unfollow' }>): Promise<string> {
  const follower: Follower = { platform: 'slack', userId: command.user_id, workspaceId: command.team_id };
  switch (parsed.kind) {
    case 'follow': {
      const result = await deps.useCases.follow(follower, parsed.query);
      deps.logger.info({ ...commandContext(command), status: result.status }, 'follow');
      return followReply(SLACK_MARKUP, result, PAPERBOY_COMMAND);
    }
    case 'following':
      return followingReply(SLACK_MARKUP, await deps.useCases.following(follower), PAPERBOY_COMMAND);
    case 'unfollow':
      return unfollowReply(SLACK_MARKUP, await deps.useCases.unfollow(follower, parsed.which), PAPERBOY_COMMAND);
  }
}

export function registerPaperboyCommand(app: App, deps: SlackHandlerDeps): void {
  app.command(PAPERBOY_COMMAND, async ({ command, ack: rawAck, respond }) => {
    const ack = timedAck(deps, command, rawAck);
    const refusal = await slowDown(deps, command.user_id, 'command');
    if (refusal !== undefined) {
      await ack(refusal);
      return;
    }
    const parsed = parsePaperboyCommand(command.text);
    if (parsed.kind === 'help') {
      await ack(ephemeral(paperboyHelp(deps.emoji, parsed.unknown)));
      return;
    }
    if (parsed.kind === 'invalid') {
      await ack(ephemeral(usageErrorReply(parsed)));
      return;
    }
    await ack();
    await deps.track(async () => {
      try {
        await runPaperboy(deps, command, parsed, respond);
      } catch (error) {
        await replyWithFailure(deps, respond, error, { ...commandContext(command), subcommand: parsed.kind });
      }
    });
  });
}

async function runPaperboy(deps: SlackHandlerDeps, command: SlashCommand, parsed: RunnableCommand, respond: RespondFn): Promise<void> {
  const channel = slackChannel(command.team_id, command.channel_id);
  const say = async (text: string): Promise<void> => {
    await respond(ephemeral(text));
  };

  if (parsed.kind === 'settings') {
    await say(settingsReply(SLACK_MARKUP, await deps.useCases.subscription(channel), SUBSCRIBE_HINT));
    return;
  }
  if (parsed.kind === 'status') {
    await say(statusReply(SLACK_MARKUP, await deps.useCases.status(channel), SUBSCRIBE_HINT));
    return;
  }
  if (parsed.kind === 'top') {
    await say(topReply(SLACK_MARKUP, parsed.period, await deps.useCases.top(channel, parsed.period)));
    return;
  }
  if (parsed.kind === 'follow' || parsed.kind === 'following' || parsed.kind === 'unfollow') {
    await say(await followsAnswer(deps, command, parsed));
    return;
  }

  let allowed: boolean;
  try {
    allowed = await deps.people.canManage(command.team_id, command.user_id);
  } catch (error) {
    deps.logger.warn({ ...commandContext(command), err: error }, 'users.info failed; cannot check admin rights');
    await say(PERMISSION_CHECK_FAILED);
    return;
  }
  if (!allowed) {
    deps.logger.info({ ...commandContext(command), subcommand: parsed.kind }, 'refused: not a workspace admin');
    await say(notAllowedReply(MANAGED_ACTION[parsed.kind]));
    return;
  }

  switch (parsed.kind) {
    case 'subscribe': {
      const result = await deps.useCases.subscribe(channel, command.user_id, parsed.input);
      deps.logger.info({ ...commandContext(command), status: result.status }, 'subscribe');
      await say(subscribeReply(SLACK_MARKUP, result));
      return;
    }
    case 'unsubscribe': {
      const { status } = await deps.useCases.unsubscribe(channel);
      deps.logger.info({ ...commandContext(command), status }, 'unsubscribe');
      await say(unsubscribeReply(status));
      return;
    }
    case 'today': {
      await say('Posting the latest Hugging Face Daily Papers here…');
      const outcome = await deps.useCases.postLatestDigest(channel);
      deps.logger.info({
        ...commandContext(command),
        status: outcome.status,
        posted: 'posted' in outcome ? outcome.posted.length : 0,
        failure: 'failure' in outcome ? outcome.failure?.reason : undefined,
        sourceError: outcome.sourceError,
      }, 'today');
      await say(slackTodayReply(outcome));
      return;
    }
  }
}

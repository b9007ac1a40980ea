/**
 * `/papers` and `/paperboy`. Slack wants an answer within 3 s, so every handler acks at once:
 * help and usage errors go out in the ack itself (no I/O), everything else is acked empty and
 * answered through respond(), which stays valid for 30 minutes. Answers are ephemeral: only
 * the person who ran the command sees them; digests themselves are posted to the channel.
 */
import type { AckFn, App, RespondArguments, RespondFn, SlashCommand } from '@slack/bolt';
import {
  settingsReply, SLACK_MARKUP, statusReply, subscribeReply, topReply, unsubscribeReply,
} from '../../formatter/replies.js';
import {
  PAPERBOY_COMMAND, PAPERS_COMMAND, parsePaperboyCommand, parsePapersCommand, type PaperboyCommand,
} from './command-text.js';
import { ephemeral, replyWithFailure, slackChannel, type SlackHandlerDeps } from './handler-deps.js';
import { searchReply } from './search-reply.js';
import {
  notAllowedReply, paperboyHelp, papersHelp, PERMISSION_CHECK_FAILED, slackTodayReply, SUBSCRIBE_HINT, usageErrorReply,
} from './slack-replies.js';

export const TOP_LIMIT = 10;

type ManagedKind = 'subscribe' | 'unsubscribe' | 'today';
type RunnableCommand = Extract<PaperboyCommand, { kind: ManagedKind | 'settings' | 'status' | 'top' }>;

const MANAGED_ACTION: Record<ManagedKind, string> = {
  subscribe: 'subscribe a channel to the daily digest',
  unsubscribe: 'unsubscribe a channel',
  today: 'post papers to a channel',
};

function where(command: SlashCommand): Record<string, string> {
  return { team: command.team_id, channel: command.channel_id, user: command.user_id, command: command.command };
}

export function registerCommands(app: App, deps: SlackHandlerDeps): void {
  app.command(PAPERS_COMMAND, async ({ command, ack: rawAck, respond }) => {
    const ack = timedAck(deps, command, rawAck);
    const parsed = parsePapersCommand(command.text);
    if (parsed.kind === 'help') {
      await ack(ephemeral(papersHelp()));
      return;
    }
    await ack();
    await deps.track(async () => {
      try {
        deps.logger.debug({ ...where(command), length: parsed.text.length }, 'search');
        await respond(await searchReply(deps, parsed.text, 1));
      } catch (error) {
        await replyWithFailure(deps, respond, error, where(command));
      }
    });
  });

  app.command(PAPERBOY_COMMAND, async ({ command, ack: rawAck, respond }) => {
    const ack = timedAck(deps, command, rawAck);
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
        await replyWithFailure(deps, respond, error, { ...where(command), subcommand: parsed.kind });
      }
    });
  });
}

/** Wraps ack so the time from the listener starting to the ack going out is measured. */
function timedAck(deps: SlackHandlerDeps, command: SlashCommand, ack: AckFn<string | RespondArguments>): (response?: RespondArguments) => Promise<void> {
  const started = performance.now();
  return async (response) => {
    await (response === undefined ? ack() : ack(response));
    deps.observeCommand?.(command.command.replace(/^\//u, ''), (performance.now() - started) / 1000);
  };
}

async function runPaperboy(deps: SlackHandlerDeps, command: SlashCommand, parsed: RunnableCommand, respond: RespondFn): Promise<void> {
  const channel = slackChannel(command.team_id, command.channel_id);
  const say = async (text: string): Promise<void> => {
    await respond(ephemeral(text));
  };

  if (parsed.kind === 'settings') {
    await say(settingsReply(SLACK_MARKUP, deps.useCases.subscription(channel), SUBSCRIBE_HINT));
    return;
  }
  if (parsed.kind === 'status') {
    await say(statusReply(SLACK_MARKUP, deps.useCases.status(channel), SUBSCRIBE_HINT));
    return;
  }
  if (parsed.kind === 'top') {
    await say(topReply(SLACK_MARKUP, parsed.period, deps.useCases.top(parsed.period, TOP_LIMIT)));
    return;
  }

  let allowed: boolean;
  try {
    allowed = await deps.people.canManage(command.user_id);
  } catch (error) {
    deps.logger.warn({ ...where(command), err: error }, 'users.info failed; cannot check admin rights');
    await say(PERMISSION_CHECK_FAILED);
    return;
  }
  if (!allowed) {
    deps.logger.info({ ...where(command), subcommand: parsed.kind }, 'refused: not a workspace admin');
    await say(notAllowedReply(MANAGED_ACTION[parsed.kind]));
    return;
  }

  switch (parsed.kind) {
    case 'subscribe': {
      const result = deps.useCases.subscribe(channel, command.user_id, parsed.input);
      deps.logger.info({ ...where(command), status: result.status }, 'subscribe');
      await say(subscribeReply(SLACK_MARKUP, result));
      return;
    }
    case 'unsubscribe': {
      const { status } = deps.useCases.unsubscribe(channel);
      deps.logger.info({ ...where(command), status }, 'unsubscribe');
      await say(unsubscribeReply(status));
      return;
    }
    case 'today': {
      await say('Posting the latest Hugging Face Daily Papers here…');
      const outcome = await deps.useCases.postLatestDigest(channel, deps.poster);
      deps.logger.info({
        ...where(command),
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

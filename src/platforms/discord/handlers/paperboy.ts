/**
 * `/paperboy subscribe|unsubscribe|settings|status|today|top|follow|following|unfollow|help`.
 * Changing what a channel receives requires Manage Channels, checked here on the interaction;
 * follows are personal and open to every member.
 */
import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import type { ChannelRef } from '../../../core/channels.js';
import { parseWeekdays } from '../../../core/subscriptions/schedule.js';
import { keywordsToFilter, parseKeywordList, type SubscribeInput } from '../../../core/subscriptions/subscribe.js';
import type { Cadence } from '../../../core/subscription.js';
import { isTopPeriod } from '../../../core/votes/top.js';
import { DISCORD_LIMITS } from '../../../formatter/limits.js';
import {
  DISCORD_MARKUP, settingsReply, statusReply, subscribeReply, topReply, unsubscribeReply,
} from '../../../formatter/replies.js';
import { truncate } from '../../../formatter/text.js';
import type { HandlerDeps } from '../handler-deps.js';
import { followsAnswer } from './follows.js';
import { BAD_DAYS, helpText, NEEDS_MANAGE_CHANNELS, SUBSCRIBE_HINT, todayText } from '../replies.js';

const ADMIN_SUBCOMMANDS = new Set(['subscribe', 'unsubscribe', 'today']);

export async function handlePaperboyCommand(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, deps: HandlerDeps): Promise<void> {
  const subcommand = interaction.options.getSubcommand(false) ?? 'help';
  const channel: ChannelRef = { platform: 'discord', workspaceId: interaction.guildId, channelId: interaction.channelId };

  if (ADMIN_SUBCOMMANDS.has(subcommand) && !interaction.memberPermissions.has(PermissionFlagsBits.ManageChannels)) {
    await reply(interaction, NEEDS_MANAGE_CHANNELS, true);
    return;
  }

  switch (subcommand) {
    case 'subscribe': {
      const input = subscribeInput(interaction);
      if (typeof input === 'string') {
        await reply(interaction, `Nothing was changed:\n• ${input}`, true);
        return;
      }
      const result = await deps.useCases.subscribe(channel, interaction.user.id, input);
      await reply(interaction, subscribeReply(DISCORD_MARKUP, result), result.status === 'invalid');
      return;
    }
    case 'unsubscribe':
      await reply(interaction, unsubscribeReply((await deps.useCases.unsubscribe(channel)).status), false);
      return;
    case 'settings':
      await reply(interaction, settingsReply(DISCORD_MARKUP, await deps.useCases.subscription(channel), SUBSCRIBE_HINT), true);
      return;
    case 'status':
      await reply(interaction, statusReply(DISCORD_MARKUP, await deps.useCases.status(channel), SUBSCRIBE_HINT), true);
      return;
    case 'today': {
      // Fetching the day and posting a dozen messages takes longer than Discord's 3 seconds.
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const outcome = await deps.useCases.postLatestDigest(channel);
      if (outcome.status === 'failed') deps.logger.warn({ channel: channel.channelId, posted: outcome.posted.length, failure: outcome.failure }, '/paperboy today could not post everything');
      if (outcome.sourceError !== undefined) deps.logger.warn({ error: outcome.sourceError }, 'Hugging Face unreachable; /paperboy today used the local archive');
      await interaction.editReply({ content: truncate(todayText(outcome), DISCORD_LIMITS.content), allowedMentions: { parse: [] } });
      return;
    }
    case 'follow':
    case 'following':
    case 'unfollow':
      await reply(interaction, await followsAnswer(interaction, subcommand, deps), true);
      return;
    case 'top': {
      const period = interaction.options.getString('period') ?? 'week';
      const chosen = isTopPeriod(period) ? period : 'week';
      await reply(interaction, topReply(DISCORD_MARKUP, chosen, await deps.useCases.top(channel, chosen)), false);
      return;
    }
    default:
      await reply(interaction, helpText(deps.voteEmoji), true);
  }
}

/** The options as a SubscribeInput, or what is wrong with them. */
function subscribeInput(interaction: ChatInputCommandInteraction): SubscribeInput | string {
  const options = interaction.options;
  const input: SubscribeInput = {};
  const time = options.getString('time');
  const timezone = options.getString('timezone');
  const maxPapers = options.getInteger('max_papers');
  const minUpvotes = options.getInteger('min_upvotes');
  const filter = options.getString('filter');
  // Servers whose commands were registered before `filter` existed still send `keywords`.
  const keywords = options.getString('keywords');
  const cadence = options.getString('cadence');
  const thread = options.getBoolean('thread');
  const emptyNote = options.getBoolean('empty_note');
  const days = options.getString('days');
  if (time !== null) input.time = time;
  if (timezone !== null) input.timezone = timezone;
  if (maxPapers !== null) input.maxPapers = maxPapers;
  if (minUpvotes !== null) input.minUpvotes = minUpvotes;
  if (filter !== null) input.filter = filter;
  else if (keywords !== null) input.filter = keywordsToFilter(parseKeywordList(keywords));
  if (cadence === 'daily' || cadence === 'weekly') input.cadence = cadence satisfies Cadence;
  if (thread !== null) input.thread = thread;
  if (emptyNote !== null) input.emptyNote = emptyNote;
  if (days !== null) {
    const weekdays = parseWeekdays(days);
    if (weekdays === undefined || weekdays.length === 0) return BAD_DAYS;
    input.weekdays = weekdays;
  }
  return input;
}

async function reply(interaction: ChatInputCommandInteraction, content: string, ephemeral: boolean): Promise<void> {
  await interaction.reply({
    content: truncate(content, DISCORD_LIMITS.content),
    allowedMentions: { parse: [] },
    ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  });
}

/**
 * `/paperboy subscribe|unsubscribe|settings|today|top|help`. Changing what a channel receives
 * requires Manage Channels, checked here on the interaction itself as well as by Discord's
 * default_member_permissions (which server admins can override).
 */
import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import type { ChannelRef } from '../../core/channels.js';
import type { DigestPoster } from '../../core/post-digest.js';
import { parseWeekdays } from '../../core/schedule.js';
import { parseKeywordList, type SubscribeInput } from '../../core/subscriptions.js';
import { isTopPeriod } from '../../core/top-papers.js';
import type { TodayOutcome, UseCases } from '../../core/use-cases.js';
import {
  DISCORD_MARKUP,
  searchSyntaxLines,
  settingsReply,
  statusReply,
  subscribeReply,
  todayReply,
  topReply,
  unsubscribeReply,
} from '../../formatter/replies.js';
import { truncate } from '../../formatter/text.js';
import { DISCORD_LIMITS } from '../../formatter/limits.js';
import type { Logger } from '../../logger.js';

/** How many papers `/paperboy top` lists. */
export const TOP_LIMIT = 10;

const ADMIN_SUBCOMMANDS = new Set(['subscribe', 'unsubscribe', 'today']);

export const NEEDS_MANAGE_CHANNELS =
  'You need the **Manage Channels** permission in this channel to change what Paperboy posts here.';

export interface PaperboyHandlerDeps {
  readonly useCases: UseCases;
  readonly logger: Logger;
  readonly poster: DigestPoster;
  readonly voteEmoji: string;
}

export async function handlePaperboyCommand(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, deps: PaperboyHandlerDeps): Promise<void> {
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
      const result = deps.useCases.subscribe(channel, interaction.user.id, input);
      await reply(interaction, subscribeReply(DISCORD_MARKUP, result), result.status === 'invalid');
      return;
    }
    case 'unsubscribe':
      await reply(interaction, unsubscribeReply(deps.useCases.unsubscribe(channel).status), false);
      return;
    case 'settings':
      await reply(interaction, settingsReply(DISCORD_MARKUP, deps.useCases.subscription(channel), SUBSCRIBE_HINT), true);
      return;
    case 'status':
      await reply(interaction, statusReply(DISCORD_MARKUP, deps.useCases.status(channel), SUBSCRIBE_HINT), true);
      return;
    case 'today': {
      // Fetching the day and posting a dozen messages takes longer than Discord's 3 seconds.
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const outcome = await deps.useCases.postLatestDigest(channel, deps.poster);
      if (outcome.status === 'failed') deps.logger.warn({ channel: channel.channelId, posted: outcome.posted.length, failure: outcome.failure }, '/paperboy today could not post everything');
      if (outcome.sourceError !== undefined) deps.logger.warn({ error: outcome.sourceError }, 'Hugging Face unreachable; /paperboy today used the local archive');
      await interaction.editReply({ content: truncate(todayText(outcome), DISCORD_LIMITS.content), allowedMentions: { parse: [] } });
      return;
    }
    case 'top': {
      const period = interaction.options.getString('period') ?? 'week';
      const chosen = isTopPeriod(period) ? period : 'week';
      await reply(interaction, topReply(DISCORD_MARKUP, chosen, deps.useCases.top(chosen, TOP_LIMIT)), false);
      return;
    }
    default:
      await reply(interaction, helpText(deps.voteEmoji), true);
  }
}

/** The shared wording, plus what Discord said when it refused for good (that is what to fix). */
function todayText(outcome: TodayOutcome): string {
  const text = todayReply(outcome);
  if (outcome.status !== 'failed' || outcome.failure?.permanent !== true) return text;
  return `${text}\nDiscord said: ${outcome.failure.reason}.`;
}

const SUBSCRIBE_HINT = 'Use `/paperboy subscribe` to start a daily digest.';

/** The options as a SubscribeInput, or what is wrong with them. */
function subscribeInput(interaction: ChatInputCommandInteraction): SubscribeInput | string {
  const options = interaction.options;
  const days = options.getString('days');
  const emptyNote = options.getBoolean('empty_note');
  const keywords = options.getString('keywords');
  const input: SubscribeInput = {};
  const time = options.getString('time');
  const timezone = options.getString('timezone');
  const maxPapers = options.getInteger('max_papers');
  const minUpvotes = options.getInteger('min_upvotes');
  const thread = options.getBoolean('thread');
  if (time !== null) input.time = time;
  if (timezone !== null) input.timezone = timezone;
  if (maxPapers !== null) input.maxPapers = maxPapers;
  if (minUpvotes !== null) input.minUpvotes = minUpvotes;
  if (keywords !== null) input.keywords = parseKeywordList(keywords);
  if (thread !== null) input.thread = thread;
  if (emptyNote !== null) input.emptyNote = emptyNote;
  if (days !== null) {
    const weekdays = parseWeekdays(days);
    if (weekdays === undefined || weekdays.length === 0) return 'days must be daily, weekdays, weekends, a range such as mon-fri, or a list such as mon,wed,fri';
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

export function helpText(voteEmoji: string): string {
  return [
    '**Paperboy** brings Hugging Face Daily Papers to this channel.',
    '',
    '**Search**',
    ...searchSyntaxLines(DISCORD_MARKUP, '/papers'),
    '',
    '**Daily digest** (needs Manage Channels)',
    '`/paperboy subscribe` time, timezone, max_papers, min_upvotes, keywords, thread: post each day\'s papers here',
    '`/paperboy subscribe` days, empty_note: which days to post on; a note on days without papers',
    '`/paperboy unsubscribe`: stop the digest · `/paperboy settings`: show it · `/paperboy status`: last and next run · `/paperboy today`: post the latest day now',
    '',
    '**Votes**',
    `React with ${voteEmoji} on a paper to upvote it; \`/paperboy top\` day, week, month or all shows the most upvoted.`,
  ].join('\n');
}

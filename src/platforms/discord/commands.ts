/**
 * Slash command definitions, registered by `paperboy deploy-commands` (not on every start:
 * Discord rate-limits command registration and propagates global changes slowly).
 *
 * `/paperboy` is open to every member, because follows are personal; changing what a channel
 * receives (subscribe, unsubscribe, today) is checked against Manage Channels by the handler.
 */
import {
  ApplicationCommandType, ContextMenuCommandBuilder, InteractionContextType, SlashCommandBuilder,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { MAX_DIGEST_PAPERS } from '../../core/subscriptions/subscribe.js';
import { MAX_QUERY_LENGTH } from '../../core/search/query.js';
import { CADENCES } from '../../core/subscription.js';
import { TOP_PERIODS } from '../../core/votes/top.js';

export const SEARCH_COMMAND = 'papers';
export const ADMIN_COMMAND = 'paperboy';
/** The message context-menu command (right-click a message → Apps); names of these may hold spaces and capitals. */
export const PAPER_CARD_COMMAND = 'Paperboy: paper card';
/** Results per page the `limit` option allows; ten embeds is Discord's per-message maximum. */
export const MAX_SEARCH_PAGE_SIZE = 10;

export const papersCommand = new SlashCommandBuilder()
  .setName(SEARCH_COMMAND)
  .setDescription('Search Hugging Face papers, e.g. /papers memory')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((option) =>
    option
      .setName('query')
      .setDescription('Words, "phrases", author:name, org:name, since:7d, min:20')
      .setRequired(true)
      .setMaxLength(MAX_QUERY_LENGTH)
      .setAutocomplete(true),
  )
  .addIntegerOption((option) =>
    option.setName('limit').setDescription(`Results per page (1-${MAX_SEARCH_PAGE_SIZE})`).setMinValue(1).setMaxValue(MAX_SEARCH_PAGE_SIZE),
  );

export const paperboyCommand = new SlashCommandBuilder()
  .setName(ADMIN_COMMAND)
  .setDescription('Daily Hugging Face papers for this channel')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    sub
      .setName('subscribe')
      .setDescription("Post each papers-day's papers (or a weekly digest) in this channel")
      .addStringOption((option) => option.setName('time').setDescription('Posting time, HH:MM (24-hour)').setMaxLength(5))
      .addStringOption((option) => option.setName('timezone').setDescription('IANA timezone, e.g. Europe/Berlin').setMaxLength(64).setAutocomplete(true))
      .addIntegerOption((option) => option.setName('max_papers').setDescription(`Papers per digest (1-${MAX_DIGEST_PAPERS})`).setMinValue(1).setMaxValue(MAX_DIGEST_PAPERS))
      .addIntegerOption((option) => option.setName('min_upvotes').setDescription('Only papers with at least this many HF upvotes').setMinValue(0))
      .addStringOption((option) =>
        option.setName('filter').setDescription('Only matching papers, as in /papers: agents OR "sparse attention" author:x; none clears').setMaxLength(MAX_QUERY_LENGTH))
      .addBooleanOption((option) => option.setName('thread').setDescription('Post the papers in a thread under the header'))
      .addStringOption((option) => option.setName('days').setDescription('Days to post on: daily, weekdays, mon-fri, mon,wed,fri; weekly: one day').setMaxLength(40))
      .addBooleanOption((option) => option.setName('empty_note').setDescription('Post a short "no papers today" note on empty days'))
      .addStringOption((option) =>
        option.setName('cadence').setDescription('daily: every papers-day; weekly: the top papers of the week, on one day').addChoices(...CADENCES.map((cadence) => ({ name: cadence, value: cadence })))),
  )
  .addSubcommand((sub) => sub.setName('unsubscribe').setDescription('Stop the daily digest in this channel'))
  .addSubcommand((sub) => sub.setName('settings').setDescription("Show this channel's digest settings"))
  .addSubcommand((sub) => sub.setName('status').setDescription('Last run, next run, last Hugging Face error, paused or not'))
  .addSubcommand((sub) => sub.setName('today').setDescription('Post the latest complete papers-day here now'))
  .addSubcommand((sub) =>
    sub
      .setName('top')
      .setDescription('Papers with the most upvotes given here')
      .addStringOption((option) =>
        option.setName('period').setDescription('Time window (default week)').addChoices(...TOP_PERIODS.map((period) => ({ name: period, value: period }))),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('follow')
      .setDescription('Get a direct message when new papers match this search')
      .addStringOption((option) => option.setName('query').setDescription('As in /papers: author:"Yann LeCun", org:nvidia, "state space models"').setRequired(true).setMaxLength(MAX_QUERY_LENGTH)),
  )
  .addSubcommand((sub) => sub.setName('following').setDescription('List what you follow, with ids'))
  .addSubcommand((sub) =>
    sub
      .setName('unfollow')
      .setDescription('Stop following one search, or all')
      .addStringOption((option) => option.setName('id').setDescription('An id from /paperboy following, or all').setRequired(true).setMaxLength(12)),
  )
  .addSubcommand((sub) => sub.setName('help').setDescription('How Paperboy works'));

/**
 * Posts the card of the paper a message links to. A context-menu interaction carries the
 * message it was used on, so reading it needs no Message Content intent.
 */
export const paperCardCommand = new ContextMenuCommandBuilder()
  .setName(PAPER_CARD_COMMAND)
  .setType(ApplicationCommandType.Message)
  .setContexts(InteractionContextType.Guild);

export function commandDefinitions(): RESTPostAPIApplicationCommandsJSONBody[] {
  return [papersCommand.toJSON(), paperboyCommand.toJSON(), paperCardCommand.toJSON()];
}

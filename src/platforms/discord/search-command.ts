/**
 * `/papers <query>`: defer at once (the live Hugging Face merge may take a second), search,
 * answer with embeds and paging buttons. Also the query autocomplete and the paging buttons.
 */
import type { AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import { MessageFlags } from 'discord.js';
import { isEmptyQuery, parseSearchQuery } from '../../core/search.js';
import { votesOfHits, type MergedSearchResult } from '../../core/search-service.js';
import type { UseCases } from '../../core/use-cases.js';
import { searchToView } from '../../formatter/card.js';
import { searchResultsToDiscordMessage, toDiscordJsOptions, type DiscordActionRow } from '../../formatter/discord.js';
import { DISCORD_LIMITS } from '../../formatter/limits.js';
import { DISCORD_MARKUP, searchSyntaxLines } from '../../formatter/replies.js';
import { truncate } from '../../formatter/text.js';
import { MAX_SEARCH_PAGE_SIZE } from './commands.js';
import { pageButtonId, parsePageButtonId, type PagedSearch, type SearchSessions } from './search-sessions.js';
import type { Turns } from './turns.js';

/** Discord shows at most 25 autocomplete choices, each name and value at most 100 characters. */
const AUTOCOMPLETE_CHOICES = 25;
const CHOICE_LENGTH = 100;
const SEARCH_HELP = ['Type what to look for:', ...searchSyntaxLines(DISCORD_MARKUP, '/papers')].join('\n');

export interface SearchHandlerDeps {
  readonly useCases: UseCases;
  readonly sessions: SearchSessions;
  /** Searches start one per event-loop turn, so new commands get their first answer in between. */
  readonly turns: Turns;
  readonly defaultPageSize: number;
}

export async function handleSearchCommand(interaction: ChatInputCommandInteraction, deps: SearchHandlerDeps): Promise<MergedSearchResult | undefined> {
  const query = interaction.options.getString('query') ?? '';
  if (isEmptyQuery(parseSearchQuery(query))) {
    // Only spaces or punctuation: nothing to search for, so say how instead.
    await interaction.reply({ content: SEARCH_HELP, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    return undefined;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const pageSize = Math.min(MAX_SEARCH_PAGE_SIZE, interaction.options.getInteger('limit') ?? deps.defaultPageSize);
  await deps.turns.take();
  const result = await deps.useCases.searchPapers({ text: query, page: 0, pageSize });
  const key = deps.sessions.open({ query, pageSize, userId: interaction.user.id });
  await interaction.editReply(toDiscordJsOptions(renderResults({ key, query, pageSize, userId: interaction.user.id }, result)));
  return result;
}

export async function handlePageButton(interaction: ButtonInteraction, deps: SearchHandlerDeps): Promise<void> {
  const search = await pagedSearch(interaction, deps);
  if (search === undefined) return;
  await interaction.deferUpdate();
  await deps.turns.take();
  const result = await deps.useCases.searchPapers({ text: search.query, page: search.page, pageSize: search.pageSize });
  await interaction.editReply(toDiscordJsOptions(renderResults(search, result)));
}

/** The search a paging button belongs to, or undefined once the user has been told why not. */
async function pagedSearch(interaction: ButtonInteraction, deps: SearchHandlerDeps): Promise<(PagedSearch & { page: number }) | undefined> {
  const target = parsePageButtonId(interaction.customId);
  const session = target?.kind === 'inline' ? target : target === undefined ? undefined : deps.sessions.get(target.key);
  if (target === undefined || session === undefined) {
    await interaction.reply({ content: 'This search has expired. Run /papers again.', flags: MessageFlags.Ephemeral });
    return undefined;
  }
  if (session.userId !== interaction.user.id) {
    await interaction.reply({ content: 'These are someone else\'s results. Run /papers yourself to page through your own.', flags: MessageFlags.Ephemeral });
    return undefined;
  }
  const pageSize = Math.max(1, Math.min(MAX_SEARCH_PAGE_SIZE, session.pageSize));
  return { key: target.kind === 'session' ? target.key : '', query: session.query, userId: session.userId, pageSize, page: target.page };
}

export async function handleSearchAutocomplete(interaction: AutocompleteInteraction, deps: SearchHandlerDeps): Promise<void> {
  const typed = interaction.options.getFocused();
  const choices = deps.useCases
    .suggestTitles(typed, AUTOCOMPLETE_CHOICES)
    .map(({ title }) => truncate(title, CHOICE_LENGTH))
    .filter((title) => title.length > 0)
    .map((title) => ({ name: title, value: title }));
  await interaction.respond(choices);
}

function renderResults(search: PagedSearch, result: MergedSearchResult) {
  const view = searchToView(search.query, result.hits.map((hit) => hit.paper), {
    page: result.page + 1,
    pageSize: search.pageSize,
    total: result.total,
    note: result.note,
    votes: votesOfHits(result.hits),
  });
  return searchResultsToDiscordMessage(view, { components: pagingRow(result, search) });
}

function pagingRow(result: MergedSearchResult, search: PagedSearch): DiscordActionRow[] {
  if (result.pageCount <= 1) return [];
  const label = (text: string) => text.slice(0, DISCORD_LIMITS.buttonLabel);
  return [
    {
      type: 1,
      components: [
        { type: 2, style: 2, label: label('◀ Previous'), custom_id: pageButtonId(search, result.page - 1), disabled: result.page === 0 },
        { type: 2, style: 2, label: label(`Page ${result.page + 1} of ${result.pageCount}`), custom_id: pageButtonId(search, result.page), disabled: true },
        { type: 2, style: 2, label: label('Next ▶'), custom_id: pageButtonId(search, result.page + 1), disabled: result.page + 1 >= result.pageCount },
      ],
    },
  ];
}

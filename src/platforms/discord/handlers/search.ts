/**
 * `/papers <query>`: defer at once (the live Hugging Face merge may take a second), search,
 * answer with embeds and paging buttons. Also the paging buttons and the query autocomplete.
 */
import { MessageFlags, type AutocompleteInteraction, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { isEmptyQuery } from '../../../core/search/query.js';
import type { SearchResult } from '../../../core/search/search-papers.js';
import { searchResultToDiscordMessage } from '../../../formatter/discord-search.js';
import { toDiscordJsOptions } from '../../../formatter/discord.js';
import { parseDiscordPageButtonId, type PagedSearch } from '../../../formatter/paging.js';
import { truncate } from '../../../formatter/text.js';
import { MAX_SEARCH_PAGE_SIZE } from '../commands.js';
import { discordCommunity, type HandlerDeps } from '../handler-deps.js';
import { SEARCH_EXPIRED, SEARCH_HELP, SOMEONE_ELSES_RESULTS } from '../replies.js';

/** Discord shows at most 25 autocomplete choices, each name and value at most 100 characters. */
const AUTOCOMPLETE_CHOICES = 25;
const CHOICE_LENGTH = 100;

export async function handleSearchCommand(interaction: ChatInputCommandInteraction, deps: HandlerDeps): Promise<SearchResult> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const query = interaction.options.getString('query') ?? '';
  const pageSize = Math.min(MAX_SEARCH_PAGE_SIZE, interaction.options.getInteger('limit') ?? deps.pageSize);
  await deps.turns.take();
  const result = await deps.useCases.searchPapers({ text: query, page: 0, pageSize }, discordCommunity(interaction));
  if (isEmptyQuery(result.query)) {
    // Only spaces or punctuation: nothing to search for, so say how instead.
    await interaction.editReply({ content: SEARCH_HELP, allowedMentions: { parse: [] } });
    return result;
  }
  const search: PagedSearch = { key: deps.sessions.open({ query, pageSize, userId: interaction.user.id }), query, pageSize, userId: interaction.user.id };
  await interaction.editReply(toDiscordJsOptions(searchResultToDiscordMessage(result, search)));
  return result;
}

export async function handlePageButton(interaction: ButtonInteraction, deps: HandlerDeps): Promise<void> {
  const target = parseDiscordPageButtonId(interaction.customId);
  const session = target?.kind === 'inline' ? target : target === undefined ? undefined : deps.sessions.get(target.key);
  if (target === undefined || session === undefined) {
    await interaction.reply({ content: SEARCH_EXPIRED, flags: MessageFlags.Ephemeral });
    return;
  }
  if (session.userId !== interaction.user.id) {
    await interaction.reply({ content: SOMEONE_ELSES_RESULTS, flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.deferUpdate();
  const pageSize = Math.max(1, Math.min(MAX_SEARCH_PAGE_SIZE, session.pageSize));
  const search: PagedSearch = { key: target.kind === 'session' ? target.key : '', query: session.query, userId: session.userId, pageSize };
  await deps.turns.take();
  const result = await deps.useCases.searchPapers({ text: search.query, page: target.page, pageSize }, discordCommunity(interaction));
  await interaction.editReply(toDiscordJsOptions(searchResultToDiscordMessage(result, search)));
}

export async function handleSearchAutocomplete(interaction: AutocompleteInteraction, deps: HandlerDeps): Promise<void> {
  const typed = interaction.options.getFocused();
  const suggestions = await deps.useCases.suggestTitles(typed, AUTOCOMPLETE_CHOICES);
  const choices = suggestions
    .map(({ title }) => truncate(title, CHOICE_LENGTH))
    .filter((title) => title.length > 0)
    .map((title) => ({ name: title, value: title }));
  await interaction.respond(choices);
}

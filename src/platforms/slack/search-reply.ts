/**
 * One page of `/papers` results as an ephemeral Block Kit message with ◀ ▶ paging buttons.
 * The buttons carry the query and page, and the core caches the merged result, so paging
 * re-runs the search without asking Hugging Face again.
 */
import { isEmptyQuery } from '../../core/search.js';
import type { UseCases } from '../../core/use-cases.js';
import { votesOfHits } from '../../core/search-service.js';
import { searchToView } from '../../formatter/card.js';
import { searchResultsToSlackMessage, slackPagingActions, type SlackBlock } from '../../formatter/slack.js';
import type { Logger } from '../../logger.js';
import { EMPTY_QUERY_INTRO, papersHelp } from './slack-replies.js';

export interface SearchReply {
  readonly response_type: 'ephemeral';
  readonly text: string;
  readonly blocks?: SlackBlock[];
  readonly unfurl_links?: false;
  readonly unfurl_media?: false;
}

/** `page` is 1-based, as shown to the user and carried by the buttons. */
export async function searchReply(
  deps: { useCases: UseCases; pageSize: number; logger: Logger },
  text: string,
  page: number,
): Promise<SearchReply> {
  const result = await deps.useCases.searchPapers({ text, page: page - 1, pageSize: deps.pageSize });
  if (result.liveError !== undefined) deps.logger.warn({ reason: result.liveError }, 'hugging face search unavailable; local results only');
  if (isEmptyQuery(result.query)) return { response_type: 'ephemeral', text: papersHelp(EMPTY_QUERY_INTRO) };

  const papers = result.hits.map((hit) => hit.paper);
  const votes = votesOfHits(result.hits);
  const view = searchToView(text, papers, {
    page: result.page + 1,
    pageSize: deps.pageSize,
    total: result.total,
    note: result.note,
    votes,
  });
  const paging = slackPagingActions({ query: text, page: view.page, pageCount: view.pageCount });
  const message = searchResultsToSlackMessage(view, { extraBlocks: paging === undefined ? [] : [paging] });
  return { response_type: 'ephemeral', ...message };
}

/**
 * `/papers <query>` and its ◀ ▶ buttons: ack at once, search, answer with one ephemeral Block
 * Kit page. The buttons carry the query and page, and the core caches the merged result, so
 * paging re-runs the search without asking Hugging Face again.
 */
import type { App } from '@slack/bolt';
import type { Community } from '../../../core/channels.js';
import { isEmptyQuery } from '../../../core/search/query.js';
import { parseSlackPagingValue } from '../../../formatter/paging.js';
import { searchResultToSlackMessage } from '../../../formatter/slack-search.js';
import { SLACK_ACTION_IDS, type SlackBlock } from '../../../formatter/slack.js';
import { PAPERS_COMMAND, parsePapersCommand } from '../commands.js';
import { onButton } from '../buttons.js';
import { commandContext, ephemeral, replyWithFailure, slackCommunity, slowDown, timedAck, type SlackHandlerDeps } from '../handler-deps.js';
import { EMPTY_QUERY_INTRO, papersHelp } from '../replies.js';

const PAGING = new RegExp(`^(${SLACK_ACTION_IDS.searchPrev}|${SLACK_ACTION_IDS.searchNext})$`, 'u');

export interface SearchReply {
  readonly response_type: 'ephemeral';
  readonly text: string;
  readonly blocks?: SlackBlock[];
  readonly unfurl_links?: false;
  readonly unfurl_media?: false;
}

/** `page` is 1-based, as shown to the user and carried by the buttons. */
async function searchReply(deps: SlackHandlerDeps, community: Community, text: string, page: number): Promise<SearchReply> {
  const result = await deps.useCases.searchPapers({ text, page: page - 1, pageSize: deps.pageSize }, community);
  if (result.liveError !== undefined) deps.logger.warn({ reason: result.liveError }, 'hugging face search unavailable; local results only');
  if (isEmptyQuery(result.query)) return ephemeral(papersHelp(EMPTY_QUERY_INTRO));
  return { response_type: 'ephemeral', ...searchResultToSlackMessage(result, text, deps.pageSize) };
}

export function registerSearch(app: App, deps: SlackHandlerDeps): void {
  app.command(PAPERS_COMMAND, async ({ command, ack: rawAck, respond }) => {
    const ack = timedAck(deps, command, rawAck);
    const refusal = await slowDown(deps, command.user_id, 'command');
    if (refusal !== undefined) {
      await ack(refusal);
      return;
    }
    const parsed = parsePapersCommand(command.text);
    if (parsed.kind === 'help') {
      await ack(ephemeral(papersHelp()));
      return;
    }
    await ack();
    await deps.track(async () => {
      try {
        deps.logger.debug({ ...commandContext(command), length: parsed.text.length }, 'search');
        await respond(await searchReply(deps, { platform: 'slack', workspaceId: command.team_id }, parsed.text, 1));
      } catch (error) {
        await replyWithFailure(deps, respond, error, commandContext(command));
      }
    });
  });

  // Replaces the ephemeral results in place.
  onButton(app, deps, PAGING, (action) => parseSlackPagingValue(action.value ?? ''), async (target, body, respond) => {
    await respond({ ...(await searchReply(deps, slackCommunity(body), target.query, target.page)), replace_original: true });
  });
}

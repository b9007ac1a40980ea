/**
 * Buttons: search paging (replaces the ephemeral results in place), Upvote on a paper post
 * (toggles the clicker's vote and tells only them), and the link buttons, which open a URL in
 * the browser but still send an action that must be acked.
 */
import type { App, BlockButtonAction } from '@slack/bolt';
import { parsePaperId } from '../../core/paper.js';
import { voteReply } from '../../formatter/replies.js';
import { parseSlackPagingValue, SLACK_ACTION_IDS } from '../../formatter/slack.js';
import { ephemeral, replyWithFailure, type SlackHandlerDeps } from './handler-deps.js';
import { searchReply } from './search-reply.js';
import { STALE_BUTTON } from './slack-replies.js';

const PAGING = new RegExp(`^(${SLACK_ACTION_IDS.searchPrev}|${SLACK_ACTION_IDS.searchNext})$`, 'u');
const LINK = new RegExp(`^${SLACK_ACTION_IDS.linkPrefix}\\d+$`, 'u');

function where(body: BlockButtonAction): Record<string, string | undefined> {
  return { team: body.team?.id, channel: body.channel?.id, user: body.user.id, action: body.actions[0]?.action_id };
}

export function registerActions(app: App, deps: SlackHandlerDeps): void {
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: PAGING }, async ({ ack, action, body, respond }) => {
    await ack();
    await deps.track(async () => {
      try {
        const target = parseSlackPagingValue(action.value ?? '');
        if (target === undefined) {
          await respond({ ...ephemeral(STALE_BUTTON), replace_original: false });
          return;
        }
        await respond({ ...(await searchReply(deps, target.query, target.page)), replace_original: true });
      } catch (error) {
        await replyWithFailure(deps, respond, error, where(body));
      }
    });
  });

  app.action<BlockButtonAction>({ type: 'block_actions', action_id: SLACK_ACTION_IDS.upvote }, async ({ ack, action, body, respond }) => {
    await ack();
    await deps.track(async () => {
      try {
        const paperId = parsePaperId(action.value ?? '');
        if (paperId === undefined) {
          await respond({ ...ephemeral(STALE_BUTTON), replace_original: false });
          return;
        }
        const outcome = deps.useCases.toggleVote('slack', body.user.id, paperId);
        deps.logger.debug({ ...where(body), paperId, status: outcome.status }, 'upvote button');
        await respond({ ...ephemeral(voteReply(outcome)), replace_original: false });
      } catch (error) {
        await replyWithFailure(deps, respond, error, where(body));
      }
    });
  });

  app.action({ type: 'block_actions', action_id: LINK }, async ({ ack }) => {
    await ack();
  });
}

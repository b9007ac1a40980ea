/**
 * "Share" under a search result: posts that paper's card in the channel the search was made in
 * (with the upvote reaction, so votes join the pool), attributed to the person who pressed it,
 * and tells only them how it went. The search answer itself stays as it was.
 */
import type { App, BlockButtonAction } from '@slack/bolt';
import { parsePaperId } from '../../../core/paper.js';
import { SLACK_MARKUP, shareReply } from '../../../formatter/replies.js';
import { SLACK_ACTION_IDS } from '../../../formatter/slack.js';
import { actionContext, ephemeral, replyWithFailure, slackChannel, slowDown, type SlackHandlerDeps } from '../handler-deps.js';
import { STALE_BUTTON } from '../replies.js';

export function registerShare(app: App, deps: SlackHandlerDeps): void {
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: SLACK_ACTION_IDS.share }, async ({ ack, action, body, respond }) => {
    await ack();
    await deps.track(async () => {
      try {
        // Fair use, like every other command and button: a share may cost a Hugging Face lookup and a post.
        const refusal = await slowDown(deps, body.user.id, 'button');
        if (refusal !== undefined) {
          await respond({ ...refusal, replace_original: false });
          return;
        }
        const paperId = parsePaperId(action.value ?? '');
        const channelId = body.channel?.id;
        if (paperId === undefined || channelId === undefined) {
          await respond({ ...ephemeral(STALE_BUTTON), replace_original: false });
          return;
        }
        const result = await deps.useCases.sharePaper(slackChannel(body.team?.id ?? '', channelId), body.user.id, paperId);
        if (result.status === 'failed') deps.logger.warn({ ...actionContext(body), reason: result.reason, permanent: result.permanent }, 'share failed');
        else deps.logger.debug({ ...actionContext(body), paperId, status: result.status }, 'share');
        await respond({ ...ephemeral(shareReply(SLACK_MARKUP, result)), replace_original: false });
      } catch (error) {
        await replyWithFailure(deps, respond, error, actionContext(body));
      }
    });
  });
}

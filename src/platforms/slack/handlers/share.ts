/**
 * "Share" under a search result: posts that paper's card in the channel the search was made in
 * (with the upvote reaction, so votes join the pool), attributed to the person who pressed it,
 * and tells only them how it went. The search answer itself stays as it was.
 */
import type { App } from '@slack/bolt';
import { parsePaperId } from '../../../core/paper.js';
import { SLACK_MARKUP, shareReply } from '../../../formatter/replies.js';
import { SLACK_ACTION_IDS } from '../../../formatter/slack.js';
import { onButton } from '../buttons.js';
import { actionContext, ephemeral, slackChannel, type SlackHandlerDeps } from '../handler-deps.js';

export function registerShare(app: App, deps: SlackHandlerDeps): void {
  // Fair use, like every other button: a share may cost a Hugging Face lookup and a post.
  onButton(
    app,
    deps,
    SLACK_ACTION_IDS.share,
    (action, body) => {
      const paperId = parsePaperId(action.value ?? '');
      const channelId = body.channel?.id;
      return paperId === undefined || channelId === undefined ? undefined : { paperId, channelId };
    },
    async ({ paperId, channelId }, body, respond) => {
      const result = await deps.useCases.sharePaper(slackChannel(body.team?.id ?? '', channelId), body.user.id, paperId);
      if (result.status === 'failed') deps.logger.warn({ ...actionContext(body), reason: result.reason, permanent: result.permanent }, 'share failed');
      else deps.logger.debug({ ...actionContext(body), paperId, status: result.status }, 'share');
      await respond({ ...ephemeral(shareReply(SLACK_MARKUP, result)), replace_original: false });
    },
  );
}

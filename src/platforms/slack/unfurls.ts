/**
 * Link unfurls: when someone posts a huggingface.co/papers or arxiv.org link, Slack sends
 * `link_shared` (for the domains the app manifest lists) and we answer with `chat.unfurl`: the
 * paper's card under the message, with its Upvote button, whose votes join the same pool as
 * digest votes. A link to no paper, or to one Hugging Face does not know, is left as Slack shows it.
 */
import type { App, webApi } from '@slack/bolt';
import { paperToCard } from '../../formatter/card.js';
import { paperToSlackMessage } from '../../formatter/slack.js';
import type { SlackHandlerDeps } from './handler-deps.js';
import { sendFailureFromSlackError } from './errors.js';

interface LinkShared {
  readonly channel: string;
  readonly message_ts: string;
  readonly links: readonly { readonly url: string }[];
  readonly unfurl_id?: string | undefined;
  readonly source?: string | undefined;
}

/** Where the unfurl goes: a posted message, or (links still in the composer) the unfurl id Slack gave. */
function target(event: LinkShared): { channel: string; ts: string } | { unfurl_id: string; source: 'composer' | 'conversations_history' } {
  if (event.source === 'composer' && event.unfurl_id !== undefined) return { unfurl_id: event.unfurl_id, source: 'composer' };
  return { channel: event.channel, ts: event.message_ts };
}

async function unfurl(deps: SlackHandlerDeps, client: webApi.WebClient, event: LinkShared, teamId: string): Promise<string> {
  // The card counts, like a digest post in this workspace, the votes of this workspace's pool.
  const linked = await deps.useCases.linkedPapers(event.links.map((link) => link.url), { platform: 'slack', workspaceId: teamId });
  if (linked.length === 0) return 'no_papers';
  const unfurls = Object.fromEntries(linked.map(({ url, paper, votes, votesWhere }) => {
    const card = paperToSlackMessage(paperToCard(paper, { votes, votesWhere }));
    return [url, { blocks: card.blocks }];
  }));
  try {
    await client.chat.unfurl({ ...target(event), unfurls });
    return `unfurled ${linked.length}`;
  } catch (error) {
    return `failed: ${sendFailureFromSlackError(error).reason}`;
  }
}

export function registerUnfurls(app: App, deps: SlackHandlerDeps): void {
  app.event('link_shared', async ({ event, body, client }) => {
    await deps.track(async () => {
      const teamId = typeof body.team_id === 'string' ? body.team_id : '';
      const where = { team: teamId, channel: event.channel, ts: event.message_ts, links: event.links.length };
      try {
        deps.logger.debug({ ...where, result: await unfurl(deps, client, event, teamId) }, 'link_shared handled');
      } catch (error) {
        deps.logger.error({ ...where, err: error }, 'unfurl failed');
      }
    });
  });
}

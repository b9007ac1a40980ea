/**
 * Recognising a digest post an earlier run sent but never recorded (it died between send and
 * record). Discord honours `enforce_nonce` for a few minutes only, and fetched messages carry no
 * nonce, so the post is found by its content among the bot's own recent messages: a paper post
 * by its embed's link, a header by its title line, which names the papers-day or the span of
 * papers-days. Both are unique per ledger key: the ledger lets a paper reach a channel once, and
 * a header once per span.
 */
import { MessageType, Routes, type APIMessage, type Client } from 'discord.js';
import { digestPlanToView, paperToCard } from '../../formatter/card.js';
import { digestHeaderToDiscordMessage, paperToDiscordMessage } from '../../formatter/discord.js';
import type { PendingPost } from '../../core/posts.js';

/** How far back a lost post is looked for (as Slack does); a digest is at most a few dozen messages. */
export const DELIVERED_LOOKBACK = 200;
/** Discord's most messages per GET /channels/{id}/messages. */
const PAGE_LIMIT = 100;

const firstLine = (text: string | undefined): string => (text ?? '').split('\n', 1)[0] ?? '';

/** A test for the message `post` would have been, rendered as the poster renders it. */
export function pendingPostMatcher(post: PendingPost, voteEmoji: string): (message: APIMessage) => boolean {
  if (post.kind === 'paper') {
    const rendered = paperToDiscordMessage(paperToCard(post.paper), { sharedBy: post.sharedBy });
    const url = rendered.embeds?.[0]?.url;
    // A shared card also names its sharer, so it is not mistaken for a digest post of the same paper.
    const content = rendered.content ?? '';
    return (message) => url !== undefined && message.embeds.length === 1 && message.embeds[0]?.url === url && message.content === content;
  }
  const view = digestPlanToView(post.plan, { voteEmoji });
  // The count line may differ between runs (Hugging Face adds papers); the title names the
  // papers-day or the span, which a resumed run keeps.
  const title = firstLine(digestHeaderToDiscordMessage(view).content);
  return (message) => title !== '' && message.embeds.length === 0 && firstLine(message.content) === title;
}

/**
 * The newest of the bot's own digest messages in `channelId` (a channel or a thread) that
 * `matches`, among the last `lookback` messages. Throws when the history cannot be read.
 */
export async function findOwnMessage(
  client: Client,
  channelId: string,
  matches: (message: APIMessage) => boolean,
  lookback: number = DELIVERED_LOOKBACK,
): Promise<APIMessage | undefined> {
  const botId = client.user?.id;
  if (botId === undefined) throw new Error('the client is not logged in');
  let before: string | undefined;
  for (let seen = 0; seen < lookback;) {
    const limit = Math.min(PAGE_LIMIT, lookback - seen);
    const query = new URLSearchParams({ limit: String(limit), ...(before === undefined ? {} : { before }) });
    const page: unknown = await client.rest.get(Routes.channelMessages(channelId), { query });
    if (!Array.isArray(page)) throw new Error('channel history is not a list of messages');
    const messages = page as APIMessage[];
    // Interaction replies (search results, say) are the bot's too, but come through a webhook.
    const found = messages.find((message) =>
      message.author.id === botId && message.webhook_id === undefined && message.type === MessageType.Default && matches(message));
    if (found !== undefined) return found;
    if (messages.length < limit) return undefined;
    seen += messages.length;
    before = messages.at(-1)?.id;
  }
  return undefined;
}

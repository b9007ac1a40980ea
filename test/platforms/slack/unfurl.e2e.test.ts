/**
 * Link unfurls on Slack: the real Bolt app against the fake Slack. A message with
 * huggingface.co/papers or arxiv.org links brings `link_shared`; the bot answers with
 * `chat.unfurl`, one paper card per link with its Upvote button, and votes from those buttons
 * join the same pool as digest votes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linkSharedEvent, type StoredMessage } from '../../fakes/slack/index.js';
import { EVOARENA, papersOf, postDigest } from '../../contracts/chat-platform/support.js';
import type { ChatDriver } from '../../contracts/chat-platform/driver.js';
import { startSlackDriver } from './driver.js';
import { textOf, type SlackHarness } from './harness.js';

let d: ChatDriver & { readonly harness: SlackHarness };

beforeEach(async () => {
  d = await startSlackDriver();
});
afterEach(async () => {
  await d.stop();
});

type Unfurl = { app_unfurl_url?: string; blocks?: { type: string; text?: { text?: string }; elements?: { action_id?: string; value?: string }[] }[] };

/** Alice posts `text`; Slack tells the bot about `urls` in it; resolves once the bot has handled the event. */
async function share(text: string, urls: readonly string[]): Promise<StoredMessage> {
  const h = d.harness;
  const message = h.fake.addMessage('C0001', { user: 'U0001', text });
  const response = await h.send(linkSharedEvent({ urls, messageTs: message.ts }));
  expect(response.status).toBe(200);
  const handled = () => h.logEntries().find((entry) => entry.msg === 'link_shared handled' && entry.ts === message.ts);
  await expect.poll(handled, { timeout: 3_000, interval: 5 }).toBeDefined();
  return message;
}

const unfurlsOf = (message: StoredMessage): Unfurl[] => (message.attachments ?? []);
const upvoteOf = (unfurl: Unfurl | undefined) =>
  unfurl?.blocks?.flatMap((block) => block.elements ?? []).find((element) => element.action_id === 'paper_upvote');

describe('Slack link unfurls', () => {
  it('unfurls each paper link into its card with an Upvote button whose votes join the digest pool', async () => {
    const hfLink = 'https://huggingface.co/papers/2606.13392';
    const arxivLink = `https://arxiv.org/abs/${EVOARENA}v2`;
    const message = await share(`two good ones: <${hfLink}> and <${arxivLink}>`, [hfLink, arxivLink]);

    const [call, ...more] = d.harness.fake.calls('chat.unfurl');
    expect(more).toEqual([]);
    expect(call?.args).toMatchObject({ channel: 'C0001', ts: message.ts });
    const unfurls = unfurlsOf(message);
    expect(unfurls.map((unfurl) => unfurl.app_unfurl_url)).toEqual([hfLink, arxivLink]);
    expect(unfurls[0]?.blocks?.[0]?.text?.text).toContain('MiniMax Sparse Attention');
    expect(upvoteOf(unfurls[1])?.value).toBe(EVOARENA);

    const { id } = await d.harness.action({ actionId: 'paper_upvote', value: EVOARENA, userId: 'U0002' });
    expect(textOf((await d.harness.replies(id))[0])).toBe('Upvoted. This paper has 1 vote across all workspaces.');
    expect(await d.votesFor(EVOARENA)).toBe(1);
    // The same pool: the digest's post of that paper counts the vote from the unfurl.
    const [first] = await postDigest(d);
    expect(first).toMatchObject({ paperId: EVOARENA, upvotes: '118 on HF · 1 vote across all workspaces' });
    expect(papersOf(d.posts())).toHaveLength(3);
  });

  it('leaves links to no paper, or to a paper Hugging Face does not know, as Slack shows them', async () => {
    const unknown = 'https://huggingface.co/papers/2601.99999';
    const listing = 'https://arxiv.org/list/cs.AI/recent';
    const message = await share(`<${unknown}> <${listing}>`, [unknown, listing]);
    expect(d.harness.fake.calls('chat.unfurl')).toEqual([]);
    expect(unfurlsOf(message)).toEqual([]);
    expect(d.errors()).toEqual([]);
  });
});

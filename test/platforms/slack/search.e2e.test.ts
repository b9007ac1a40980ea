/**
 * `/papers` through the real Bolt app: ack first, results through respond() as ephemeral Block
 * Kit, paging by block action, help, and hostile queries that must each get an answer.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkMessage, FAKE_SLACK_LIMITS } from '../../fakes/slack/index.js';
import { EVOARENA, startSlackHarness, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeEach(async () => {
  h = await startSlackHarness({ seed: true });
});
afterEach(async () => {
  await h.stop();
});

type Block = { type: string; text?: { text?: string }; elements?: { action_id?: string; value?: string; url?: string }[] };
const blocksOf = (body: Record<string, unknown> | undefined): Block[] => (Array.isArray(body?.blocks) ? (body.blocks as Block[]) : []);
/** What the fake Slack would reject in this message, or undefined. */
const problemsWith = (body: Record<string, unknown> | undefined) =>
  checkMessage(body ?? {}, { requireContent: true, blockTextTotal: FAKE_SLACK_LIMITS.blockTextTotal });
const pagingButton = (body: Record<string, unknown> | undefined, actionId: string) =>
  blocksOf(body).flatMap((block) => block.elements ?? []).find((element) => element.action_id === actionId);

describe('/papers <query>', () => {
  it('acks with an empty 200, then answers ephemerally with EvoArena first and a next-page button', async () => {
    const { id, response } = await h.command('/papers', 'memory');
    expect(response.status).toBe(200);
    expect(response.body).toBe('');
    const [reply] = await h.replies(id);
    expect(reply).toMatchObject({ response_type: 'ephemeral', unfurl_links: false, unfurl_media: false });
    expect(problemsWith(reply)).toBeUndefined();
    const sections = blocksOf(reply).filter((block) => block.type === 'section').map((block) => block.text?.text ?? '');
    expect(sections[0]).toContain('EvoArena');
    expect(sections[0]).toContain(`https://huggingface.co/papers/${EVOARENA}`);
    expect(JSON.stringify(reply)).toContain('Massachusetts Institute of Technology');
    expect(pagingButton(reply, 'search_next')).toBeDefined();
    expect(pagingButton(reply, 'search_prev')).toBeUndefined();
    expect(h.hf.requests.some((request) => request.url.startsWith('/api/papers/search?'))).toBe(true);
  });

  it('pages with the Next button, replacing the original results, without asking Hugging Face again', async () => {
    const first = await h.command('/papers', 'memory');
    const [page1] = await h.replies(first.id);
    const next = pagingButton(page1, 'search_next');
    const searches = h.hf.requests.filter((request) => request.url.startsWith('/api/papers/search')).length;

    const { id, response } = await h.action({ actionId: 'search_next', value: next?.value ?? '' });
    expect(response.status).toBe(200);
    const [page2] = await h.replies(id);
    expect(page2).toMatchObject({ replace_original: true, response_type: 'ephemeral' });
    expect(JSON.stringify(page2)).toContain('page 2/');
    expect(JSON.stringify(page2)).not.toContain('EvoArena');
    expect(pagingButton(page2, 'search_prev')).toBeDefined();
    expect(h.hf.requests.filter((request) => request.url.startsWith('/api/papers/search')).length).toBe(searches);

    const back = await h.action({ actionId: 'search_prev', value: pagingButton(page2, 'search_prev')?.value ?? '' });
    expect(JSON.stringify((await h.replies(back.id))[0])).toContain('EvoArena');
  });

  it('says so when nothing matches', async () => {
    const { id } = await h.command('/papers', 'xylophone quasar');
    const [reply] = await h.replies(id);
    expect(JSON.stringify(reply)).toContain('No results for \\"xylophone quasar\\"');
  });

  it('shows help with the query syntax for no text and for "help", in the ack', async () => {
    for (const text of ['', '  ', 'help', 'Help']) {
      const { ack, response } = await h.command('/papers', text);
      expect(response.status).toBe(200);
      expect(ack?.response_type).toBe('ephemeral');
      expect(ack?.text).toContain('author:lecun');
      expect(ack?.text).toContain('"sparse attention"');
    }
  });

  it('answers a stale paging button without crashing', async () => {
    const { id } = await h.action({ actionId: 'search_next', value: 'not json' });
    expect(JSON.stringify((await h.replies(id))[0])).toContain('old message');
  });

  it('acks link buttons and does nothing else', async () => {
    const { response } = await h.action({ actionId: 'paper_link_0', value: '' });
    expect(response.status).toBe(200);
    expect(h.fake.responses()).toHaveLength(0);
  });
});

describe('/papers with hostile input', () => {
  const hostile: [string, string][] = [
    ['a lone quote', '"'],
    ['a star', '*'],
    ['an FTS function', 'NEAR('],
    ['a minus', '-'],
    ['an operator', 'AND'],
    ['emoji', '🧠🤖 memory'],
    ['zero-width characters', '\u200b\u200d\ufeff'],
    ['5,000 characters', 'memory '.repeat(715).slice(0, 5_000)],
    ['Slack-escaped markup', '&lt;script&gt; &amp; <@U0001>'],
    ['SQL', "'; DROP TABLE papers; --"],
    ['unbalanced filters', 'author:" org: since:yesterday min:-5'],
  ];

  it.each(hostile)('answers %s with a valid message', async (_name, text) => {
    const { id, response } = await h.command('/papers', text);
    expect(response.status).toBe(200);
    const body = response.body === '' ? (await h.replies(id))[0] : (JSON.parse(response.body) as Record<string, unknown>);
    expect(body).toMatchObject({ response_type: 'ephemeral' });
    expect(problemsWith(body)).toBeUndefined();
  });

  it('keeps working after all of them', async () => {
    for (const [, text] of hostile) {
      const { id, response } = await h.command('/papers', text);
      if (response.body === '') await h.replies(id);
    }
    const { id } = await h.command('/papers', 'memory');
    expect(JSON.stringify((await h.replies(id))[0])).toContain('EvoArena');
    expect(h.logs()).not.toContain('slack handler failed');
  });
});
